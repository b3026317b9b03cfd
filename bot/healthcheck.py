"""``python -m bot.healthcheck``: exit 0 when this container's bot answers ``/healthz``.

The Docker HEALTHCHECK: the webhook port in webhook mode, else the metrics port. Standard
library only, so that it starts fast.
"""

from __future__ import annotations

import os
import sys
import urllib.request


def main() -> int:
    webhook = bool(os.environ.get("WEBHOOK_BASE_URL", "").strip())
    port = os.environ.get("WEBHOOK_PORT" if webhook else "METRICS_PORT", "").strip()
    if not port:
        print("no port to check: set METRICS_PORT (polling) or WEBHOOK_PORT", file=sys.stderr)
        return 1
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=4) as reply:
            return 0 if reply.status == 200 else 1
    except OSError as exc:
        print(f"/healthz on port {port}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())

"""An embedded PostgreSQL under a data directory, for runs without ``DATABASE_URL``.

``pgserver`` ships the server binaries in its wheel and, when run as root, drops to an
unprivileged user by itself. Starting is blocking, so callers run it in a thread.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class EmbeddedPostgres:
    """A running embedded server; ``stop()`` shuts it down (also at interpreter exit)."""

    def __init__(self, data_dir: Path) -> None:
        # pgserver logs every subprocess it runs at INFO, and platformdirs warns when
        # XDG_RUNTIME_DIR is unset (as for root); neither helps the user.
        logging.getLogger("pgserver").setLevel(logging.WARNING)
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        from pgserver import get_server  # type: ignore[attr-defined]  # lazy: embedded only

        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        pgdata = data_dir / "pgdata"
        log.info("starting embedded PostgreSQL in %s", pgdata)
        self._server: Any = get_server(pgdata, cleanup_mode="stop")
        self.dsn: str = self._server.get_uri()

    def stop(self) -> None:
        log.info("stopping embedded PostgreSQL in %s", self.data_dir)
        self._server.cleanup()

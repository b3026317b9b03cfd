"""Fault injection between the bot and PostgreSQL: a TCP proxy that can freeze, cut or
refuse, as a hung, killed or stopped server looks from the client's side.

The proxy listens on loopback and forwards each connection to the real test server (by
TCP or by its Unix socket). ``freeze()`` stops forwarding in both directions (bytes are
held, nothing is answered: a server stopped with SIGSTOP); ``thaw()`` delivers what was
held. ``cut()`` closes every open connection (a killed server); ``refuse()`` also closes
each new one at once (a server that is down) until ``restore()``.
``cut_after(marker)`` forwards the next client message holding ``marker`` (``b"COMMIT"``)
to the server, holds all other traffic, and cuts every connection when the server's
answer comes back, without passing it on: the server did the work, the client never
hears of it.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit, urlunsplit


@dataclass
class _Link:
    client: asyncio.StreamWriter
    server: asyncio.StreamWriter
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    cut_on_answer: bool = False  # a marked message went to the server on this link

    def close(self) -> None:
        for writer in (self.client, self.server):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        for task in self.tasks:
            task.cancel()


class FaultProxy:
    def __init__(self, dsn: str) -> None:
        self.upstream = dsn
        parts = urlsplit(dsn)
        query = parse_qs(parts.query)
        self._socket_dir = query.get("host", [None])[0] or (
            parts.hostname if parts.hostname and parts.hostname.startswith("/") else None)
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or int(query.get("port", ["5432"])[0])
        self._user = parts.username or "postgres"
        self._password = parts.password or ""
        self._database = parts.path.lstrip("/") or "postgres"
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._refusing = False
        self._cut_marker: bytes | None = None
        self._cut_skip = 0
        self._down_after_cut = 0.0
        self.links: list[_Link] = []
        self.server: asyncio.Server | None = None
        self.port = 0
        self.cut_count = 0

    @property
    def dsn(self) -> str:
        auth = f"{self._user}:{self._password}@" if self._password else f"{self._user}@"
        return urlunsplit(("postgresql", f"{auth}127.0.0.1:{self.port}",
                           f"/{self._database}", "", ""))

    async def start(self) -> FaultProxy:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        self.thaw()
        self.cut()
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 2)

    # --- faults ---------------------------------------------------------------------------
    def freeze(self) -> None:
        self._flowing.clear()

    def thaw(self) -> None:
        self._flowing.set()

    def cut(self) -> None:
        for link in self.links:
            link.close()
        self.links.clear()
        self.cut_count += 1

    def refuse(self) -> None:
        self._refusing = True
        self.cut()

    def restore(self) -> None:
        self._refusing = False
        self.thaw()

    def cut_after(self, marker: bytes, *, skip: int = 0, down_for: float = 0.0) -> None:
        """Cut at the next client message holding ``marker`` but the first ``skip``;
        then refuse connections for ``down_for`` seconds (a restart)."""
        self._cut_marker = marker
        self._cut_skip = skip
        self._down_after_cut = down_for

    # --- forwarding -----------------------------------------------------------------------
    async def _open_upstream(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._socket_dir:
            return await asyncio.open_unix_connection(
                f"{self._socket_dir}/.s.PGSQL.{self._port}")
        return await asyncio.open_connection(self._host, self._port)

    async def _accept(self, reader: asyncio.StreamReader,
                      writer: asyncio.StreamWriter) -> None:
        if self._refusing:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await self._open_upstream()
        except OSError:
            writer.transport.abort()
            return
        link = _Link(writer, up_writer)
        self.links.append(link)
        link.tasks = [
            asyncio.ensure_future(self._pump(reader, up_writer, link, from_client=True)),
            asyncio.ensure_future(self._pump(up_reader, writer, link, from_client=False)),
        ]

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    link: _Link, *, from_client: bool) -> None:
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                if not from_client and link.cut_on_answer:
                    # The server has done the work and answers: nobody hears it.
                    self._cut_now()
                    return
                await self._flowing.wait()
                if from_client and self._is_marked(data):
                    # Hold every other byte until the server's answer to this message.
                    link.cut_on_answer = True
                    self._flowing.clear()
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            if link in self.links and not from_client:
                link.close()
                self.links.remove(link)

    def _is_marked(self, data: bytes) -> bool:
        marker = self._cut_marker
        if marker is None or marker not in data:
            return False
        if self._cut_skip > 0:
            self._cut_skip -= 1
            return False
        self._cut_marker = None
        return True

    def _cut_now(self) -> None:
        self.cut()
        self._flowing.set()
        if self._down_after_cut > 0:
            self._refusing = True
            asyncio.get_running_loop().call_later(self._down_after_cut, self.restore)

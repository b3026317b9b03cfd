"""The page's files under ``/app/``, with the security headers every Mini App response
carries.

The files are package data (``bot/webapp/static/``), served as they are: no build step.
Each answer says "revalidate" (``no-cache`` with Last-Modified), so a new release shows
at the next open and an unchanged file costs a 304.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Handler

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Scripts only from the page itself and Telegram (telegram-web-app.js); avatars from any
# HTTPS host (Instagram's CDN); the API on the same origin; framed only by Telegram.
CSP = ("default-src 'self'; script-src 'self' https://telegram.org; "
       "img-src 'self' https: data:; style-src 'self'; connect-src 'self'; "
       "frame-ancestors https://web.telegram.org https://*.telegram.org")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
         ".ico": "image/x-icon", ".json": "application/json", ".webp": "image/webp"}


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:  # 404s and redirects carry them too
        exc.headers.update(SECURITY_HEADERS)
        raise
    response.headers.update(SECURITY_HEADERS)
    return response


def static_app(directory: Path = STATIC_DIR) -> web.Application:
    """``/`` is ``index.html``; any other file of ``directory`` by its path. Nothing
    outside ``directory``, no listings, no dot files."""
    root = directory.resolve()

    async def serve(request: web.Request) -> web.StreamResponse:
        name = request.match_info["path"] or "index.html"
        path = (root / name).resolve()
        if (not path.is_relative_to(root) or not path.is_file()
                or any(p.startswith(".") for p in path.relative_to(root).parts)):
            raise web.HTTPNotFound(text="not found")
        response = web.FileResponse(path, headers={
            "Cache-Control": "no-cache",
            "Content-Type": TYPES.get(path.suffix, "application/octet-stream")})
        return response

    app = web.Application(middlewares=[security_headers])
    app.router.add_get("/{path:.*}", serve)
    return app

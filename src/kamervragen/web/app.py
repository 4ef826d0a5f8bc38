"""The application: ``create_app(settings)`` builds the FastAPI app with the Dutch pages (``web.pages``)
and the REST API (``api.routes``).

Around every request: a body-size limit (413 with a clear message before the body is read), security
headers (a strict Content-Security-Policy: the pages need no script), error handlers (bad input → 4xx
with a message, in Dutch on pages, never a 500 for bad parameters), and a response cache for GET
requests that is dropped whenever the database changes (SQLite ``data_version``), which keeps the
case page and search cheap under load. While the database changes, one request per page renders it
again and the others meanwhile get the previous rendering, so readers never queue behind each other.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kamervragen.api.deps import BadInput, Settings, StorePool, today_of
from kamervragen.errors import UserError

log = logging.getLogger("kamervragen.web")
STATIC = Path(__file__).resolve().parent / "static"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
CACHE_ENTRIES = 2000
CACHE_MAX_BODY = 2 * 1024 * 1024


class BodyTooLarge(Exception):
    pass


class GuardMiddleware:
    """Pure ASGI: request size limit, security headers and the GET response cache."""

    def __init__(self, app: Any, settings: Settings, pool: StorePool, csp: bool = True):
        self.app = app
        self.settings = settings
        self.pool = pool
        self.csp = csp
        # only touched from the event loop of this process: no lock needed
        self._cache: OrderedDict[tuple, tuple[int, int, list, bytes]] = OrderedDict()
        self._inflight: dict[tuple, asyncio.Event] = {}

    def _headers(self, headers: list[tuple[bytes, bytes]], path: str = "") -> list[tuple[bytes, bytes]]:
        extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                 (b"x-frame-options", b"DENY")]
        if self.csp and path != "/api/docs":  # Swagger UI runs scripts from its CDN
            extra.append((b"content-security-policy", CSP.encode()))
        return list(headers) + extra

    async def _send_error(self, send: Any, status: int, message: str, api: bool) -> None:
        import json

        if api:
            body = json.dumps({"detail": message}, ensure_ascii=False).encode()
            ctype = b"application/json"
        else:
            from markupsafe import escape

            body = (f"<!doctype html><html lang=nl><meta charset=utf-8><title>Fout {status}</title>"
                    f"<h1>Fout {status}</h1><p>{escape(message)}</p><p><a href=\"/\">Naar de startpagina</a></p>").encode()
            ctype = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": status,
                    "headers": self._headers([(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                                              (b"connection", b"close")])})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        api = path.startswith("/api")
        limit = self.settings.max_body
        too_large = f"Het verzoek is te groot: hoogstens {limit // (1024 * 1024) or 1} MB ({limit} bytes)."
        request_headers = dict(scope.get("headers") or [])
        length = request_headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await self._send_error(send, 400, "Ongeldige Content-Length.", api)
                return
            if declared > limit:
                await self._send_error(send, 413, too_large, api)
                return

        method = scope.get("method")
        key = None
        generation = None
        flight: asyncio.Event | None = None
        if method in ("GET", "HEAD") and self.settings.response_cache:
            today = self.settings.today or date.today().isoformat()
            # the Host header is part of the key: pages and feeds print absolute URLs built from it
            key = (method, request_headers.get(b"host"), path, scope.get("query_string", b""), today)
            generation = self.pool.generation()
            if generation is not None:
                hit = self._cache.get(key)
                if hit is not None and hit[0] != generation and key in self._inflight:
                    # the database changed and another request is already rendering this page:
                    # answer with the previous rendering rather than render it again in parallel
                    await self._replay(send, hit, method)
                    return
                if hit is None and key in self._inflight:
                    await self._inflight[key].wait()
                    hit = self._cache.get(key)
                if hit is not None and hit[0] == generation:
                    self._cache.move_to_end(key)
                    await self._replay(send, hit, method)
                    return
                if key not in self._inflight:
                    flight = self._inflight[key] = asyncio.Event()

        received = 0
        too_big = False  # FastAPI turns a failed body read into its own 400: answer 413 instead

        async def limited_receive() -> dict:
            nonlocal received, too_big
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_big = True
                    raise BodyTooLarge
            return message

        started = False
        status = 0
        headers: list = []
        chunks: list[bytes] = []
        cacheable = key is not None and generation is not None

        async def guarded_send(message: dict) -> None:
            nonlocal started, status, headers, cacheable
            if too_big:
                if not started:
                    started = True
                    await self._send_error(send, 413, too_large, api)
                return
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                headers = self._headers(message.get("headers") or [], path)
                message = dict(message, headers=headers)
                if status != 200 or any(k == b"cache-control" and b"no-store" in v for k, v in headers):
                    cacheable = False
            elif message["type"] == "http.response.body" and cacheable:
                chunks.append(message.get("body", b""))
                if sum(len(c) for c in chunks) > CACHE_MAX_BODY:
                    cacheable = False
                    chunks.clear()
                elif not message.get("more_body"):
                    self._cache[key] = (generation, status, headers, b"".join(chunks))
                    while len(self._cache) > CACHE_ENTRIES:
                        self._cache.popitem(last=False)
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await self._send_error(send, 413, too_large, api)
        finally:
            if flight is not None:
                self._inflight.pop(key, None)
                flight.set()

    async def _replay(self, send: Any, hit: tuple[int, int, list, bytes], method: str) -> None:
        await send({"type": "http.response.start", "status": hit[1], "headers": hit[2]})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else hit[3]})


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    from kamervragen.api.messages import dutch

    message = dutch(message)  # the stages below write English for the CLI; the API and the pages speak Dutch
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    templates = request.app.state.templates
    try:
        today = today_of(request).isoformat()
    except (BadInput, ValueError):  # the bad ?today= may be the very error shown
        today = date.today().isoformat()
    html = templates.get_template("error.html").render(status=status, message=message, request=request, today=today)
    return HTMLResponse(html, status_code=status, headers=headers)


def create_app(settings: Settings | None = None, *, csp: bool = True) -> FastAPI:
    """The web UI and the REST API on the database of ``settings`` (default: from the environment)."""
    from kamervragen import __version__
    from kamervragen.api.routes import router as api_router
    from kamervragen.web.pages import router as page_router
    from kamervragen.web.render import make_env

    settings = settings or Settings.from_env()
    pool = StorePool(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()

    app = FastAPI(title="Kamervragen", version=__version__, lifespan=lifespan,
                  description="Schriftelijke Kamervragen: cases, documents, questions and answers, search, "
                              "similar earlier questions, statistics, parsing and the answer kit.",
                  openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None)
    app.state.settings = settings
    app.state.pool = pool
    app.state.templates = make_env()

    @app.exception_handler(BadInput)
    async def bad_input(request: Request, exc: BadInput) -> Response:
        return _error_response(request, 400, str(exc))

    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> Response:
        return _error_response(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "Deze pagina bestaat niet."
        if exc.status_code == 404 and message == "Not Found":
            message = "Deze pagina bestaat niet."
        elif exc.status_code == 405:
            message = "Deze methode is hier niet toegestaan."
        return _error_response(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                      for e in exc.errors()]
            return JSONResponse({"detail": errors}, status_code=422)
        from kamervragen.api.messages import validation_nl

        parts = [validation_nl(e) for e in exc.errors()[:3]]
        return _error_response(request, 400, "Ongeldige invoer (" + "; ".join(parts) + ").")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return _error_response(request, 500, "Er ging iets mis op de server.")

    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(GuardMiddleware, settings=settings, pool=pool, csp=csp)
    return app

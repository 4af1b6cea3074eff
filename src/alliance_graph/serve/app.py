"""The read-only HTTP server over the built store: SPARQL 1.1 Protocol at ``/sparql``, the named questions at
``/queries``, and a linked-data page for every IRI under the project's base.

The front end is one asyncio process (Starlette on uvicorn) that parses requests, negotiates nothing heavier
than a cache lookup, and hands each query to a pool of worker processes (``endpoint_pool``), so a query past the
time limit can be stopped by killing its worker. Answers are cached by (request, format): the store never changes
while the server runs.

>>> app = create_app(Path("build/store"), ServerConfig())  # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from cachetools import LRUCache
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from alliance_graph import iris
from alliance_graph.errors import QueryError
from alliance_graph.queries.catalogue import NamedQuery, bind, named_queries, resolve
from alliance_graph.serve.pages import queries_json, queries_page, start_page
from alliance_graph.serve.pool import WorkerPool
from alliance_graph.serve.results import error_page
from alliance_graph.serve.search import search_handler
from alliance_graph.serve.served import served_graph
from alliance_graph.serve.views import views_route
from alliance_graph.serve.worker import VOID_QUERY, PageJob, QueryJob, Reply

log = logging.getLogger(__name__)

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
#: Sent with every HTML page: nothing but inline style and forms to this server.
HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class ServerConfig:
    """Options of ``alliance-graph serve``.

    Attributes:
        host, port: where to listen (loopback unless told otherwise).
        timeout: seconds a query may run (waiting for a free worker included) before it is stopped.
        max_results: most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) one answer may hold.
        allow_service: hosts (or host:port) that SERVICE may call; empty: federation is off.
        cors: origins allowed to call from a browser (``*`` for any); empty: no CORS headers.
        workers: query worker processes (0: one per CPU, at least 2).
        cache_mb: megabytes of serialised answers kept (0: no cache).
        in_memory: each worker copies the built store into memory (faster) instead of querying it on disk.
        max_url: longest request target (path and query string) in bytes; longer gets 414.
        max_body: largest POST body in bytes; larger gets 413.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    max_results: int = 100_000
    allow_service: tuple[str, ...] = ()
    cors: tuple[str, ...] = ()
    workers: int = 0
    cache_mb: int = 64
    in_memory: bool = True
    max_url: int = 16 * 1024
    max_body: int = 1024 * 1024
    log_level: str = "warning"

    @property
    def worker_count(self) -> int:
        """The number of query workers to start."""
        return self.workers if self.workers > 0 else max(2, os.cpu_count() or 1)


class Refused(Exception):
    """A request the server answers with ``status`` and a plain-text ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def text_response(status: int, message: str) -> Response:
    """A plain-text response; ``nosniff`` keeps browsers from reading echoed input as HTML."""
    return PlainTextResponse(message.rstrip() + "\n", status, headers={"x-content-type-options": "nosniff"})


def parse_params(raw: bytes, where: str) -> dict[str, list[str]]:
    """Parse a query string or form body strictly: UTF-8 only, at most 1000 fields.

    >>> parse_params(b"query=ASK%20%7B%7D&default-graph-uri=urn%3Ag", "query string")
    {'query': ['ASK {}'], 'default-graph-uri': ['urn:g']}

    Raises:
        Refused: 400 if the text or a %-escape in it is not UTF-8, or there are too many fields.
    """
    try:
        text = raw.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=1000)
    except UnicodeDecodeError as err:
        raise Refused(400, f"the {where} is not valid UTF-8 (byte {err.start})") from err
    except ValueError as err:
        raise Refused(400, f"the {where} cannot be read: {err}") from err
    params: dict[str, list[str]] = {}
    for key, value in pairs:
        params.setdefault(key, []).append(value)
    return params


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise Refused(400, f"parameter '{name}' is given {len(values)} times; give it once")
    return values[0]


class _Limits:
    """ASGI middleware: 414 for an over-long request target, before any routing."""

    def __init__(self, app: ASGIApp, max_url: int) -> None:
        self.app = app
        self.max_url = max_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string") or b"")
            if size > self.max_url:
                message = (
                    f"the request URL is {size} bytes; this server takes at most {self.max_url}: "
                    "POST long queries to /sparql instead"
                )
                await text_response(414, message)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Endpoint:
    """The request handlers, the worker pool and the answer cache of one server."""

    def __init__(self, store: Path, config: ServerConfig) -> None:
        self.config = config
        self.store = store
        self.pool = WorkerPool(
            store,
            config.worker_count,
            {
                "max_results": config.max_results,
                "allow_service": list(config.allow_service),
                "log_level": config.log_level.upper(),
                "in_memory": config.in_memory,
            },
        )
        self.cache: LRUCache[Any, Reply] = LRUCache(maxsize=max(1, config.cache_mb * 1024 * 1024), getsizeof=_size)
        self.queries: dict[str, NamedQuery] = named_queries()
        settings = {
            "timeout": f"{config.timeout:g}",
            "max_results": config.max_results,
            "allow_service": config.allow_service,
        }
        self.served = served_graph(store)  # curated, or with which imports (serve --with atop,cow)
        self.index = start_page(self.queries, settings, self.served)
        self.queries_html = queries_page(self.queries)
        self.queries_json = json.dumps(queries_json(self.queries), ensure_ascii=False, indent=1).encode("utf-8")

    # --- answering ---------------------------------------------------------------------------------------

    async def answer(self, key: tuple[Any, ...], job: QueryJob | PageJob) -> Response:
        """The cached answer for ``key``, else run ``job`` on a worker (and keep a cacheable answer)."""
        reply = self.cache.get(key)
        if reply is None:
            reply = await self.pool.run(job, self.config.timeout)
            keep = reply.cacheable and self.config.cache_mb > 0
            if keep and _size(reply) <= self.cache.maxsize // 8:
                self.cache[key] = reply
        return self.response(reply)

    def response(self, reply: Reply) -> Response:
        """The HTTP response for a worker's reply: negotiated, never sniffed, HTML locked down."""
        headers = {"vary": "Accept", "x-content-type-options": "nosniff"}
        if reply.content_type.startswith("text/html"):
            headers["content-security-policy"] = HTML_POLICY
        return Response(reply.body, reply.status, headers=headers, media_type=reply.content_type)

    # --- routes ------------------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        """``GET /``: the start page (rendered once, at start)."""
        return Response(self.index, headers={"content-security-policy": HTML_POLICY}, media_type=HTML)

    async def sparql(self, request: Request) -> Response:
        """SPARQL 1.1 Protocol: query by GET, by POST form or by POST ``application/sparql-query``."""
        params = parse_params(request.scope.get("query_string", b""), "query string")
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
            body = await self._body(request)
            if media == "application/x-www-form-urlencoded":
                for key, values in parse_params(body, "request body").items():
                    params.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                if "query" in params:
                    raise Refused(400, "give the query either in the body or as the 'query' parameter, not both")
                try:
                    params["query"] = [body.decode("utf-8")]
                except UnicodeDecodeError as err:
                    raise Refused(400, f"the request body is not valid UTF-8 (byte {err.start})") from err
            else:
                raise Refused(
                    415,
                    f"cannot read a POST body of type '{media or 'none'}': send application/x-www-form-urlencoded "
                    "(query=...) or application/sparql-query",
                )
        if "update" in params:
            raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
        query = _single(params, "query")
        if query is None:
            if "text/html" in request.headers.get("accept", ""):
                return await self.home(request)
            raise Refused(
                400,
                "no query: give one as the 'query' parameter (GET or POST form) or POST it as application/sparql-query",
            )
        if not query.strip():
            raise Refused(400, "the query is empty")
        defaults = tuple(params["default-graph-uri"]) if "default-graph-uri" in params else None
        named = tuple(params["named-graph-uri"]) if "named-graph-uri" in params else None
        accept = request.headers.get("accept")
        formats = params.get("format")
        wanted = formats[-1] if formats else None  # SPARQLWrapper may send it more than once
        job = QueryJob(query, default_graphs=defaults, named_graphs=named, accept=accept, wanted=wanted)
        return await self.answer(("sparql", query, defaults, named, accept, wanted), job)

    async def _body(self, request: Request) -> bytes:
        length = request.headers.get("content-length")
        limit = self.config.max_body
        if length and length.isdigit() and int(length) > limit:
            raise Refused(413, f"the request body is {length} bytes; this server takes at most {limit}")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise Refused(413, f"the request body is over {limit} bytes, the most this server takes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def list_queries(self, request: Request) -> Response:
        """``GET /queries``: the named questions, as HTML for browsers and JSON otherwise."""
        accept = request.headers.get("accept", "")
        wanted = _single(parse_params(request.scope.get("query_string", b""), "query string"), "format")
        if wanted == "html" or (wanted is None and "text/html" in accept):
            return Response(self.queries_html, headers={"content-security-policy": HTML_POLICY}, media_type=HTML)
        return Response(self.queries_json, media_type="application/json", headers={"vary": "Accept"})

    async def run_query(self, request: Request) -> Response:
        """``GET /queries/{name}?param=value``: run a named question; parameters are bound, never pasted."""
        name = request.path_params["name"]
        params = parse_params(request.scope.get("query_string", b""), "query string")
        values = {key: _single(params, key) or "" for key in params}
        wanted = values.pop("format", None)
        named = self.queries.get(name)
        if named is None:
            raise Refused(404, _unknown_query(name))
        accept = request.headers.get("accept")
        try:
            bound = bind(named, dict(values))
        except (QueryError, ValueError) as err:  # ValueError: pyoxigraph refuses a malformed IRI
            message = str(err) if isinstance(err, QueryError) else f"query '{name}': {err}"
            if wanted == "html" or (wanted is None and "text/html" in (accept or "")):
                page = error_page(message, named.text, named, values)  # the form comes back as it was filled in
                return Response(page, 400, headers={"content-security-policy": HTML_POLICY}, media_type=HTML)
            raise Refused(400, message) from err
        job = QueryJob(
            named.text,
            substitutions=bound,
            accept=accept,
            wanted=wanted,
            title=f"{named.name}: {named.question}",
            drop=tuple(p.name for p in named.parameters),
            name=named.name,
            values=tuple(sorted(values.items())),
        )
        key = ("named", name, tuple(sorted(values.items())), accept, wanted)
        return await self.answer(key, job)

    async def resource(self, request: Request) -> Response:
        """Any other GET: the linked-data page of the project's IRI this path names (or the VoID description)."""
        path = request.path_params["path"]
        wanted = _single(parse_params(request.scope.get("query_string", b""), "query string"), "format")
        iri = iris.BASE + path
        accept = request.headers.get("accept")
        if path in ("void", ".well-known/void"):  # VoID (section 7.2): the description of the graph, its counts
            return await self.answer(("void", accept, wanted), QueryJob(VOID_QUERY, accept=accept, wanted=wanted))
        return await self.answer(("page", iri, accept, wanted), PageJob(iri, accept, wanted))

    # --- errors ------------------------------------------------------------------------------------------

    async def refused(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return text_response(exc.status, exc.message)

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "GET")
            response = text_response(
                405,
                f"{request.method} is not allowed on {request.url.path}: this server is read-only (allowed: {allowed})",
            )
            response.headers["allow"] = allowed
            return response
        return text_response(exc.status_code, str(exc.detail))

    async def crashed(self, request: Request, exc: Exception) -> Response:
        # Starlette re-raises after this response, so the server logs the traceback; the client never sees it.
        return text_response(500, "internal server error; the server goes on answering")

    # --- the app -----------------------------------------------------------------------------------------

    def app(self) -> Starlette:
        """The ASGI application; its lifespan starts and stops the worker pool."""

        @asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            await self.pool.start()
            log.info("%d query workers ready", self.pool.size)
            try:
                yield
            finally:
                await self.pool.close()

        middleware = [Middleware(_Limits, max_url=self.config.max_url)]
        if self.config.cors:
            middleware.append(
                Middleware(
                    CORSMiddleware,
                    allow_origins=list(self.config.cors),
                    allow_methods=["GET", "POST"],
                    allow_headers=["Accept", "Content-Type"],
                    max_age=600,
                )
            )
        routes = [
            Route("/", self.home, methods=["GET"]),
            Route("/sparql", self.sparql, methods=["GET", "POST"]),
            Route("/queries", self.list_queries, methods=["GET"]),
            Route("/queries/{name}", self.run_query, methods=["GET"]),
            Route("/search", search_handler(self.store), methods=["GET"]),
            Route("/views/{name}", views_route(self.store), methods=["GET"]),
            Route("/{path:path}", self.resource, methods=["GET"]),
        ]
        handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
            Refused: self.refused,
            HTTPException: self.http_error,
            Exception: self.crashed,
        }
        return Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers=handlers)


def _size(reply: Reply) -> int:
    return len(reply.body) + 200


def _unknown_query(name: str) -> str:
    """The same message as the command line's for an unknown query name."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", name) and not re.fullmatch(r"(?i)select|ask|construct|describe", name):
        try:
            resolve(name)
        except QueryError as err:
            return str(err)
    return f"unknown query '{name}'; GET /queries lists them"


def create_app(store: Path, config: ServerConfig) -> Starlette:
    """The ASGI app serving the read-only store at ``store`` (made by ``alliance-graph build``; with the imports,
    ``build --with atop,cow`` makes ``build/with-atop-cow/store``); the workers and the pages all read that store."""
    return Endpoint(store, config).app()


def serve(store: Path, config: ServerConfig) -> None:
    """Serve ``store`` over HTTP until interrupted (uvicorn, with uvloop and httptools when installed).

    Raises:
        OSError: the address is in use or cannot be bound.
    """
    import uvicorn

    log.info("serving %s on http://%s:%d/ with %s", store, config.host, config.port, asdict(config))
    uvicorn.run(
        create_app(store, config),
        host=config.host,
        port=config.port,
        loop="auto",
        http="auto",
        log_level=config.log_level,
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=5,
    )

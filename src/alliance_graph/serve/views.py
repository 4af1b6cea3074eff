"""``GET /views/{name}?param=value``: every view of ``alliance-graph view``, served as its page.

Pages are built in this process from the same read-only store the workers query (in a thread, one at a time,
so the event loop keeps answering), cached by view and parameters, and sent with a content security policy
that lets their inline script run and forbids every request: the page stays as self-contained as the file.
Things in a served page link to their linked-data pages (``/id/...``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import parse_qsl

from cachetools import LRUCache
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from alliance_graph.api import KnowledgeGraph
from alliance_graph.errors import QueryError
from alliance_graph.paths import Project
from alliance_graph.pipeline.store import open_store
from alliance_graph.views import network, output

log = logging.getLogger(__name__)

#: Inline script and style only; no fetch, image, font or frame from anywhere.
VIEW_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
CACHED_PAGES = 32


class ViewPages:
    """The view pages of one store."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self._kg: KnowledgeGraph | None = None
        self._lock = asyncio.Lock()
        self.cache: LRUCache[tuple[str, tuple[tuple[str, str], ...]], bytes] = LRUCache(maxsize=CACHED_PAGES)

    def kg(self) -> KnowledgeGraph:
        if self._kg is None:
            self._kg = KnowledgeGraph(Project(self.store.parent.parent, self.store.parent), open_store(self.store))
        return self._kg

    def build(self, name: str, params: dict[str, object]) -> bytes:
        """The page of view ``name`` with ``params`` (linked to the linked-data pages)."""
        return output.render(self.kg(), name, params, linked_data=True).encode("utf-8")

    async def page(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in network.VIEWS:
            return PlainTextResponse(f"unknown view '{name}'; views: {', '.join(network.view_names())}", 404)
        pairs = parse_qsl(request.url.query, keep_blank_values=False)
        params: dict[str, object] = dict(pairs)
        if len(params) != len(pairs):
            return PlainTextResponse("each parameter may be given once", 400)
        key = (name, tuple(sorted((k, str(v)) for k, v in params.items())))
        body = self.cache.get(key)
        if body is None:
            try:
                output.check(name, params)
                async with self._lock:
                    body = await asyncio.to_thread(self.build, name, params)
            except QueryError as error:
                return PlainTextResponse(f"{error}\n", 400)
            self.cache[key] = body
        headers = {"content-security-policy": VIEW_POLICY, "x-content-type-options": "nosniff"}
        return Response(body, 200, headers=headers, media_type="text/html; charset=utf-8")


def views_route(store: Path) -> Callable[[Request], Awaitable[Response]]:
    """The handler of ``/views/{name}`` for the store at ``store``."""
    return ViewPages(store).page

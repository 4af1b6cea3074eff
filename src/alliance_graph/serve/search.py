"""``GET /search?q=``: find things by name (HTML for browsers, JSON otherwise), answered in the front-end process
from the name index the build saved beside the store (``pipeline/index.py``); no worker, no SPARQL."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from alliance_graph.pipeline.index import build_index, read_index
from alliance_graph.pipeline.store import open_store
from alliance_graph.queries.find import Match, NameIndex
from alliance_graph.serve.pages import local_path, render

#: Sent with the HTML page (the same policy as every other page of the endpoint).
POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
MAX_LIMIT = 200


def _view(match: Match) -> dict[str, Any]:
    e = match.entry
    others = [lb for lb in e.labels if lb.text != e.label]
    return {
        "href": local_path(e.iri),
        "curie": e.curie,
        "iri": e.iri,
        "label": e.label,
        "kind": e.kind,
        "types": ", ".join(e.types),
        "matched": match.matched,
        "how": match.how,
        "others": others[:8],
        "start": match.start(),
        "end": match.end(),
    }


def search_page(text: str, kind: str, lang: str, matches: list[Match]) -> bytes:
    """The HTML of a search: the form (kept filled in) and the matches, each linked to its page."""
    return render(
        "search.html", title=f"Search: {text}" if text else "Search", q=text, kind=kind, lang=lang,
        matches=[_view(m) for m in matches],
    )  # fmt: skip


def search_handler(store: Path) -> Callable[[Request], Awaitable[Response]]:
    """The ``/search`` handler over the build whose store is at ``store`` (its index is ``store/../names.json``;
    if missing, it is made from the store on the first search)."""
    loaded: list[NameIndex] = []

    def index() -> NameIndex:
        if not loaded:
            saved = read_index(store.parent)
            loaded.append(saved if saved is not None else build_index(open_store(store)))
        return loaded[0]

    async def search(request: Request) -> Response:
        try:
            params = dict(parse_qsl(request.url.query, keep_blank_values=True, errors="strict"))
        except (UnicodeDecodeError, ValueError) as err:
            return _text(400, f"the query string cannot be read: {err}")
        text = params.get("q", "").strip()
        kind = params.get("kind", "").strip()
        lang = params.get("lang", "").strip()
        wanted = params.get("format")
        html = wanted == "html" or (wanted is None and "text/html" in request.headers.get("accept", ""))
        if wanted not in (None, "html", "json"):
            return _text(400, f"unknown format '{wanted}': use html or json")
        try:
            limit = int(params.get("limit", "50"))
        except ValueError:
            return _text(400, f"limit must be a whole number, not '{params['limit']}'")
        if not 0 < limit <= MAX_LIMIT:
            return _text(400, f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
        if not text and not html:
            return _text(400, "give a name to look for: /search?q=NAME (optional kind=, lang=, limit=)")
        matches = index().search(text, kind=kind or None, lang=lang or None, limit=limit) if text else []
        if html:
            body = search_page(text, kind, lang, matches)
            return Response(body, media_type="text/html; charset=utf-8", headers={"content-security-policy": POLICY})
        data = {"q": text, "kind": kind or None, "lang": lang or None, "matches": [m.to_json() for m in matches]}
        return Response(json.dumps(data, ensure_ascii=False).encode("utf-8"), media_type="application/json")

    return search


def _text(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status, headers={"x-content-type-options": "nosniff"})

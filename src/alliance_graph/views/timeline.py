"""The timeline view: :func:`alliance_graph.views.charts.report` as a self-contained HTML page, PNG or SVG.

The HTML page holds the chart as inline SVG, its text as SVG ``<text>`` (escaped by matplotlib, so no label reaches
the page as markup; the page's language switch rewrites the bar labels) and lists every source the facts and figures
cite, as links with title and publisher. Nothing is fetched. Each bar carries an id (``bar-N``, its label
``bar-N-label``), and the page holds the bars' names, dates at their precision and sources as HTML-safe JSON, so the
page's controls, shared with the graph views (``templates/view-common.js``), work on the chart: search over every
name (en/nl/fr/de) highlights and scrolls to the bars, a language switch names the bars and the panel in
en/nl/fr/de, a year slider keeps the bars ongoing that year and draws the year on the chart, a click opens the
details panel with the sources as links.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import matplotlib

from alliance_graph.errors import QueryError
from alliance_graph.files import write_atomically
from alliance_graph.views import charts
from alliance_graph.views.labels import labels_by_language, names_from_rows, search_terms
from alliance_graph.views.network import LABELS_QUERY, NODES_QUERY, Source, source_catalogue
from alliance_graph.views.page import TEMPLATE_DIR, ViewHTML, embed, source_ids

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from alliance_graph.api import KnowledgeGraph

log = logging.getLogger(__name__)

FORMATS = ("html", "png", "svg")
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True)


def svg(fig: Figure, *, text: bool = False) -> str:
    """The figure as SVG text without a date stamp (the same figure gives the same text); ``text``: its text as
    ``<text>`` elements (a page can rewrite them), else as paths."""
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none" if text else "path"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def axis(fig: Figure) -> dict[str, list[float]]:
    """Where the shared time axis lies in the SVG (points, as the SVG's viewBox), once the figure is drawn.

    ``x``: the left and right ends of the axes; ``days``: the dates there (matplotlib's days since 1970-01-01);
    ``y``: the top of the first axes and the bottom of the last, between which the page draws the chosen year.
    """
    width, height = (float(v) * 72 for v in fig.get_size_inches())
    first, last = fig.axes[0].get_position(), fig.axes[-1].get_position()
    return {"x": [round(first.x0 * width, 2), round(first.x1 * width, 2)],
            "days": [round(float(d), 2) for d in fig.axes[0].get_xlim()],
            "y": [round((1 - first.y1) * height, 2), round((1 - last.y0) * height, 2)]}


def page_data(kg: KnowledgeGraph, bars: list[charts.Bar], catalogue: dict[str, Source]) -> dict[str, Any]:
    """What the page's controls work on: each bar's names, dates at their precision and sources; the years."""
    names = names_from_rows(kg.ask(LABELS_QUERY))
    sources: dict[str, dict[str, str]] = {}
    items: list[dict[str, Any]] = [{
        "id": bar.gid, "thing": bar.thing, "fact": bar.fact, "kind": bar.kind, "framework": bar.framework,
        "start": bar.dates[0], "end": bar.dates[1],
        "names": labels_by_language(names.get(bar.thing), bar.label),
        "search": search_terms(names.get(bar.thing), bar.label),
        "sources": source_ids((catalogue[c] for c in bar.sources if c in catalogue), sources),
    } for bar in bars]
    years = [int(d[:4]) for item in items for d in (item["start"], item["end"]) if d]
    return {"bars": items, "sources": dict(sorted(sources.items())),
            "span": [min(years), max(years)] if years else None}


def render(kg: KnowledgeGraph, state: str = "state:belgium", *, title: str = "") -> ViewHTML:
    """The timeline page of ``state``: the chart, its controls (search, year, details) and its sources."""
    fig, bars, cited = charts.report(kg, state, titled=False, page=True)
    chart = svg(fig, text=True).split("?>", 1)[-1]
    catalogue = source_catalogue(kg.ask(NODES_QUERY))
    data = {**page_data(kg, bars, catalogue), "axis": axis(fig)}
    sources = [catalogue[c] for c in cited if c in catalogue]
    page = _ENV.get_template("timeline.html").render(
        heading=title, chart=chart, sources=sources, count=len(cited), data=embed(data), facts=len(bars)
    )
    return ViewHTML(page)


def write(kg: KnowledgeGraph, path: str | Path, state: str = "state:belgium", *, fmt: str = "html",
          title: str = "") -> Path:
    """Write the timeline view of ``state`` to ``path`` as HTML, PNG or SVG (atomically); return the path.

    Raises:
        QueryError: an unknown format.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS)}")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        write_atomically(target, render(kg, state, title=title))
    else:
        fig, _, _ = charts.report(kg, state)
        tmp = target.with_name(f".{target.name}.tmp")
        fig.savefig(tmp, format=fmt, dpi=110, metadata={"Software": None} if fmt == "png" else {"Date": None})
        tmp.replace(target)
    target.chmod(0o644)
    log.info("wrote %s", target)
    return target

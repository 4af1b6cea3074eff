"""The timeline view: :func:`alliance_graph.views.charts.report` as a self-contained HTML page, PNG or SVG.

The HTML page holds the chart as inline SVG (matplotlib draws text as paths, so no label reaches the page as
markup) and lists every source the facts and figures cite, as links with title and publisher. Nothing is fetched.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from alliance_graph.errors import QueryError
from alliance_graph.files import write_atomically
from alliance_graph.views import charts
from alliance_graph.views.network import NODES_QUERY, source_catalogue
from alliance_graph.views.page import TEMPLATE_DIR, ViewHTML

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from alliance_graph.api import KnowledgeGraph

log = logging.getLogger(__name__)

FORMATS = ("html", "png", "svg")
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True)


def svg(fig: Figure) -> str:
    """The figure as SVG text without a date stamp (the same figure gives the same text)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def render(kg: KnowledgeGraph, state: str = "state:belgium", *, title: str = "") -> ViewHTML:
    """The timeline page of ``state``: the chart and its sources."""
    fig, cited = charts.report(kg, state, titled=False)
    catalogue = source_catalogue(kg.ask(NODES_QUERY))
    sources = [catalogue[c] for c in cited if c in catalogue]
    page = _ENV.get_template("timeline.html").render(
        heading=title, chart=svg(fig).split("?>", 1)[-1], sources=sources, count=len(cited)
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
        fig, _ = charts.report(kg, state)
        tmp = target.with_name(f".{target.name}.tmp")
        fig.savefig(tmp, format=fmt, dpi=110, metadata={"Software": None} if fmt == "png" else {"Date": None})
        tmp.replace(target)
    target.chmod(0o644)
    log.info("wrote %s", target)
    return target

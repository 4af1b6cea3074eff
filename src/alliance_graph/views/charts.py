"""Charts for reports, drawn with matplotlib: a state's memberships, agreements and missions as bars over time,
and its defence spending as a share of GDP against NATO's 2% guideline and the successive targets.

Charts ask named questions (``view-timeline``, ``view-spending``, ``spending-targets-of-state``,
``view-labels``) through :meth:`KnowledgeGraph.ask`; they never run SPARQL themselves. Each figure has labelled
axes with units and a source line naming the series it draws.

>>> fig = timeline(alliance_graph.open(), state="state:belgium")  # doctest: +SKIP
>>> fig.savefig("belgium-timeline.png")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")  # no display: charts are files
import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.textpath import TextToPath

from alliance_graph import iris
from alliance_graph.queries.rows import Value
from alliance_graph.views.labels import LANGUAGES, Names, names_from_rows, short_label
from alliance_graph.views.network import format_date

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from alliance_graph.api import KnowledgeGraph

log = logging.getLogger(__name__)

#: NATO's guideline: 2% of GDP on defence, agreed by defence ministers in 2006.
GUIDELINE = 2.0
GUIDELINE_YEAR = 2006
KINDS = (("membership", "Memberships", "#f28e2b"), ("agreement", "Agreements", "#59a14f"),
         ("mission", "Missions", "#4e79a7"))
FRAMEWORK_COLOURS = {"United Nations": "#5b9bd5", "NATO": "#1f3a93", "European Union": "#d4a20b",
                     "Western European Union": "#2a9d8f", "coalition": "#ff9da7", "national": "#6bbf59",
                     "multinational task force": "#8a8179"}
#: Where the time axis starts, and the share of a figure's width it takes (a little less than it does, so a bar
#: keeps its lane a little longer than its label runs).
AXIS_START = datetime.date(1940, 1, 1)
AXIS_SHARE = 0.76
#: On the timeline page the bar labels are larger (9 pt, 12 px at the page's width) and each lane this tall (inches).
PAGE_LABEL_SIZE = 9.0
#: The spending chart's notes (guideline, targets, legend) and the source line: in print, and on the page (12 px).
NOTE_SIZE = 7.0
PAGE_NOTE_SIZE = 9.0
PAGE_LANE_INCHES = 0.2
matplotlib.rcParams.update({"svg.hashsalt": "alliance-graph", "font.size": 9, "axes.titlesize": 11})


@dataclass
class Bar:
    """One fact drawn as a bar: what, from when to when (``end`` None: ongoing), its colour and sources.

    ``thing`` and ``fact`` are CURIEs, ``dates`` the start and end at their precision (``"1955"``, ``"2006-10"``),
    ``gid`` the id the bar (and ``gid-label``, its label) carries in SVG output. ``widest`` is the longest of the
    label's languages (en/nl/fr/de): the room kept for it, so a page can switch language without overlaps.
    """

    kind: str
    label: str
    start: datetime.date
    end: datetime.date | None
    colour: str
    sources: tuple[str, ...] = ()
    thing: str = ""
    fact: str = ""
    dates: tuple[str, str] = ("", "")
    framework: str = ""
    gid: str = ""
    widest: str = ""


_TEXT = TextToPath()


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: float) -> float:
    """The width of ``text`` drawn at ``size`` points in matplotlib's default font, in points."""
    return float(_TEXT.get_text_width_height_descent(text, FontProperties(size=size), ismath=False)[0])


@dataclass(frozen=True)
class Room:
    """How long a bar label runs on the time axis: ``days`` per point of its width, drawn at ``size`` points."""

    days: float
    size: float

    @classmethod
    def on(cls, limit: datetime.date, width: float, size: float) -> Room:
        """The room on a time axis from :data:`AXIS_START` to ``limit`` in a figure ``width`` inches wide."""
        return cls((limit - AXIS_START).days / (width * 72 * AXIS_SHARE), size)

    def of(self, bar: Bar) -> datetime.timedelta:
        """How long the widest of the bar's labels runs (with the 40 days it stands off its bar)."""
        return datetime.timedelta(days=self.days * text_width(bar.widest or bar.label, self.size) + 40)


#: 30 days a point of a 6-point label: about a 11-inch figure over 80 years.
SMALL_ROOM = Room(30, 6.0)


@dataclass
class Spending:
    """A state's spending series: preferred points, rival estimates, targets, and who estimated which."""

    preferred: list[tuple[int, float, str]] = field(default_factory=list)
    rivals: list[tuple[int, float, str]] = field(default_factory=list)
    targets: list[tuple[int, float, str]] = field(default_factory=list)
    sources: tuple[str, ...] = ()


def _names(kg: KnowledgeGraph) -> dict[str, Names]:
    return names_from_rows(kg.ask("view-labels"))


def _short(names: Mapping[str, Names], iri: Value, lang: str = "en") -> str:
    curie = iris.compact(str(iri))
    return short_label(names.get(curie, Names()), lang, curie)


def _split(value: Value) -> tuple[str, ...]:
    return tuple(iris.compact(s) for s in str(value or "").split())


def _x(day: datetime.date) -> float:
    """A date as a position on matplotlib's date axis."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _mid(year: int) -> float:
    return _x(datetime.date(year, 7, 1))


def _date(value: Value) -> datetime.date | None:
    return value if isinstance(value, datetime.date) else None


def bars(rows: Iterable[Mapping[str, Value]], names: Mapping[str, Names]) -> list[Bar]:
    """The bars of ``view-timeline`` rows, in the order of the rows (kind, start)."""
    out: list[Bar] = []
    for row in rows:
        start = _date(row.get("start"))
        if start is None:
            continue
        kind = str(row.get("kind"))
        colour = FRAMEWORK_COLOURS.get(str(row.get("framework") or ""), dict((k, c) for k, _, c in KINDS)[kind])
        dates = (format_date(start, row.get("startPrecision")), format_date(row.get("end"), row.get("endPrecision")))
        out.append(Bar(kind, _short(names, row["thing"]), start, _date(row.get("end")), colour,
                       _split(row.get("sources")), iris.compact(str(row["thing"])),
                       iris.compact(str(row.get("fact") or "")), dates, str(row.get("framework") or ""),
                       f"bar-{len(out)}", max((_short(names, row["thing"], lang) for lang in LANGUAGES),
                                              key=lambda label: text_width(label, 10))))
    return out


def label_left(bar: Bar, limit: datetime.date | None, room: Room = SMALL_ROOM) -> bool:
    """Whether the bar's label goes left of its start: its widest label would run past ``limit`` (the axis end)."""
    return limit is not None and bar.start + room.of(bar) > limit


def lanes(items: list[Bar], until: datetime.date, room: Room = SMALL_ROOM,
          limit: datetime.date | None = None) -> list[int]:
    """Pack bars into as few lanes as keep them and their labels apart (first fit, in start order); return each
    bar's lane. A label runs right of its bar's start, or left of it where it would pass ``limit``.

    >>> d = datetime.date
    >>> lanes([Bar("m", "a", d(1950, 1, 1), d(1960, 1, 1), ""), Bar("m", "b", d(1955, 1, 1), None, ""),
    ...        Bar("m", "c", d(1965, 1, 1), None, "")], d(2025, 1, 1))
    [0, 1, 0]
    >>> lanes([Bar("m", "a", d(1950, 1, 1), d(1960, 1, 1), ""), Bar("m", "a long name", d(1962, 1, 1), None, "")],
    ...       d(2025, 1, 1), limit=d(1965, 1, 1))  # the second label goes left of 1962: over the first bar
    [0, 1]
    """
    ends: list[datetime.date] = []
    placed = []
    for bar in items:
        gap = datetime.timedelta(days=365)
        left = label_left(bar, limit, room)
        begin = bar.start - room.of(bar) if left else bar.start
        lane = next((i for i, end in enumerate(ends) if end + gap <= begin), len(ends))
        finish = max(bar.end or until, bar.start if left else bar.start + room.of(bar))
        if lane == len(ends):
            ends.append(finish)
        else:
            ends[lane] = finish
        placed.append(lane)
    return placed


def spending_data(kg: KnowledgeGraph, state: str, names: Mapping[str, Names] | None = None) -> Spending:
    """The spending series of ``state`` (``view-spending``) and its targets (``spending-targets-of-state``)."""
    names = names if names is not None else _names(kg)
    data = Spending()
    sources: set[str] = set()
    for row in kg.ask("view-spending", state=state):
        who = _short(names, row["estimatedBy"]) if row.get("estimatedBy") else "national sources"
        point = (int(str(row["year"])), float(str(row["share"])), who)
        (data.preferred if row.get("preferred") else data.rivals).append(point)
        sources.update(_split(row.get("sources")))
    for row in kg.ask("spending-targets-of-state", state=state):
        setter = _short(names, row["setBy"]) if row.get("setBy") else str(row.get("figureLabel") or "")
        data.targets.append((int(str(row["targetYear"])), float(str(row["share"])), setter))
        sources.update(_split(row.get("sources")))
    data.sources = tuple(sorted(sources))
    return data


def _series(points: list[tuple[int, float, str]], merge: bool = False) -> str:
    """'SIPRI 1953\u20132013, NATO 2014\u20132024': who estimated which years of a series (``merge``: one span each).

    >>> _series([(1990, 2.0, "SIPRI"), (1991, 2.1, "SIPRI"), (2014, 1.0, "NATO")])
    'SIPRI 1990\u20131991, NATO 2014'
    """
    spans: list[list[Any]] = []
    for year, _, who in sorted(points):
        same = [s for s in spans if s[0] == who] if merge else spans[-1:] if spans and spans[-1][0] == who else []
        if same:
            same[0][2] = year
        else:
            spans.append([who, year, year])
    return ", ".join(f"{w} {a}\u2013{b}" if a != b else f"{w} {a}" for w, a, b in spans)


def bands(items: list[Bar], until: datetime.date, room: Room = SMALL_ROOM,
          limit: datetime.date | None = None) -> list[tuple[str, list[Bar], list[int]]]:
    """Per kind (memberships, agreements, missions): its title, its bars in start order and each bar's lane."""
    out = []
    for kind, title, _ in KINDS:
        group = sorted((b for b in items if b.kind == kind), key=lambda b: (b.start, b.label))
        if group:
            out.append((title, group, lanes(group, until, room, limit)))
    return out


def draw_timeline(ax: Axes, items: list[Bar], until: datetime.date, limit: datetime.date,
                  fontsize: float = 6.0) -> None:
    """Bars over time from :data:`AXIS_START` to ``limit``, one band per kind (memberships, agreements, missions),
    packed into lanes that keep the labels apart; a label that would run past ``limit`` goes left of its bar."""
    base = 0
    ticks, tick_labels = [], []
    room = Room.on(limit, float(ax.get_figure().get_size_inches()[0]), fontsize)  # type: ignore[union-attr]
    for title, group, placed in bands(items, until, room, limit):
        height = max(placed) + 1
        for bar, lane in zip(group, placed, strict=True):
            row = base + lane
            start, end = _x(bar.start), _x(bar.end or until)
            drawn = ax.barh(row, max(end - start, 120), left=start, height=0.8, color=bar.colour,
                            alpha=0.85 if bar.end else 0.45)
            left = label_left(bar, limit, room)
            text = ax.text(start - 40 if left else start + 40, row, bar.label, va="center",
                           ha="right" if left else "left", fontsize=fontsize, clip_on=True, color="#111111",
                           parse_math=False)
            if bar.gid:
                drawn.patches[0].set_gid(bar.gid)
                text.set_gid(f"{bar.gid}-label")
        ticks.append(base + (height - 1) / 2)
        tick_labels.append(f"{title} ({len(group)})")
        base += height + 1
        ax.axhline(base - 1, color="#dddddd", linewidth=0.8)
    ax.set_yticks(ticks, tick_labels)
    ax.set_ylim(base - 1, -1)
    ax.set_xlim(_x(AXIS_START), _x(limit))
    ax.xaxis_date()
    ax.set_xlabel("year")
    ax.grid(axis="x", color="#eeeeee")


def draw_spending(ax: Axes, data: Spending, notes: float = NOTE_SIZE) -> None:
    """The preferred series as a line, rival estimates as points, the 2% guideline and the targets (``notes``: the
    size of their notes and of the legend, in points)."""
    if data.preferred:
        points = sorted(data.preferred)
        ax.plot([_mid(y) for y, _, _ in points], [s for _, s, _ in points], color="#1f3a93", linewidth=1.6,
                label="defence spending, preferred figure")
    if data.rivals:
        ax.scatter([_mid(y) for y, _, _ in data.rivals], [s for _, s, _ in data.rivals], s=14,
                   color="#999999", zorder=3, label="other estimates (rivals)")
    ax.axhline(GUIDELINE, color="#c0392b", linestyle="--", linewidth=1)
    ax.text(_x(datetime.date(GUIDELINE_YEAR, 1, 1)), GUIDELINE + 0.08,
            f"NATO {GUIDELINE:g}% guideline ({GUIDELINE_YEAR})", color="#c0392b", fontsize=notes)
    if data.targets:
        ax.scatter([_mid(y) for y, _, _ in data.targets], [s for _, s, _ in data.targets],
                   marker="*", s=70, color="#d35400", zorder=4, label="targets (year due)")
        by_share: dict[float, list[int]] = {}
        for year, share, _ in sorted(data.targets):
            by_share.setdefault(share, []).append(year)
        for share, due in by_share.items():  # one note per level: "2% by 2024, 2025, 2029", three years a line
            years = [str(y) for y in sorted(set(due))]
            ax.annotate(f"{share:g}% by " + ",\n".join(", ".join(years[i:i + 3]) for i in range(0, len(years), 3)),
                        (_mid(due[-1]), share), xytext=(6, 3), textcoords="offset points", fontsize=notes)
    ax.set_ylabel("defence spending, % of GDP")
    ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], GUIDELINE * 1.5))
    ax.xaxis_date()
    ax.set_xlabel("year")
    ax.grid(color="#eeeeee")
    if data.preferred or data.rivals or data.targets:
        ax.legend(loc="lower left", fontsize=notes, frameon=False)
    else:
        ax.text(0.5, 0.5, "no defence spending figures recorded for this state", transform=ax.transAxes,
                ha="center", va="center", color="#777777")


def _until(items: list[Bar], data: Spending | None = None) -> datetime.date:
    """Where ongoing bars stop: the end of the latest year with a recorded fact or figure (not today, so charts
    reproduce; not a target year, so an ongoing membership is not drawn into the future)."""
    years = [d.year for b in items for d in (b.start, b.end) if d]
    if data is not None:
        years += [y for y, _, _ in (*data.preferred, *data.rivals)]
    return datetime.date(max(years, default=2000), 12, 31)


def _figure(width: float, height: float) -> Figure:
    """A figure whose bottom strip is kept for the source line."""
    return Figure(figsize=(width, height), layout=ConstrainedLayoutEngine(rect=(0, 0.4 / height, 1, 1 - 0.4 / height)))


def _source_line(fig: Figure, text: str, size: float = NOTE_SIZE - 0.5) -> None:
    fig.text(0.01, 0.005, text, fontsize=size, color="#555555", ha="left", va="bottom", wrap=True)


def _state_name(names: Mapping[str, Names], state: str) -> str:
    return names.get(iris.compact(iris.expand(state) or state), Names()).label.get("en", state)


def timeline(kg: KnowledgeGraph, state: str = "state:belgium") -> Figure:
    """A state's memberships, agreements and missions as bars over time (missions coloured by framework)."""
    names = _names(kg)
    items = bars(kg.ask("view-timeline", state=state), names)
    fig = _figure(11, 8)
    ax = fig.add_subplot()
    draw_timeline(ax, items, _until(items), _until(items) + datetime.timedelta(days=1000))
    ax.set_title(f"{_state_name(names, state)}: memberships, agreements and missions over time")
    _source_line(fig, f"Source: alliance-graph, {len(items)} dated facts (memberships, agreement parties, "
                      "participations) with their own sources; query view-timeline. Light bars are ongoing.")
    return fig


def spending(kg: KnowledgeGraph, state: str = "state:belgium") -> Figure:
    """A state's defence spending as a share of GDP against NATO's 2% guideline and its successive targets."""
    names = _names(kg)
    data = spending_data(kg, state, names)
    fig = _figure(11, 4.5)
    ax = fig.add_subplot()
    draw_spending(ax, data)
    ax.set_title(f"{_state_name(names, state)}: defence spending against NATO's guideline and targets")
    _source_line(fig, spending_caption(data))
    return fig


def spending_caption(data: Spending) -> str:
    """The source line of the spending chart: whose estimates make each series."""
    return (f"Source: alliance-graph. Preferred series: {_series(data.preferred) or 'none'}; other estimates: "
            f"{_series(data.rivals, merge=True) or 'none'}; targets: spending-targets-of-state ({len(data.targets)}).")


def report(kg: KnowledgeGraph, state: str = "state:belgium", *, titled: bool = True,
           page: bool = False) -> tuple[Figure, list[Bar], tuple[str, ...]]:
    """The timeline view as one figure: bars over time above the spending chart, on one year axis.

    ``titled=False`` leaves the title to the page around the figure. ``page=True`` draws it for the timeline page:
    larger bar labels, and a lane of :data:`PAGE_LANE_INCHES` per row, so the figure is as tall as it needs.

    Returns:
        The figure, its bars (each with the ``gid`` it carries in SVG), and the CURIEs of every source its facts
        and figures cite.
    """
    names = _names(kg)
    items = bars(kg.ask("view-timeline", state=state), names)
    data = spending_data(kg, state, names)
    until = _until(items, data)
    fontsize = PAGE_LABEL_SIZE if page else 6.0
    last_target = max((datetime.date(y, 12, 31) for y, _, _ in data.targets), default=until)
    limit = max(until, last_target) + datetime.timedelta(days=1000)
    rows = sum(max(placed) + 2 for _, _, placed in bands(items, until, Room.on(limit, 12, fontsize), limit))
    heights = [rows * PAGE_LANE_INCHES, 3.4] if page else [3, 1.3]
    fig = _figure(12, sum(heights) + 1.2 if page else 11)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=heights)
    draw_timeline(top, items, until, limit, fontsize)
    draw_spending(bottom, data, PAGE_NOTE_SIZE if page else NOTE_SIZE)
    top.set_xlabel("")
    top.tick_params(labelbottom=True, top=page, labeltop=page)
    if titled:
        top.set_title(f"{_state_name(names, state)}: memberships, agreements and missions over time, "
                      "and defence spending")
    _source_line(fig, f"Bars: alliance-graph, {len(items)} dated facts, query view-timeline (light: ongoing). "
                      + spending_caption(data), PAGE_NOTE_SIZE if page else NOTE_SIZE - 0.5)
    cited = {s for b in items for s in b.sources} | set(data.sources)
    return fig, items, tuple(sorted(cited))

"""Names for a view page: each thing's label per language (en, nl, fr, de), a short label, and every name search finds.

Rows come from ``queries/view-labels.rq`` (``node``, ``lang``, ``label``, ``preferred``). A short label is what a node
shows on the canvas: an acronym in that language (NAVO, OTAN), else the name itself when short, else the name cut
before its parenthesis or at a word, with an ellipsis. The full name is in the details panel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from alliance_graph import iris
from alliance_graph.queries.rows import Value

#: The languages of the language switch, English first (the fallback).
LANGUAGES = ("en", "nl", "fr", "de")
#: Names longer than this are shortened on the canvas.
SHORT = 28

_ACRONYM = re.compile(r"^[A-Z0-9][A-Za-z0-9&.\-/ ]{0,9}$")


@dataclass
class Names:
    """A thing's names: the label per language, other names per language ('' = any language)."""

    label: dict[str, str] = field(default_factory=dict)
    other: dict[str, list[str]] = field(default_factory=dict)

    def all(self) -> list[str]:
        """Every name, each once, in a stable order."""
        found = [*self.label.values(), *(n for names in self.other.values() for n in names)]
        return list(dict.fromkeys(found))


def names_from_rows(rows: Iterable[Mapping[str, Value]]) -> dict[str, Names]:
    """The names of each thing (keyed by CURIE) from ``view-labels`` rows."""
    out: dict[str, Names] = {}
    for row in rows:
        if not row.get("node") or not row.get("label"):
            continue
        names = out.setdefault(iris.compact(str(row["node"])), Names())
        lang, label = str(row.get("lang") or ""), str(row["label"])
        if row.get("preferred") and lang and lang not in names.label:
            names.label[lang] = label
        else:
            names.other.setdefault(lang, []).append(label)
    return out


def is_acronym(text: str) -> bool:
    """True for a short name in capitals (NATO, UNIFIL, EUFOR Althea is not one).

    >>> is_acronym("NAVO"), is_acronym("UNSC"), is_acronym("Benelux"), is_acronym("OTAN")
    (True, True, False, True)
    """
    return bool(_ACRONYM.match(text)) and sum(c.isupper() for c in text) >= max(2, len(text.replace(" ", "")) // 2)


def shorten(name: str, limit: int = SHORT) -> str:
    """``name`` if it fits in ``limit`` characters, else cut before a parenthesis or colon, else at a word + '…'.

    >>> shorten("North Atlantic Treaty")
    'North Atlantic Treaty'
    >>> shorten("Convention between Belgium and NATO on the concession of land (1967)")
    'Convention between Belgium…'
    >>> shorten("Treaty of Brussels (1948)", 20)
    'Treaty of Brussels'
    """
    if len(name) <= limit:
        return name
    for mark in (" (", ": "):
        head = name.split(mark, 1)[0]
        if len(head) <= limit and len(head) >= limit // 3:
            return head
    cut = name[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def short_label(names: Names, lang: str, fallback: str, acronym: str = "") -> str:
    """The canvas label in ``lang``: an acronym in that language, then the given acronym, then the short name."""
    for candidate in [*names.other.get(lang, []), names.label.get(lang, "")]:
        if candidate and is_acronym(candidate):
            return candidate
    if acronym:
        return acronym
    for candidate in [*names.other.get("", []), *names.other.get("en", [])]:
        if is_acronym(candidate):
            return candidate
    return shorten(names.label.get(lang) or names.label.get("en") or fallback)


def labels_by_language(names: Names | None, fallback: str, acronym: str = "") -> dict[str, dict[str, str]]:
    """``{"en": {"name": ..., "short": ...}, "nl": ...}``: a language without a label falls back to English.

    >>> labels_by_language(Names({"en": "North Atlantic Treaty Organization"}, {"nl": ["NAVO"], "en": ["NATO"]}),
    ...                    "organization:nato")["nl"]
    {'name': 'North Atlantic Treaty Organization', 'short': 'NAVO'}
    """
    names = names or Names()
    english = names.label.get("en") or fallback
    out = {}
    for lang in LANGUAGES:
        name = names.label.get(lang) or english
        out[lang] = {"name": name, "short": short_label(names, lang, name, acronym)}
    return out


def search_terms(names: Names | None, *extra: str) -> list[str]:
    """Every name search should find (labels, other names, acronyms), each once."""
    found = [*(names.all() if names else []), *extra]
    return list(dict.fromkeys(n for n in found if n))

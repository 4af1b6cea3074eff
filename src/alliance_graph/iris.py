"""Base IRI, prefixes and slug helpers. Knows nothing of the rest of the package."""

from __future__ import annotations

import re

BASE = "https://w3id.org/alliance-graph/"
DEF = BASE + "def/"
ID = BASE + "id/"
SHAPE = BASE + "shape/"
GRAPH = BASE + "graph/"
DERIVED_GRAPH = GRAPH + "derived"
VOID_GRAPH = GRAPH + "void"  # the built graph's VoID description: its counts (pipeline/derive.describe)

#: Kinds of things, each with its own prefix under ``/id/<kind>/``.
KINDS: tuple[str, ...] = (
    "state",
    "organization",
    "agreement",
    "provision",
    "membership",
    "party",
    "operation",
    "participation",
    "resolution",
    "event",
    "figure",
    "programme",
    "company",
    "ownership",
    "unit",
    "document",
    "controversy",
    "position",
    "initiative",
    "place",
    "person",
    "rival",
    "source",
)

#: Every prefix a data file or query may use, in a stable order.
PREFIXES: dict[str, str] = {
    "ag": DEF,
    "obl": DEF + "obligation/",
    "role": DEF + "role/",
    "fw": DEF + "framework/",
    "kind": DEF + "event-kind/",
    "measure": DEF + "measure/",
    "section": DEF + "section/",
    "shape": SHAPE,
    **{kind: f"{ID}{kind}/" for kind in KINDS},
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_SLUG = re.compile(r"^[a-z0-9]+(?:-{1,2}[a-z0-9]+)*$")
_CURIE = re.compile(r"^([A-Za-z][\w-]*):([^\s<>]*)$")


def is_slug(text: str) -> bool:
    """Tell whether ``text`` is a valid slug: lowercase ASCII words joined by ``-`` or ``--``.

    >>> is_slug("belgium--nato--1949"), is_slug("Belgium")
    (True, False)
    """
    return bool(_SLUG.match(text))


def iri(kind: str, slug: str) -> str:
    """Return the IRI of the thing of ``kind`` named ``slug``.

    >>> iri("state", "belgium")
    'https://w3id.org/alliance-graph/id/state/belgium'

    Raises:
        ValueError: unknown kind or malformed slug.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not is_slug(slug):
        raise ValueError(f"malformed slug {slug!r}: use lowercase ASCII words joined by '-' or '--'")
    return f"{ID}{kind}/{slug}"


def expand(text: str) -> str | None:
    """Expand a CURIE such as ``state:belgium`` or an ``<IRI>`` to a full IRI; None if it is neither.

    >>> expand("state:belgium")
    'https://w3id.org/alliance-graph/id/state/belgium'
    >>> expand("<https://example.org/x>")
    'https://example.org/x'
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(("http://", "https://", "urn:")):
        return text
    match = _CURIE.match(text)
    if match and match.group(1) in PREFIXES:
        return PREFIXES[match.group(1)] + match.group(2)
    return None


def compact(full: str) -> str:
    """Shorten a full IRI to a CURIE with the longest matching prefix, or return it unchanged.

    >>> compact("https://w3id.org/alliance-graph/id/organization/nato")
    'organization:nato'
    """
    best = ""
    best_prefix = ""
    for prefix, namespace in PREFIXES.items():
        if full.startswith(namespace) and len(namespace) > len(best):
            rest = full[len(namespace) :]
            if rest and "/" not in rest and "#" not in rest:
                best, best_prefix = namespace, prefix
    if not best:
        return full
    return f"{best_prefix}:{full[len(best):]}"


def graph_iri(relative_path: str) -> str:
    """Name of the named graph that holds one source file, e.g. ``data/states.ttl``.

    >>> graph_iri("data/states.ttl")
    'https://w3id.org/alliance-graph/graph/data/states.ttl'
    """
    return GRAPH + relative_path.replace("\\", "/")


def sparql_prefixes() -> str:
    """The PREFIX block for every prefix above, for ad-hoc queries typed at the command line."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

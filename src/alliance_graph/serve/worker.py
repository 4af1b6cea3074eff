"""A query worker of the HTTP endpoint: a separate process that opens the store read-only, runs one job at a time
and answers with the response bytes. The server kills a worker whose job outlives the time limit and starts a new
one, because a running pyoxigraph query cannot be cancelled from outside.

Protocol on stdin/stdout: frames of an 8-byte big-endian length and a pickled :class:`QueryJob`/:class:`PageJob`
in, a pickled :class:`Reply` out. Started as ``python -m alliance_graph.serve.worker SETTINGS_JSON``.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.pipeline.build import memory_copy
from alliance_graph.pipeline.store import open_store
from alliance_graph.queries.catalogue import NamedQuery, named_queries, parse_error_message
from alliance_graph.serve.formats import GRAPHS, PAGES, RESULTS, Format, NotAcceptable, negotiate
from alliance_graph.serve.resource import describe, resource_page
from alliance_graph.serve.results import Lookup, boolean_page, error_page, solutions_page, triples_page
from alliance_graph.serve.sparql import Unchecked, analyse, is_update, refused_service

log = logging.getLogger(__name__)

#: ``/void`` and ``/.well-known/void``: the graph's VoID description (its counts; ``pipeline.derive.describe``)
VOID_QUERY = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iris.VOID_GRAPH}> {{ ?s ?p ?o }} }}"

FRAME = struct.Struct(">Q")
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class QueryJob:
    """Run SPARQL ``text`` with ``substitutions`` bound; ``default_graphs``/``named_graphs`` as the protocol gave
    them (None: not given); answer in the format ``accept``/``wanted`` asks for. The columns named in ``drop``
    (a named question's parameters, which it projects only so they can be bound) are left out of SELECT results."""

    text: str
    substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] = field(default_factory=dict)
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    accept: str | None = None
    wanted: str | None = None
    title: str = "SPARQL query"
    drop: tuple[str, ...] = ()
    name: str | None = None
    values: tuple[tuple[str, str], ...] = ()

    def named(self) -> NamedQuery | None:
        """The named question this job runs, if it is one (for the form above its result page)."""
        return named_queries().get(self.name) if self.name else None


@dataclass(frozen=True)
class PageJob:
    """The linked-data page of ``iri``: HTML, or RDF if ``accept``/``wanted`` asks."""

    iri: str
    accept: str | None = None
    wanted: str | None = None


@dataclass(frozen=True)
class Reply:
    """A finished response: status, ``Content-Type`` and body; ``cacheable`` if the same job always gets this answer
    (a result, or a page that does not exist: the store does not change while served)."""

    status: int
    content_type: str
    body: bytes
    cacheable: bool = False


def error(status: int, message: str) -> Reply:
    """A plain-text error reply."""
    return Reply(status, TEXT, (message.rstrip() + "\n").encode("utf-8"))


class TooMany(Exception):
    """Raised inside serialisation when a result grows past the row limit."""


class _LineCapped:
    """A binary sink that keeps what is written and stops it after ``limit`` lines (TSV: header + rows)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise TooMany("rows")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


class Runner:
    """Runs jobs on one read-only store with the server's limits."""

    def __init__(self, store: ox.Store, max_results: int, allow_service: tuple[str, ...]) -> None:
        self.store = store
        self.max_results = max_results
        self.allow_service = allow_service
        self.lookup = Lookup(store)

    def run(self, job: QueryJob | PageJob) -> Reply:
        """Answer one job; never raises (an unexpected error becomes a 500 reply without a traceback)."""
        try:
            if isinstance(job, PageJob):
                return self.page(job)
            return self.query(job)
        except Exception as err:  # the process must survive anything one query does
            log.exception("query worker: unexpected error")
            return error(500, f"internal error while answering: {type(err).__name__}: {err}")

    def _too_many(self, what: str) -> Reply:
        return error(
            500,
            f"refused: the result has more than {self.max_results} {what} (the server's --max-results); "
            "narrow the query or add a LIMIT",
        )

    def query(self, job: QueryJob) -> Reply:
        """Answer a query job; an error asked for as HTML comes as a page that keeps the query in its form."""
        reply = self._query(job)
        if reply.status < 400 or reply.content_type != TEXT:
            return reply
        try:
            html = negotiate(RESULTS, job.accept, job.wanted, "results").writer is None
        except NotAcceptable:
            html = False
        if not html:
            return reply
        message = reply.body.decode("utf-8").strip()
        body = error_page(message, job.text, job.named(), dict(job.values))
        return Reply(reply.status, "text/html; charset=utf-8", body, reply.cacheable)

    def _query(self, job: QueryJob) -> Reply:
        try:
            analysis = analyse(job.text)
        except Unchecked as err:
            return error(400, str(err))
        refusal = refused_service(analysis, self.allow_service)
        if refusal:
            return error(403, refusal)
        options: dict[str, Any] = {"prefixes": dict(iris.PREFIXES)}
        if job.substitutions:
            options["substitutions"] = job.substitutions
        try:
            if job.default_graphs is not None or job.named_graphs is not None:
                options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
                options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
            elif not analysis.has_dataset:
                options["use_default_graph_as_union"] = True
        except ValueError as err:
            return error(400, f"a default-graph-uri or named-graph-uri is not an IRI: {err}")
        try:
            results = self.store.query(job.text, **options)
            return self._serialise(results, job)
        except SyntaxError as err:
            if is_update(job.text):
                return error(403, "SPARQL Update is refused: this endpoint is read-only")
            return error(400, f"malformed query: {parse_error_message(err)}")
        except (ValueError, RuntimeError) as err:
            return error(400, f"cannot run the query: {err}")
        except TooMany as err:
            return self._too_many(str(err))
        except OSError as err:
            if analysis.services:
                return error(502, f"a SERVICE call failed: {err}")
            return error(500, f"the query failed: {err}")

    def _serialise(self, results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, job: QueryJob) -> Reply:
        if isinstance(results, ox.QueryTriples):
            try:
                fmt = negotiate(GRAPHS, job.accept, job.wanted, "CONSTRUCT and DESCRIBE results")
            except NotAcceptable as err:
                return error(406, str(err))
            triples = list(dict.fromkeys(islice(results, self.max_results + 1)))
            if len(triples) > self.max_results:
                raise TooMany("triples")
            if fmt.writer is None:
                return Reply(200, fmt.content_type, triples_page(triples, job.title, job.text, self.lookup), True)
            return Reply(200, fmt.content_type, _write_triples(triples, fmt), True)
        try:
            fmt = negotiate(RESULTS, job.accept, job.wanted, "SELECT and ASK results")
        except NotAcceptable as err:
            return error(406, str(err))
        if isinstance(results, ox.QueryBoolean):
            if fmt.writer is None:
                page = boolean_page(bool(results), job.title, job.text, job.named())
                return Reply(200, fmt.content_type, page, True)
            assert isinstance(fmt.writer, ox.QueryResultsFormat)
            return Reply(200, fmt.content_type, results.serialize(format=fmt.writer) or b"", True)
        # Rows are counted on the way out as TSV lines (TSV escapes newlines in values), then rewritten in the
        # format asked for: pyoxigraph can only serialise a whole result, and this stops an oversized one early.
        sink = _LineCapped(self.max_results + 1)
        results.serialize(cast("IO[bytes]", sink), format=ox.QueryResultsFormat.TSV)
        tsv = drop_columns(sink.value(), job.drop) if job.drop else sink.value()
        if fmt.name == "tsv":
            return Reply(200, fmt.content_type, tsv, True)
        solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        assert isinstance(solutions, ox.QuerySolutions)
        if fmt.writer is None:
            page = solutions_page(solutions, job.title, job.text, self.lookup, job.named(), dict(job.values))
            return Reply(200, fmt.content_type, page, True)
        assert isinstance(fmt.writer, ox.QueryResultsFormat)
        return Reply(200, fmt.content_type, solutions.serialize(format=fmt.writer) or b"", True)

    def page(self, job: PageJob) -> Reply:
        try:
            fmt = negotiate(PAGES, job.accept, job.wanted, "pages")
        except NotAcceptable as err:
            return error(406, str(err))
        try:
            ox.NamedNode(job.iri)
        except ValueError:
            return error(404, f"not found: <{job.iri}> is not a valid IRI")
        missing = Reply(404, TEXT, f"not found: the graph says nothing about <{job.iri}>\n".encode(), True)
        if fmt.writer is None:
            body = resource_page(self.store, job.iri)
            if body is None:
                return missing
            return Reply(200, fmt.content_type, body, True)
        triples = describe(self.store, job.iri)
        if not triples:
            return missing
        return Reply(200, fmt.content_type, _write_triples(triples, fmt), True)


def drop_columns(tsv: bytes, names: tuple[str, ...]) -> bytes:
    r"""SPARQL TSV results without the columns of the variables ``names`` (TSV escapes tabs inside values).

    >>> drop_columns(b"?state\t?org\n<urn:be>\t<urn:nato>\n", ("state",))
    b'?org\n<urn:nato>\n'
    """
    lines = tsv.removesuffix(b"\n").split(b"\n")
    header = lines[0].split(b"\t")
    gone = {b"?" + name.encode() for name in names}
    keep = [i for i, column in enumerate(header) if column not in gone]
    if len(keep) == len(header) or not keep:
        return tsv
    out = [b"\t".join(cells[i] for i in keep) for cells in (line.split(b"\t") for line in lines)]
    return b"\n".join(out) + b"\n"


def _write_triples(triples: list[ox.Triple], fmt: Format) -> bytes:
    assert isinstance(fmt.writer, ox.RdfFormat)
    if fmt.writer in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(triples, format=fmt.writer, prefixes=dict(iris.PREFIXES)) or b""
    return ox.serialize(triples, format=fmt.writer) or b""


def write_frame(out: BinaryIO, payload: bytes) -> None:
    """Write one length-prefixed frame and flush it."""
    out.write(FRAME.pack(len(payload)) + payload)
    out.flush()


def read_frame(inp: BinaryIO) -> bytes | None:
    """Read one length-prefixed frame; None at end of input."""
    head = inp.read(FRAME.size)
    if len(head) < FRAME.size:
        return None
    (size,) = FRAME.unpack(head)
    payload = inp.read(size)
    return payload if len(payload) == size else None


def _exit_with_parent() -> None:
    """End this worker if the server that started it is gone (even in the middle of a long query)."""
    parent = os.getppid()
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def main(argv: list[str] | None = None) -> None:
    """Entry point of a worker process; see the module docstring."""
    args = sys.argv[1:] if argv is None else argv
    settings = json.loads(args[0])
    logging.basicConfig(level=settings.get("log_level", "WARNING"), format="%(levelname)s worker: %(message)s")
    # Replies go on a private copy of stdout; anything a library prints goes to stderr instead.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    store = open_store(Path(settings["store"]))
    if settings.get("in_memory"):
        # The built store never changes while served: a copy in memory answers 3-6 times faster than RocksDB
        # (benchmarks/http.py).
        store = memory_copy(store, Path(settings["store"]))
    runner = Runner(store, int(settings["max_results"]), tuple(settings["allow_service"]))
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    write_frame(out, b"ready")
    while True:
        payload = read_frame(inp)
        if payload is None:
            return
        job = pickle.loads(payload)
        write_frame(out, pickle.dumps(runner.run(job), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":  # pragma: no cover - run as a process by endpoint_pool
    # Run the imported module's main, so pickled replies name alliance_graph.serve.worker, not __main__.
    from alliance_graph.serve.worker import main as worker_main

    worker_main()

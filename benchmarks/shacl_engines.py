"""pySHACL vs a Rust SHACL engine (pyrudof, from PyPI) on our shapes: the same results on every invalid example?

    pip install pyrudof   # not a dependency of the package: measured here, not adopted (see the report)
    python benchmarks/shacl_engines.py

For the curated data and for each ``tests/data/shapes/invalid`` example (added to the mini slice, as the tests do),
both engines validate the data with the ontology mixed in (pySHACL: ``ont_graph``; pyrudof: ontology triples
merged into the data, so ``sh:targetClass`` reaches subclasses the same way). Results are compared as sets of
(focus node, path, severity); a case is "same" when the sets are equal. Time is wall time per case.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from alliance_graph import iris  # noqa: E402
from alliance_graph.paths import Project, find_project  # noqa: E402
from alliance_graph.pipeline.load import load_project  # noqa: E402
from alliance_graph.pipeline.validate import shape_problems  # noqa: E402

MINI = ROOT / "tests" / "data" / "mini"
INVALID = sorted((ROOT / "tests" / "data" / "shapes" / "invalid").glob("*.ttl"))

Key = tuple[str, str, str]
MESSAGES: dict[str, set[tuple[str, str]]] = {"pyshacl": set(), "pyrudof": set()}


def pyshacl_results(project: Project) -> tuple[set[Key], float]:
    loaded = load_project(project)
    start = time.perf_counter()
    problems = shape_problems(loaded)
    seconds = time.perf_counter() - start
    MESSAGES["pyshacl"] = {(iris.expand(p.node) or p.node, p.message) for p in problems}
    return {(iris.expand(p.node) or p.node, iris.expand(p.path) or p.path if p.path else "", p.severity)
            for p in problems}, seconds


def rudof_results(project: Project) -> tuple[set[Key], float]:
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    MESSAGES["pyrudof"] = set()
    files = [*project.ontology_files(), *project.data_files()]
    start = time.perf_counter()
    for path in files:
        rudof.read_data(str(path), merge=True)
    rudof.read_shacl(str(project.shapes_file))
    report = rudof.validate_shacl()
    seconds = time.perf_counter() - start
    found: set[Key] = set()
    for entry in report.violations:
        path = str(_get(entry, "path") or "").strip("<>")
        severity = str(_get(entry, "severity")).rsplit("#", 1)[-1].rsplit(":", 1)[-1].rsplit("/", 1)[-1]
        found.add((str(_get(entry, "focus_node")).strip("<>"), path, severity))
        MESSAGES["pyrudof"].add((str(_get(entry, "focus_node")).strip("<>"), str(_get(entry, "message")).strip('"')))
    return found, seconds


def _get(entry: object, name: str) -> object:
    value = getattr(entry, name)
    return value() if callable(value) else value


def case(name: str, data: list[Path]) -> tuple[str, int, int, bool, float, float, str, bool]:
    tmp = Path(tempfile.mkdtemp(prefix="shacl-"))
    try:
        shutil.copytree(ROOT / "ontology", tmp / "ontology")
        (tmp / "data").mkdir()
        for path in data:
            shutil.copy(path, tmp / "data" / path.name)
        project = find_project(tmp)
        ours, ours_s = pyshacl_results(project)
        try:
            theirs, theirs_s = rudof_results(project)
        except Exception as err:  # report the engine's failure as a result
            return name, len(ours), -1, False, ours_s, 0.0, f"pyrudof failed: {type(err).__name__}: {err}"[:200], False
        diff = ""
        if ours != theirs:
            only_ours = sorted(ours - theirs)[:2]
            only_theirs = sorted(theirs - ours)[:2]
            diff = f"only pySHACL: {only_ours}; only pyrudof: {only_theirs}"
        same_messages = MESSAGES["pyshacl"] == MESSAGES["pyrudof"]
        return name, len(ours), len(theirs), ours == theirs, ours_s, theirs_s, diff, same_messages
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    try:
        import pyrudof
    except ImportError:
        print("pyrudof is not installed: pip install pyrudof")
        return
    cases = [("curated data", sorted((ROOT / "data").glob("*.ttl")))]
    cases += [(p.stem, [*sorted(MINI.glob("*.ttl")), p]) for p in INVALID]
    print(f"pyrudof {pyrudof.Rudof(pyrudof.RudofConfig()).get_version()}")
    print("| case | pySHACL results | pyrudof results | same (node, path, severity) | same messages | pySHACL s "
          "| pyrudof s (incl. parsing) | difference |")
    print("| --- | ---: | ---: | --- | --- | ---: | ---: | --- |")
    same = same_messages = 0
    for name, data in cases:
        row = case(name, data)
        same += row[3]
        same_messages += row[7]
        print(f"| {row[0]} | {row[1]} | {row[2]} | {'yes' if row[3] else 'NO'} | {'yes' if row[7] else 'no'} | "
              f"{row[4]:.2f} | {row[5]:.2f} | {row[6]} |")
    print(f"\nsame results on {same} of {len(cases)} cases; same messages on {same_messages}")


if __name__ == "__main__":
    main()

"""pySHACL vs pyrudof (the Rust engine on PyPI) on our shapes: the same results on every invalid example, and how
fast each is.

    python benchmarks/shacl_engines.py

For the curated data and for each ``tests/data/shapes/invalid`` example (added to the mini slice, as the tests do),
both engines of ``pipeline/shacl.py`` validate the data with the ontology mixed in. Results are compared as the
problems the build prints (file, line, node, shape, path, message, severity); a case is "same" when the sets are
equal. Time is wall time per case, including each engine's own reading of the graphs.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from alliance_graph.paths import find_project  # noqa: E402
from alliance_graph.pipeline.load import Loaded, load_project  # noqa: E402
from alliance_graph.pipeline.validate import Problem, shape_problems  # noqa: E402

MINI = ROOT / "tests" / "data" / "mini"
INVALID = sorted((ROOT / "tests" / "data" / "shapes" / "invalid").glob("*.ttl"))


def timed(loaded: Loaded, engine: str, repeat: int) -> tuple[list[Problem], float]:
    samples, problems = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        problems = shape_problems(loaded, engine)
        samples.append(time.perf_counter() - start)
    return problems, statistics.median(samples)


def case(name: str, data: list[Path], repeat: int) -> str:
    tmp = Path(tempfile.mkdtemp(prefix="shacl-"))
    try:
        shutil.copytree(ROOT / "ontology", tmp / "ontology")
        (tmp / "data").mkdir()
        for path in data:
            shutil.copy(path, tmp / "data" / path.name)
        loaded = load_project(find_project(tmp))
        ours, ours_s = timed(loaded, "pyshacl", repeat)
        theirs, theirs_s = timed(loaded, "rudof", repeat)
        same = "yes" if ours == theirs else "NO"
        return f"| {name} | {len(ours)} | {len(theirs)} | {same} | {ours_s:.2f} | {theirs_s:.2f} |"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    import pyrudof

    print(f"pyrudof {pyrudof.Rudof(pyrudof.RudofConfig()).get_version()}")
    print("| case | pySHACL results | pyrudof results | same problems, messages included | pySHACL s | pyrudof s |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    print(case("curated data", sorted((ROOT / "data").glob("*.ttl")), 5), flush=True)
    rows = [case(p.stem, [*sorted(MINI.glob("*.ttl")), p], 1) for p in INVALID]
    print("\n".join(rows))
    same = sum("| yes |" in row for row in rows)
    print(f"\nsame problems on {same} of {len(rows)} invalid examples")


if __name__ == "__main__":
    main()

"""`python -m bench quality`: precision and recall of what the build derives by judgement.

Each area (who acted, which program, the PEM-GCM crosswalk, discrepancies, search, the
commitment tracker) has an evaluation set written by reading the sources, kept in
`tests/evaluation/` with its grading criteria (`tests/evaluation/README.md`), and a module
here with one function, `evaluate(build_root) -> list[Score]`, that grades the current
build's output against it. Every item of a set is marked `dev` (looked at while the rules
were written) or `heldout` (never looked at while tuning): the table reports both. A set
whose heldout rows were spent on a decision keeps them as `validation` (seen, reported
apart) and grades new `heldout` rows (the crosswalk).

The areas register themselves in `AREAS` below, one line each.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import servers
from service.settings import REPO_DIR

# area name -> module under bench.quality with `evaluate(build_root: Path) -> list[Score]`
AREAS: dict[str, str] = {
    "discrepancies": "discrepancies",
    "acting_bodies": "acting_bodies",
    "program_links": "program_links",
    "crosswalk": "crosswalk",
    "search": "search",
    "tracker": "tracker",
}


@dataclass(frozen=True)
class Score:
    """One row of the table: a measure of one area on one split of its set."""

    area: str
    measure: str  # e.g. "acting bodies", "P@5"
    split: str  # "dev", "validation", "heldout" or "all"
    items: int
    precision: float | None = None
    recall: float | None = None
    value: float | None = None  # a measure that is neither (agreement, P@5, latency)
    target: str = ""  # the target, as text ("P >= 0.95")
    met: bool | None = None


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def table(scores: list[Score]) -> str:
    """The scores as a Markdown table (what the README shows)."""
    lines = [
        "| area | measure | split | items | precision | recall | value | target | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        met = "–" if s.met is None else ("yes" if s.met else "NO")
        lines.append(
            f"| {s.area} | {s.measure} | {s.split} | {s.items} | {_fmt(s.precision)} | "
            f"{_fmt(s.recall)} | {_fmt(s.value)} | {s.target} | {met} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench quality", description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=REPO_DIR / "build")
    parser.add_argument("--areas", default=",".join(AREAS), help="comma-separated")
    parser.add_argument("--json", type=Path, help="also write the scores as JSON here")
    args = parser.parse_args(argv)
    if not servers.ensure_build(args.build_dir):
        print("the build failed: nothing to evaluate", file=sys.stderr)
        return 1
    root = (args.build_dir / "current").resolve()
    scores: list[Score] = []
    for area in [a for a in args.areas.split(",") if a]:
        module = importlib.import_module(f"bench.quality.{AREAS[area]}")
        scores += module.evaluate(root)
    print(table(scores))
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in scores], indent=2))
    return 0 if all(s.met is not False for s in scores) else 1

"""Discrepancies: the build's `mig:Discrepancy` resources against the list read by hand.

The set is `tests/evaluation/discrepancies.csv` (criteria and matching rule in
`tests/evaluation/discrepancies.md`); the build's discrepancies are the `checks` of its
`report.json` that the data does not confirm.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from bench.quality import Score
from service.settings import REPO_DIR

SET = REPO_DIR / "tests" / "evaluation" / "discrepancies.csv"
AREA = "discrepancies"


@dataclass(frozen=True)
class Item:
    document: str
    kind: str
    lines: frozenset[int]
    values: frozenset[str]
    split: str


def read_set(path: Path = SET) -> list[Item]:
    text = "\n".join(
        line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")
    )
    return [
        Item(
            row["document"],
            row["kind"],
            frozenset(int(n) for n in row["lines"].split("|")),
            frozenset(v for v in row["values"].split("|") if v),
            row["split"],
        )
        for row in csv.DictReader(text.splitlines())
    ]


def found(build_root: Path) -> list[Item]:
    """The build's discrepancies as items (split empty)."""
    report = json.loads((build_root / "report.json").read_text("utf-8"))
    return [
        Item(
            c["document"],
            c["kind"],
            frozenset(s["line"] for s in c["statements"]),
            frozenset(s["value"] for s in c["statements"] if s["value"]),
            "",
        )
        for c in report["checks"]
        if not c["confirmed"]
    ]


def match(items: list[Item], built: list[Item]) -> dict[int, int]:
    """Item index -> discrepancy index: exact line sets first, then shared lines."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for exact in (True, False):
        for i, item in enumerate(items):
            if i in pairs:
                continue
            for j, d in enumerate(built):
                if j in taken or (d.document, d.kind) != (item.document, item.kind):
                    continue
                same = d.lines == item.lines if exact else bool(d.lines & item.lines)
                if same and item.values <= d.values:
                    pairs[i] = j
                    taken.add(j)
                    break
    return pairs


def evaluate(build_root: Path) -> list[Score]:
    items, built = read_set(), found(build_root)
    pairs = match(items, built)
    precision = len(pairs) / len(built) if built else 1.0
    scores = [
        Score(AREA, "discrepancies found (P over all)", "all", len(items), precision,
              len(pairs) / len(items), target="P = 1, R = 1",
              met=len(pairs) == len(items) == len(built)),
    ]  # fmt: skip
    for split in ("dev", "heldout"):
        mine = [i for i, item in enumerate(items) if item.split == split]
        hit = sum(1 for i in mine if i in pairs)
        scores.append(
            Score(AREA, "discrepancies found (R per split)", split, len(mine), None,
                  hit / len(mine) if mine else None, target="R = 1", met=hit == len(mine))
        )  # fmt: skip
    return scores


def misses(build_root: Path) -> tuple[list[Item], list[Item]]:
    """Items not found, and discrepancies not on the list (for a reader of the table)."""
    items, built = read_set(), found(build_root)
    pairs = match(items, built)
    taken = set(pairs.values())
    return [it for i, it in enumerate(items) if i not in pairs], [
        d for j, d in enumerate(built) if j not in taken
    ]

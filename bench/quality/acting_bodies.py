"""Who acted: the build's `mig:responsibleAgency` and `mig:collaboratingAgency` against
`tests/evaluation/acting_bodies.csv` (criteria in `tests/evaluation/acting_bodies.md`).

Micro-averaged over (action, agency) pairs: precision is the share of the pairs the build
states for the set's actions that the reader also found; recall the share of the reader's
pairs the build states. One row per measure and split (dev, heldout, all); the issue's
targets (acting bodies P >= 0.95, R >= 0.90) are checked on every acting-bodies row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store

from bench.quality import Score
from service.settings import REPO_DIR

SET = REPO_DIR / "tests" / "evaluation" / "acting_bodies.csv"
MIG = "https://w3id.org/migracion-mx/def#"
MEASURES = {"acting bodies": "responsibleAgency", "collaborators": "collaboratingAgency"}
COLUMNS = {"acting bodies": "acting", "collaborators": "collaborating"}


@dataclass(frozen=True)
class Item:
    """One action as the reader graded it."""

    action: str
    split: str
    acting: frozenset[str]
    collaborating: frozenset[str]


def read_set(path: Path = SET) -> list[Item]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Item(
                row["action"],
                row["split"],
                frozenset(row["acting"].split()),
                frozenset(row["collaborating"].split()),
            )
            for row in csv.DictReader(f)
        ]


def _stated(store: Store, action: str, prop: str) -> set[str]:
    quads = store.quads_for_pattern(NamedNode(action), NamedNode(MIG + prop), None, None)
    return {q.object.value for q in quads}


def _score(pairs: Iterable[tuple[set[str], set[str]]]) -> tuple[float | None, float | None]:
    found = expected = hits = 0
    for build, truth in pairs:
        found += len(build)
        expected += len(truth)
        hits += len(build & truth)
    precision = hits / found if found else None
    recall = hits / expected if expected else None
    return precision, recall


def evaluate(build_root: Path) -> list[Score]:
    store = Store()
    store.load(path=str(build_root / "graph.nq"), format=RdfFormat.N_QUADS)
    items = read_set()
    scores: list[Score] = []
    for measure, prop in MEASURES.items():
        column = COLUMNS[measure]
        for split in ("dev", "heldout", "all"):
            chosen = [i for i in items if split in ("all", i.split)]
            precision, recall = _score(
                (_stated(store, i.action, prop), set(getattr(i, column))) for i in chosen
            )
            target, met = "", None
            if measure == "acting bodies":
                target = "P >= 0.95, R >= 0.90"
                met = (precision or 0) >= 0.95 and (recall or 0) >= 0.90
            scores.append(
                Score(
                    "who acted", measure, split, len(chosen), precision, recall, None, target, met
                )
            )
    return scores

"""Grading programme links against `tests/evaluation/program_links.csv`.

Each item is (action, programme, relation): `about` (the action is the programme's work:
`mig:aboutProgram`), `mention` (named in passing: `mig:mentionsProgram`, or, for the 2024
report's per-objective summaries `pmm-2024/objNN`, a `mig:ProgramMention` under the
objective) or `none` (the wording does not name that programme: no link of either kind).
Criteria in `tests/evaluation/program_links.md`. Precision and recall are computed over the
set's items, for each relation the build states (target for `about`: P >= 0.95).
"""

from __future__ import annotations

import csv
from pathlib import Path

from bench.quality import Score
from bench.quality.graph import BASE, rows
from service.settings import REPO_DIR

SET = REPO_DIR / "tests" / "evaluation" / "program_links.csv"
AREA = "program links"


def predicted(build_root: Path) -> dict[tuple[str, str], str]:
    """(action local id 'doc/id' or 'pmm-2024/objNN', programme slug) -> about | mention."""
    found: dict[tuple[str, str], str] = {}
    for r in rows(
        build_root,
        "SELECT ?a ?rel ?p WHERE { VALUES ?rel { mig:aboutProgram mig:mentionsProgram } "
        "?a ?rel ?p }",
    ):
        key = (r["a"].removeprefix(BASE + "accion/"), r["p"].removeprefix(BASE + "programa/"))
        found[key] = "about" if r["rel"].endswith("aboutProgram") else "mention"
    for r in rows(build_root, "SELECT ?o ?p WHERE { ?m mig:mentionedUnder ?o ; mig:mentionOf ?p }"):
        number = int(r["o"].rsplit("/", 1)[-1])
        key = (f"pmm-2024/obj{number:02d}", r["p"].removeprefix(BASE + "programa/"))
        found.setdefault(key, "mention")
    return found


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def evaluate(build_root: Path) -> list[Score]:
    with SET.open(encoding="utf-8") as f:
        items = list(csv.DictReader(f))
    guess = predicted(build_root)
    scores: list[Score] = []
    for split in ("dev", "heldout"):
        mine = [i for i in items if i["split"] == split]
        for relation, target in (("about", 0.95), ("mention", None)):
            said = [i for i in mine if guess.get((i["action"], i["program"]), "none") == relation]
            gold = [i for i in mine if i["relation"] == relation]
            hits = sum(1 for i in said if i["relation"] == relation)
            p, r = _ratio(hits, len(said)), _ratio(hits, len(gold))
            scores.append(
                Score(
                    AREA,
                    f"{relation} links",
                    split,
                    len(mine),
                    p,
                    r,
                    target=f"P >= {target}" if target else "",
                    met=None if target is None else (p is not None and p >= target),
                )
            )
    return scores

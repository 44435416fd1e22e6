"""Grading the PEM-GCM crosswalk against `tests/evaluation/crosswalk.csv`.

Each graded pair (PEM line, GCM objective) is sound, weak or wrong (criteria in
`tests/evaluation/crosswalk.md`). For the links the build publishes (`skos:relatedMatch`)
that the set grades: the share that are sound (target >= 0.85), weak, and wrong (target:
none). Precision is the sound share of the published graded links; recall the share of the
set's sound pairs that are published.

Where the verdict is given: every link the build publishes is graded in the set, so the
`all` row is a census of the published crosswalk, not a sample of it, and carries the
verdict; so does the same census graded again by a second reader who did not know which
pairs are published (`crosswalk_second_reader.csv`, split `regrade`, with the two readers'
agreement). The `dev`, `validation` and `heldout` rows say where the rule was fitted and
what it does on rows held back from it; they are printed without a verdict of their own
(`validation` holds 4 published links, where one weak link moves the share by 0.25).

`python -m bench.quality.crosswalk <build>` prints the same figures on the dev split for
each threshold of the vote of the reports' filing (`VOTE_PUBLISH`), with and without its
guard (a word of the objective's heading in the line or its actions), the wording route
(`PUBLISH` with corroboration) kept as it is, and then for each threshold of the wording
route alone (how `PUBLISH` was chosen).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from bench.quality import Score
from bench.quality.graph import BASE, rows, store
from loaders.derive.crosswalk import by_wording
from loaders.derive.crosswalk_score import Pair, score_pairs
from loaders.derive.crosswalk_sides import read_sides
from loaders.vocab import MIG
from service.settings import REPO_DIR

SET = REPO_DIR / "tests" / "evaluation" / "crosswalk.csv"
SECOND_READER = REPO_DIR / "tests" / "evaluation" / "crosswalk_second_reader.csv"
AREA = "crosswalk"
# `validation`: the former heldout rows, spent on choosing between the routes (crosswalk.md)
SPLITS = ("dev", "validation", "heldout")
GRADES = ("sound", "weak", "wrong")
Items = list[dict[str, str]]  # rows of a graded set


def graded(path: Path = SET) -> Items:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def scores_in_build(build_root: Path) -> dict[tuple[str, str], tuple[float, bool]]:
    """(line code, objective number) -> (score, published) for every correspondence."""
    found = rows(
        build_root,
        "SELECT ?l ?o ?s ?p WHERE { ?c a mig:Correspondence ; mig:pemLineOfAction ?l ; "
        "mig:gcmObjectiveMatched ?o ; mig:correspondenceScore ?s ; mig:published ?p }",
    )
    out = {}
    for r in found:
        line = r["l"].removeprefix(BASE + "pem/linea/")
        key = (line, r["o"].removeprefix(BASE + "gcm/objetivo/"))
        out[key] = (float(r["s"]), r["p"] == "true")
    return out


def _key(item: dict[str, str]) -> tuple[str, str]:
    return item["pem_line"], item["gcm_objective"]


def _grade(items: Items, published: set[tuple[str, str]], split: str,
           verdict: bool = False, recall: bool = True) -> list[Score]:  # fmt: skip
    """The published links among `items` of `split` ("all": every item), graded; with
    `verdict`, against the targets (module docstring: only on a census); without `recall`
    for rows drawn by whether they are published (the second reader's)."""
    mine = [i for i in items if split == "all" or i["split"] == split]
    hits = [i for i in mine if _key(i) in published]
    sound_all = [i for i in mine if i["grade"] == "sound"]
    n = len(hits)
    sound_target, wrong_target = ("sound >= 0.85", "none") if verdict else ("", "")
    if not n:  # no published link to grade here: no share, and no verdict either way
        return [Score(AREA, "published links: sound share", split, 0, target=sound_target)]
    share = {g: sum(1 for i in hits if i["grade"] == g) / n for g in GRADES}
    wrong = sum(1 for i in hits if i["grade"] == "wrong")
    found = sum(1 for i in hits if i["grade"] == "sound") / len(sound_all) if sound_all else None
    return [
        Score(AREA, "published links: sound share", split, n, share["sound"],
              found if recall else None,
              share["sound"], sound_target, share["sound"] >= 0.85 if verdict else None),
        Score(AREA, "published links: weak share", split, n, value=share["weak"]),
        Score(AREA, "published links: wrong", split, n, value=float(wrong), target=wrong_target,
              met=wrong == 0 if verdict else None),
    ]  # fmt: skip


def _coverage(items: Items, published: set[tuple[str, str]], split: str,
              who: str) -> Score:  # fmt: skip
    """The share of the published links that `items` grade: 1.0 makes the rows a census."""
    found = published & {_key(i) for i in items}
    return Score(AREA, f"published links graded {who}", split, len(published),
                 value=len(found) / len(published) if published else 1.0)  # fmt: skip


def agreement(first: Items, second: Items) -> tuple[int, float, float]:
    """How many pairs both readers graded, the share graded alike and Cohen's kappa."""
    from sklearn.metrics import cohen_kappa_score

    theirs = {_key(i): i["grade"] for i in first}
    both = [(theirs[_key(i)], i["grade"]) for i in second if _key(i) in theirs]
    if not both:
        return 0, 0.0, 0.0
    a, b = zip(*both, strict=True)
    alike = sum(x == y for x, y in both) / len(both)
    return len(both), alike, float(cohen_kappa_score(a, b, labels=list(GRADES)))


def evaluate(build_root: Path) -> list[Score]:
    items, second = graded(), graded(SECOND_READER)
    published = {k for k, (_, p) in scores_in_build(build_root).items() if p}
    n, alike, kappa = agreement(items, second)
    return [
        *(s for split in SPLITS for s in _grade(items, published, split)),
        *_grade(items, published, "all", verdict=True),
        _coverage(items, published, "all", "in the set"),
        *_grade(second, published, "regrade", verdict=True, recall=False),
        _coverage(second, published, "regrade", "by the second reader"),
        Score(AREA, "second reader: same grade as the set", "regrade", n, value=alike),
        Score(AREA, "second reader: Cohen's kappa", "regrade", n, value=kappa),
    ]


def scored(build_root: Path) -> dict[tuple[str, str], Pair]:
    """(line code, objective number) -> the pair's evidence, recomputed from the build's
    graph as the build computes it."""
    graph = store(build_root)
    lines = read_sides(graph, str(MIG.PEMLineOfAction))
    objectives = read_sides(graph, str(MIG.GCMObjective))
    line, objective = BASE + "pem/linea/", BASE + "gcm/objetivo/"
    return {
        (p.line.removeprefix(line), p.objective.removeprefix(objective)): p
        for p in score_pairs(lines, objectives)
    }


def _print(items: list[dict[str, str]], threshold: float, published: set[tuple[str, str]],
           split: str) -> None:  # fmt: skip
    graded_here = _grade(items, published, split)
    if len(graded_here) == 1:
        print(f"{threshold:.2f} n=  0")
        return
    sound, weak, wrong = graded_here
    print(f"{threshold:.2f} n={sound.items:3d} sound={sound.value or 0:.3f} "
          f"weak={weak.value or 0:.3f} recall={sound.recall or 0:.3f} "
          f"wrong={wrong.value or 0:.0f}")  # fmt: skip


def sweep(build_root: Path, split: str = "dev") -> None:
    """Sound share, weak share, wrong count and recall on `split` for each threshold."""
    items = graded()
    found = scored(build_root)
    wording = {k for k, p in found.items() if by_wording(p)}
    for guard in (True, False):
        print(f"vote threshold{'' if guard else ', without the heading-word guard'} "
              f"(or the wording route: {len(wording)} pairs)")  # fmt: skip
        for threshold in sorted({round(p.vote, 2) for p in found.values() if p.vote >= 0.2}):
            voted = {k for k, p in found.items() if p.vote >= threshold and (p.echoes or not guard)}
            _print(items, threshold, wording | voted, split)
    print("wording route alone: score threshold, among corroborated pairs")
    for threshold in sorted({round(p.score, 2) for p in found.values() if p.score >= 0.3}):
        published = {k for k, p in found.items() if p.corroborated and p.score >= threshold}
        _print(items, threshold, published, split)


if __name__ == "__main__":
    sweep(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "dev")

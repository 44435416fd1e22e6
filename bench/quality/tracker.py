"""Grading the commitment tracker against `tests/evaluation/tracker_*.csv`.

Statuses (criteria in `tests/evaluation/tracker.md`): on the PEM rows, exact agreement
(target 1.0); on the GCM report rows, `strong`/`weak` counts as reported and `none` as not
reported: agreement, the precision of `strong` and the recall of any evidence. Change
records: the share of the set's rows for which the build has a record of that type (target
>= 0.8).
"""

from __future__ import annotations

import csv
from pathlib import Path

from bench.quality import Score
from bench.quality.graph import BASE, rows
from service.settings import REPO_DIR

EVALUATION = REPO_DIR / "tests" / "evaluation"
AREA = "tracker"


def _read(name: str) -> list[dict[str, str]]:
    with (EVALUATION / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def statuses_in_build(build_root: Path) -> dict[tuple[str, str], str]:
    """(line code, document key) -> status code."""
    found = rows(
        build_root,
        "SELECT ?l ?d ?code WHERE { ?s a mig:TrackerStatus ; mig:trackedSubject ?l ; "
        "mig:inDocument ?d ; mig:trackerStatus ?v . ?v skos:notation ?code . "
        "?l a mig:PEMLineOfAction }",
    )
    return {
        (r["l"].removeprefix(BASE + "pem/linea/"), r["d"].removeprefix(BASE + "documento/")): r[
            "code"
        ]
        for r in found
    }


def changes_in_build(build_root: Path) -> set[tuple[str, str, str, str, str]]:
    """(kind, subject id, before, after, type) of every change record."""
    found = rows(
        build_root,
        "SELECT ?c ?b ?a ?code WHERE { ?c a mig:ChangeRecord ; mig:fromDocument ?b ; "
        "mig:toDocument ?a ; mig:changeType ?t . ?t skos:notation ?code }",
    )
    out = set()
    for r in found:
        kind, subject = r["c"].removeprefix(BASE + "seguimiento/cambio/").split("/")[:2]
        before = r["b"].removeprefix(BASE + "documento/")
        after = r["a"].removeprefix(BASE + "documento/")
        out.add((kind, subject, before, after, r["code"]))
    return out


def _status_scores(
    items: list[dict[str, str]], built: dict[tuple[str, str], str], split: str
) -> list[Score]:
    mine = [i for i in items if split == "all" or i["split"] == split]
    pem = [i for i in mine if i["document"].startswith("pem-")]
    gcm = [i for i in mine if i["document"].startswith("pmm-")]
    exact = sum(1 for i in pem if built.get((i["pem_line"], i["document"])) == i["expected"])
    pem_agree = exact / len(pem) if pem else 0.0

    def said(i: dict[str, str]) -> str:
        return built.get((i["pem_line"], i["document"]), "missing")

    agree = sum(1 for i in gcm if (said(i) in ("strong", "weak")) == (i["expected"] == "reported"))
    strong = [i for i in gcm if said(i) == "strong"]
    reported = [i for i in gcm if i["expected"] == "reported"]
    precision = (
        sum(1 for i in strong if i["expected"] == "reported") / len(strong) if strong else None
    )
    recall = (
        sum(1 for i in reported if said(i) in ("strong", "weak")) / len(reported)
        if reported
        else None
    )
    return [
        Score(AREA, "PEM statuses: exact agreement", split, len(pem), value=pem_agree,
              target="= 1", met=exact == len(pem)),
        Score(AREA, "report statuses: agreement", split, len(gcm), precision, recall,
              agree / len(gcm) if gcm else 0.0),
    ]  # fmt: skip


def _change_scores(
    items: list[dict[str, str]], built: set[tuple[str, str, str, str, str]], split: str
) -> Score:
    mine = [i for i in items if split == "all" or i["split"] == split]
    met = sum(
        1
        for i in mine
        if (i["subject_kind"], i["subject"], i["before"], i["after"], i["expected"]) in built
    )
    share = met / len(mine) if mine else 0.0
    return Score(AREA, "change records: agreement", split, len(mine), value=share,
                 target=">= 0.8", met=share >= 0.8)  # fmt: skip


def evaluate(build_root: Path) -> list[Score]:
    statuses = _read("tracker_statuses.csv")
    changes = _read("tracker_changes.csv")
    built = statuses_in_build(build_root)
    records = changes_in_build(build_root)
    out: list[Score] = []
    for split in ("dev", "heldout"):
        out += _status_scores(statuses, built, split)
    for split in ("dev", "heldout"):
        out.append(_change_scores(changes, records, split))
    return out

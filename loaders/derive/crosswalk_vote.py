"""The reports' own filing as crosswalk evidence: under which GCM objective do the GCM
reports file the actions nearest a PEM line of action?

The 2018, 2022 and 2024 reports file each action they state under an objective
(`mig:contributesTo`); where they file the work most like a line shows what it is for.
For each line the `NEIGHBOURS` report actions nearest it are found twice, by TF-IDF cosine
over character n-grams of content words (`Similarity(..., by="chars")`): nearest the line's
wording and its planned actions together, and nearest its wording alone. Each neighbour
votes for the objective its report files it under, with its similarity divided by the square
root of that objective's number of actions (objective 7 files 66 actions, objective 9 six:
without this a large objective collects neighbours by its size alone). The votes of each
search are shared out over the objectives (they sum to 1 for a line), and a pair's `vote` is
the mean of the two searches: ten alike actions that the reports file under one objective
outweigh a phrase that line and objective happen to share.

`NEIGHBOURS` and the size correction were compared on the dev split of
`tests/evaluation/crosswalk.csv` (`python -m bench.quality.crosswalk <build>/current`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from loaders.derive.crosswalk_sides import Act, Side
from loaders.derive.similarity import Similarity

__all__ = ["NEIGHBOURS", "Votes", "filing_votes"]

NEIGHBOURS = 10


@dataclass(frozen=True)
class Votes:
    """For one line: each objective's vote in [0, 1], and the neighbours filed under it."""

    share: list[float]
    neighbours: list[set[str]]


def _sorted(actions: dict[str, Act]) -> list[Act]:
    return [actions[k] for k in sorted(actions)]


def _nearest(row: list[float]) -> list[int]:
    """The `NEIGHBOURS` columns of `row` with the highest similarity (ties: first column)."""
    ranked = sorted(range(len(row)), key=lambda k: (-row[k], k))
    return [k for k in ranked[:NEIGHBOURS] if row[k] > 0]


def _search(row: list[float], filed: list[int], weight: list[float], n: int) -> list[float]:
    votes = [0.0] * n
    for k in _nearest(row):
        votes[filed[k]] += row[k] * weight[filed[k]]
    total = sum(votes)
    return [v / total if total else 0.0 for v in votes]


def filing_votes(corpus: Sequence[str], lines: list[Side], objectives: list[Side]) -> list[Votes]:
    """Each line's votes over `objectives`, in the order of `lines` (the IDF is `corpus`'s)."""
    sim = Similarity(corpus, by="chars")
    filed_acts = [(j, a) for j, o in enumerate(objectives) for a in _sorted(o.actions)]
    filed = [j for j, _ in filed_acts]
    gcm_acts = [a for _, a in filed_acts]
    weight = [1 / max(len(o.actions), 1) ** 0.5 for o in objectives]
    texts = [a.text for a in gcm_acts]
    by_text = sim.matrix([s.text for s in lines], texts)
    by_wording = sim.matrix([s.purpose for s in lines], texts)
    found: list[Votes] = []
    n = len(objectives)
    for rows in zip(by_text, by_wording, strict=True):
        searches = [_search(row, filed, weight, n) for row in rows]
        share = [round((a + b) / 2, 4) for a, b in zip(*searches, strict=True)]
        neighbours: list[set[str]] = [set() for _ in objectives]
        for row in rows:
            for k in _nearest(row):
                neighbours[filed[k]].add(gcm_acts[k].iri)
        found.append(Votes(share, neighbours))
    return found

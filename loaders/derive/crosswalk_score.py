"""Scoring a PEM line of action against a GCM objective from several kinds of evidence.

For a pair (line, objective) four kinds of evidence are measured, each in [0, 1]:

- **purpose**: how alike the line's wording and the objective's titles are (TF-IDF cosine
  over Spanish stems, `similarity.py`), relative to the objective that best matches the line;
- **text**: the same over everything filed under each side (labels and actions' texts),
  relative to the best objective for the line;
- **filing**: the share of the line's actions whose nearest GCM action (by text) the reports
  file under this objective, counting only neighbours alike enough to be the same kind of
  work (`WORK_MIN`): the documents' own filing, read through their actions;
- **work**: the same programme or the same agency doing the same kind of work on both sides:
  1 when an action under the line and an action under the objective are about one programme,
  or share a responsible agency, and their texts are alike (`WORK_MIN`); an agency alone,
  doing something else (one agency publishing a travellers' guide), is not evidence.

A fifth measure, **vote**, reads the reports' filing through the k nearest report actions
of the line (`crosswalk_vote.py`); it publishes a link on its own (see `crosswalk.py`) and
its neighbours filed under the objective are evidence actions.

Each pair also names, on each side, the action most alike the other side's purpose, so that
every correspondence shows actions on both sides to check. The score is their weighted sum
(`WEIGHTS`); the threshold that publishes a link is chosen
on the dev split of `tests/evaluation/crosswalk.csv` (see `crosswalk.py`).

A score is mostly wording, and one shared phrase ("erradicar", "seguridad y dignidad") can
carry it past the threshold. So a pair is **corroborated** only when the wording is backed
by a second, independent kind of evidence: the reports' filing (`filing` > 0), the same
programme or agency doing alike work (`work`), or a line whose wording restates the
objective's: at least two and at least `RESTATED` of the line's distinct content words (by
stem) are the objective's too (`terms`; 4.5.1 "acuerdos para el reconocimiento y
portabilidad de los beneficios de seguridad social" shares 4 of 6 with objective 22).
Only corroborated pairs are published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.derive.crosswalk_sides import Act, Side
from loaders.derive.crosswalk_vote import filing_votes
from loaders.derive.similarity import Similarity, shared_topics, shared_words, stems

__all__ = ["RESTATED", "WEIGHTS", "WORK_MIN", "Pair", "score_pairs"]

WEIGHTS = {"purpose": 0.6, "text": 0.2, "filing": 0.1, "work": 0.1}
WORK_MIN = 0.25
RESTATED = 0.5


@dataclass
class Pair:
    """The evidence for one (line, objective) pair."""

    line: str
    objective: str
    purpose: float = 0.0
    text: float = 0.0
    filing: float = 0.0
    work: float = 0.0
    vote: float = 0.0  # the reports' filing of the line's nearest actions (crosswalk_vote.py)
    programs: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    terms: tuple[str, ...] = ()  # content words the line's wording shares with the objective's
    echoes: tuple[str, ...] = ()  # words of the line or its actions naming the heading's topic
    words: int = 0  # distinct content words (stems) of the line's wording

    @property
    def corroborated(self) -> bool:
        """Wording backed by filing, by alike work, or by a restatement (module docstring)."""
        return self.filing > 0 or self.work > 0 or self.restated

    @property
    def restated(self) -> bool:
        """Most of the line's content words are the objective's too."""
        return len(self.terms) >= 2 and len(self.terms) >= RESTATED * self.words

    @property
    def score(self) -> float:
        parts = {"purpose": self.purpose, "text": self.text}
        parts |= {"filing": self.filing, "work": self.work}
        return round(sum(WEIGHTS[k] * v for k, v in parts.items()), 3)

    @property
    def kinds(self) -> list[str]:
        """The kinds of evidence present, for the graph (mig:evidenceKind)."""
        kinds = [k for k in ("purpose", "text", "filing") if getattr(self, k) > 0]
        if self.vote > 0:
            kinds.append("vote")
        if self.programs:
            kinds.append("program")
        if self.agencies:
            kinds.append("agency")
        return kinds


def _scaled(rows: list[list[float]]) -> list[list[float]]:
    """Each cosine as the geometric mean of its share of the row's best (is this the
    objective that suits the line best?) and of the corpus's best (is it alike at all?)."""
    top = max((x for r in rows for x in r), default=0.0)
    return [
        [round((x / max(r) * x / top) ** 0.5, 4) if max(r) > 0 else 0.0 for x in r] for r in rows
    ]


def score_pairs(lines: list[Side], objectives: list[Side]) -> list[Pair]:
    """Every (line, objective) pair with its evidence, in (line, objective) order."""
    pem_acts = [a for s in lines for a in sorted(s.actions.values(), key=lambda a: a.iri)]
    gcm_acts = [a for s in objectives for a in sorted(s.actions.values(), key=lambda a: a.iri)]
    filed = {a.iri: s.iri for s in objectives for a in s.actions.values()}
    corpus = [s.text for s in (*lines, *objectives)] + [a.text for a in (*pem_acts, *gcm_acts)]
    sim = Similarity(corpus)
    votes = filing_votes(corpus, lines, objectives)
    purpose = _scaled(sim.matrix([s.purpose for s in lines], [o.purpose for o in objectives]))
    text = _scaled(sim.matrix([s.text for s in lines], [o.text for o in objectives]))
    act_sim = sim.matrix([a.text for a in pem_acts], [a.text for a in gcm_acts])
    # each side's action closest to the other side's purpose: the actions a reader checks
    to_objective = sim.matrix([a.text for a in pem_acts], [o.purpose for o in objectives])
    to_line = sim.matrix([a.text for a in gcm_acts], [s.purpose for s in lines])
    gcm_row = {a.iri: k for k, a in enumerate(gcm_acts)}
    row_of = {a.iri: i for i, a in enumerate(pem_acts)}
    col_of = {o.iri: j for j, o in enumerate(objectives)}
    pairs: list[Pair] = []
    for i, line in enumerate(lines):
        found = [Pair(line.iri, o.iri, purpose[i][j], text[i][j]) for j, o in enumerate(objectives)]
        words = len(set(stems(line.purpose)))
        for pair, objective in zip(found, objectives, strict=True):
            pair.terms, pair.words = tuple(shared_words(line.purpose, objective.purpose)), words
            pair.echoes = tuple(shared_topics(line.text, objective.purpose))
        mine = sorted(line.actions.values(), key=lambda a: a.iri)
        for act in mine:
            row = act_sim[row_of[act.iri]]
            best = max(range(len(gcm_acts)), key=lambda k: (row[k], -k), default=None)
            if best is not None and row[best] >= WORK_MIN:
                pair = found[col_of[filed[gcm_acts[best].iri]]]
                pair.filing += 1 / len(mine)
                pair.actions.update((act.iri, gcm_acts[best].iri))
            for k, other in enumerate(gcm_acts):
                if row[k] >= WORK_MIN:
                    _work(found[col_of[filed[other.iri]]], act, other)
        for j, (pair, objective) in enumerate(zip(found, objectives, strict=True)):
            pair.filing = round(pair.filing, 4)
            pair.vote = votes[i].share[j]
            pair.actions |= votes[i].neighbours[j]
            _closest(pair, [(to_objective[row_of[a.iri]][j], a.iri) for a in mine])
            theirs = sorted(objective.actions)
            _closest(pair, [(to_line[gcm_row[a]][i], a) for a in theirs])
        pairs += found
    return pairs


def _closest(pair: Pair, scored: list[tuple[float, str]]) -> None:
    """Add the action of `scored` most alike the other side (none when nothing is alike)."""
    best = max(scored, key=lambda s: (s[0], s[1]), default=None)
    if best is not None and best[0] > 0:
        pair.actions.add(best[1])


def _work(pair: Pair, mine: Act, other: Act) -> None:
    """The same programme or agency doing alike work under both sides."""
    programs = mine.programs & other.programs
    agencies = mine.agencies & other.agencies
    if programs or agencies:
        pair.work = 1.0
        pair.programs |= programs
        pair.agencies |= agencies
        pair.actions.update((mine.iri, other.iri))

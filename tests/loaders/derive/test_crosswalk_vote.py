"""The reports' filing vote and the heading's topic words, on small sides written by hand."""

from __future__ import annotations

from loaders.derive.crosswalk_sides import Act, Side
from loaders.derive.crosswalk_vote import NEIGHBOURS, filing_votes
from loaders.derive.similarity import shared_topics


def _side(iri: str, label: str, *acts: str) -> Side:
    side = Side(iri, {label})
    side.actions = {f"{iri}/{k}": Act(f"{iri}/{k}", {t}) for k, t in enumerate(acts)}
    return side


LINE = _side("l", "Campañas contra actitudes xenofóbicas y discriminatorias")
TRAFFIC = _side(
    "o10",
    "Prevenir, combatir y erradicar la trata de personas",
    "Atención a víctimas de trata de personas",
    "Campaña Corazón Azul contra la trata",
)
RACISM = _side(
    "o17",
    "Eliminar todas las formas de discriminación",
    "Campaña contra la discriminación y la xenofobia",
    "Jornadas contra actitudes discriminatorias",
)


def _corpus() -> list[str]:
    sides = (LINE, TRAFFIC, RACISM)
    return [s.text for s in sides] + [a.text for s in sides for a in s.actions.values()]


def test_the_reports_filing_votes_for_the_objective_of_the_nearest_actions() -> None:
    (votes,) = filing_votes(_corpus(), [LINE], [TRAFFIC, RACISM])
    assert votes.share[1] > 0.5 > votes.share[0]
    assert abs(sum(votes.share) - 1) < 1e-3
    assert votes.neighbours[1] == {"o17/0", "o17/1"}
    assert NEIGHBOURS == 10


def test_a_line_like_no_action_gets_no_vote() -> None:
    lonely = _side("x", "Zzzz qqqq")
    (votes,) = filing_votes([*_corpus(), lonely.text], [lonely], [TRAFFIC, RACISM])
    assert votes.share == [0.0, 0.0] and votes.neighbours == [set(), set()]


def test_same_input_same_votes() -> None:
    first = filing_votes(_corpus(), [LINE], [TRAFFIC, RACISM])
    assert filing_votes(_corpus(), [LINE], [TRAFFIC, RACISM]) == first


def test_topic_words_leave_out_the_heading_s_verbs() -> None:
    # pem-2018:3659 "erradicar el trabajo infantil" shares only the verb with objective 10
    assert shared_topics("Erradicar el trabajo infantil", TRAFFIC.purpose) == []
    assert shared_topics("Víctimas de trata", TRAFFIC.purpose) == ["trata"]
    # a noun of the heading counts even when a verb of the same stem is there too
    assert shared_topics("trabajo decente", "Trabajar por el trabajo decente") == [
        "trabajo",
        "decente",
    ]

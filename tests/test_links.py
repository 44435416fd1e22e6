"""Full-corpus tests of programme identity, passing mentions and the graded PEM-GCM crosswalk.

Counts are exact: each follows from the sources and the rules in loaders/derive/; a change
that moves one must say why. The named facts were read in the source files (file:line).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from loaders.text import fold
from loaders.vocab import Ids
from tests.test_identity import PREFIX, ask, named

IDS = Ids()
OWL = "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
EVALUATION = Path(__file__).parent / "evaluation"
_NOISE = {"de", "del", "la", "las", "los", "el", "para", "y", "en", "a", "sobre"}
_HEADS = {"programa", "proyecto", "piloto", "estrategia"}


def rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    result = store.query(PREFIX + OWL + query)
    names = [v.value for v in result.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


def _normalised(label: str) -> str:
    """A label without accents, case, connectives, generic heads or plural endings."""
    words = re.findall(r"\w+", fold(label))
    return " ".join(w.rstrip("s") for w in words if w not in _NOISE | _HEADS)


def test_no_programme_has_two_iris(corpus_store: ox.Store) -> None:
    labels = rows(
        corpus_store,
        "SELECT DISTINCT ?p ?l WHERE { ?p a mig:Program . "
        "{ ?p skos:prefLabel ?l } UNION { ?p skos:altLabel ?l } }",
    )
    by_label: dict[str, set[str]] = defaultdict(set)
    for r in labels:
        by_label[_normalised(r["l"])].add(r["p"])
    assert len(by_label) > 100
    assert {k: v for k, v in by_label.items() if len(v) > 1} == {}


def test_retired_iris_are_same_as_the_kept_ones(corpus_store: ox.Store) -> None:
    # pmm-2018:163 "Ventanillas de Atención Integral para la Mujer", :519 "la Ventanilla ...
    # (VAIM) descrita previamente"; pem-2018:52 "Proyecto Piloto Municipios Fronterizos de
    # Derechos Humanos", pmm-2018:534 "el programa piloto: Municipios Fronterizos ..."
    pairs = rows(corpus_store, "SELECT ?r ?k WHERE { ?r owl:sameAs ?k }")
    assert {(r["r"], r["k"]) for r in pairs} == {
        (
            str(IDS.program("ventanillas-de-atencion-integral-para-la-mujer")),
            str(IDS.program("ventanilla-de-atencion-integral-para-la-mujer")),
        ),
        (
            str(IDS.program("municipios-fronterizos-de-derechos-humanos")),
            str(IDS.program("proyecto-piloto-municipios-fronterizos")),
        ),
    }
    for r in pairs:
        assert not ask(corpus_store, f"ASK {{ <{r['r']}> a mig:Program }}")
    vaim = IDS.program("ventanilla-de-atencion-integral-para-la-mujer")
    for action in ("pmm-2018/obj03-14", "pem-2018/1.4.7-1", "pmm-2022/obj16-2"):
        doc, local = action.split("/")
        assert ask(corpus_store, f"ASK {{ <{IDS.action(doc, local)}> mig:aboutProgram <{vaim}> }}")


def test_a_generic_name_links_and_mints_nothing(corpus_store: ox.Store) -> None:
    # pmm-2018:235 "han participado 1,876 trabajadores ... en el Mecanismo de Movilidad Laboral"
    assert not ask(corpus_store, "ASK { ?p a mig:Program ; skos:prefLabel ?l "
                   "FILTER(STR(?l) = 'Mecanismo de Movilidad Laboral') }")  # fmt: skip
    # pmm-2022:2356 the SNE's "Mecanismo Movilidad Laboral Externa para Trabajadores no Agrícolas"
    mml = IDS.program("mecanismo-movilidad-laboral")
    assert not ask(corpus_store, f"ASK {{ <{IDS.action('pmm-2022', 'obj06-5')}> ?rel <{mml}> }}")
    action = IDS.action("pmm-2018", "obj05-07")
    assert ask(corpus_store, f"ASK {{ <{action}> mig:aboutProgram <{mml}> }}")


def test_passing_mentions_are_apart(corpus_store: ox.Store) -> None:
    found = rows(corpus_store, "SELECT ?a ?p WHERE { ?a mig:mentionsProgram ?p }")
    assert len(found) == 31  # 18, + 15 passing places, - 2 cards the results count
    assert not ask(corpus_store, "ASK { ?a mig:mentionsProgram ?p ; mig:aboutProgram ?p }")
    # pmm-2022:5447-5476: consular outreach "Conforme a los resultados obtenidos ... en la
    # Encuesta sobre Migración en la Frontera Norte de México (EMIF Norte)": results only
    action, emif = IDS.action("pmm-2022", "obj12-1"), IDS.program("emif-norte")
    assert ask(corpus_store, f"ASK {{ <{action}> mig:mentionsProgram <{emif}> }}")
    # pem-2018:4513 "el Programa OASISS, con la participación de PGR, INM, Grupo BETA": co-actor
    action, beta = IDS.action("pem-2018", "5.3.4-1"), IDS.program("grupos-beta")
    assert ask(corpus_store, f"ASK {{ <{action}> mig:mentionsProgram <{beta}> }}")
    # pem-2015:107 "difundirá en los diferentes eventos de la Semana Nacional de Educación
    # Financiera 2015": a venue
    action = IDS.action("pem-2015", "2.5.2-2")
    assert ask(corpus_store, f"ASK {{ <{action}> mig:mentionsProgram "
               f"<{IDS.program('semana-nacional-educacion-financiera')}> }}")  # fmt: skip
    # pem-2018:949 "62,555 personas (la suma de las movilidades, repatriados, PTAT y MML)": an
    # aside; pem-2018:2281 "consultas médicas y afiliaciones al Seguro Popular": one service
    for local, slug in (("1.5.6-1", "ptat"), ("1.5.6-1", "mecanismo-movilidad-laboral"),
                        ("3.4.3-2", "seguro-popular")):  # fmt: skip
        action = IDS.action("pem-2018", local)
        assert ask(corpus_store, f"ASK {{ <{action}> mig:mentionsProgram <{IDS.program(slug)}> }}")
    # pmm-2018:98 a database of "la información derivada de la aplicación de Protocolo ...": a
    # data source; pmm-2018:677 "las siguientes actividades: Cursos ... para ... (OPIS)"
    for local, slug in (("obj01-11", "protocolo-atencion-consular-nna"), ("obj23-05", "opis")):
        action = IDS.action("pmm-2018", local)
        assert ask(corpus_store, f"ASK {{ <{action}> mig:mentionsProgram <{IDS.program(slug)}> }}")
    # pmm-2022:2013 "se han expedido 56,929 tarjetas de visitante regional": the results count
    # the entry's own product, so the entry is about the card though its title does not name it
    action = IDS.action("pmm-2022", "obj05-3")
    assert ask(corpus_store, f"ASK {{ <{action}> mig:aboutProgram "
               f"<{IDS.program('tarjeta-visitante-regional')}> }}")  # fmt: skip
    assert len(rows(corpus_store, "SELECT ?a ?p WHERE { ?a mig:aboutProgram ?p }")) == 222


def test_programmes_named_in_the_2024_report(corpus_store: ox.Store) -> None:
    found = rows(
        corpus_store,
        "SELECT ?p ?o ?line WHERE { ?m mig:mentionOf ?p ; mig:mentionedUnder ?o ; "
        "mig:sourceLineStart ?line }",
    )
    assert {(r["p"].rsplit("/", 1)[1], r["o"].rsplit("/", 1)[1], r["line"]) for r in found} == {
        ("ptat", "6", "199"),  # "el Programa de Trabajadores Agrícolas Temporales (PTAT)"
        ("mecanismo-movilidad-laboral", "6", "199"),  # "el Mecanismo ... con Canadá"
        ("tarjeta-visitante-trabajador-fronterizo", "4", "167"),
        ("tarjeta-visitante-razones-humanitarias", "4", "167"),
        ("jovenes-construyendo-el-futuro", "2", "145"),
    }  # fmt: skip


# --- the crosswalk -------------------------------------------------------------------------


def test_published_and_candidate_counts(corpus_store: ox.Store) -> None:
    counts = rows(
        corpus_store,
        "SELECT ?pub (COUNT(?c) AS ?n) WHERE { ?c a mig:Correspondence ; mig:published ?pub } "
        "GROUP BY ?pub",
    )
    # 441 correspondences: 298 pairs score at least 0.25 (line 1.3.3 with objectives 1 and 17
    # fell below when pem-2015:41's diagnosis became a passing mention of the EMIF surveys it
    # draws on) and 143 more whose vote of the reports' filing reaches 0.2. Published: the 15
    # of the 23 pairs reaching 0.51 that a second kind of evidence corroborates; 8 rest on
    # wording alone and stay candidates, among them 4.5.7-10 and 4.4.2-21 (wrong: one shared
    # phrase). The vote's own route is off (`PUBLISH_BY_VOTE`: graded blind, the seven links
    # a majority of the vote adds are two sound, four weak, one wrong). Every published link
    # is graded in tests/evaluation/crosswalk.csv.
    assert {r["pub"]: int(r["n"]) for r in counts} == {"true": 15, "false": 426}
    links = rows(
        corpus_store, "SELECT ?l ?o WHERE { ?l a mig:PEMLineOfAction ; skos:relatedMatch ?o }"
    )
    assert len(links) == 15  # fmt: skip
    # both directions, and a candidate is never a published link
    assert not ask(corpus_store, "ASK { ?l a mig:PEMLineOfAction ; skos:relatedMatch ?o . "
                   "FILTER NOT EXISTS { ?o skos:relatedMatch ?l } }")  # fmt: skip
    assert not ask(corpus_store, "ASK { ?l mig:candidateMatch ?o ; skos:relatedMatch ?o }")


def test_every_published_link_is_graded_by_two_readers(corpus_store: ox.Store) -> None:
    # The published crosswalk is small enough to grade whole, twice: once in the evaluation
    # set and once by a reader who did not know which pairs are published (crosswalk.md,
    # "Sixth pass"). A change that publishes a link neither graded fails here until it is.
    base = IDS.base
    links = rows(
        corpus_store, "SELECT ?l ?o WHERE { ?l a mig:PEMLineOfAction ; skos:relatedMatch ?o }"
    )
    published = {
        (r["l"].removeprefix(base + "pem/linea/"), r["o"].removeprefix(base + "gcm/objetivo/"))
        for r in links
    }
    for name in ("crosswalk.csv", "crosswalk_second_reader.csv"):
        with (EVALUATION / name).open(encoding="utf-8") as f:
            grades = {(r["pem_line"], r["gcm_objective"]): r["grade"] for r in csv.DictReader(f)}
        assert published <= grades.keys(), name
        found = [grades[k] for k in published]
        assert found.count("wrong") == 0, name
        assert found.count("sound") / len(found) >= 0.85, name
    assert ("5.2.4", "8") in published  # pem-2018:4279, disappeared migrants: objective 8


def test_the_reports_filing_vote_is_evidence_not_publication(corpus_store: ox.Store) -> None:
    # pem-2018:485 "campañas de sensibilización para combatir actitudes xenofóbicas,
    # discriminatorias" shares no stem with objective 17's heading ("Eliminar todas las formas
    # de discriminación", pmm-2024:323): its score is 0.156, but the reports file the actions
    # most like it under 17 (campaigns against discrimination and xenophobia): a strong vote,
    # kept as evidence on a candidate (the vote does not publish on its own)
    line, objective = IDS.pem_line("1.3.2"), IDS.gcm_objective(17)
    assert ask(corpus_store, f"ASK {{ <{line}> mig:candidateMatch <{objective}> }}")
    node = IDS.correspondence("1.3.2", "17")
    found = rows(corpus_store, f"SELECT ?s ?v ?r WHERE {{ <{node}> mig:correspondenceScore ?s ; "
                 "mig:filingVote ?v ; mig:publicationReason ?r "
                 'FILTER(LANG(?r) = "es") }')  # fmt: skip
    assert float(found[0]["s"]) < 0.25 and float(found[0]["v"]) >= 0.9
    assert found[0]["r"].startswith("Candidata: puntuación 0.156")
    assert "0.914, es evidencia y ordena los predecesores" in found[0]["r"]
    kinds = rows(corpus_store, f"SELECT ?k WHERE {{ <{node}> mig:evidenceKind ?k }}")
    assert "FilingVoteEvidence" in {r["k"].split("#")[1] for r in kinds}
    # the report actions that voted are evidence, filed under 17 (pmm-2018, 2022, 2024)
    acts = rows(corpus_store, f"SELECT ?a WHERE {{ <{node}> mig:evidenceAction ?a . "
                f"?a mig:contributesTo <{objective}> }}")  # fmt: skip
    assert len(acts) >= 5


def test_a_published_link_read_in_the_sources(corpus_store: ox.Store) -> None:
    # pem-2018:3529 "Impulsar acuerdos para el reconocimiento y portabilidad de los beneficios de
    # seguridad social" continues GCM objective 22 (pmm-2024:377 "Establecer mecanismos para la
    # portabilidad de la seguridad social y las prestaciones adquiridas")
    line, objective = IDS.pem_line("4.5.1"), IDS.gcm_objective(22)
    assert ask(corpus_store, f"ASK {{ <{line}> skos:relatedMatch <{objective}> }}")
    node = IDS.correspondence("4.5.1", "22")
    found = rows(corpus_store, f"SELECT ?s ?k WHERE {{ <{node}> mig:correspondenceScore ?s ; "
                 "mig:evidenceKind ?k }")  # fmt: skip
    assert float(found[0]["s"]) >= 0.51
    assert {r["k"].split("#")[1] for r in found} >= {"PurposeEvidence", "TextEvidence"}
    # no filing or alike work (the line has no action like the objective's): the line's
    # wording restates the objective's, and the link says so
    why = rows(corpus_store, f"SELECT ?r WHERE {{ <{node}> mig:publicationReason ?r "
               'FILTER(LANG(?r) = "es") }')  # fmt: skip
    assert why[0]["r"].startswith("Publicada: puntuación 0.747 (umbral 0.51)")
    assert "4 / 6 palabras: portabilidad, beneficios, seguridad, social" in why[0]["r"]
    terms = rows(corpus_store, f"SELECT ?t WHERE {{ <{node}> mig:sharedTerm ?t }}")
    assert {r["t"] for r in terms} == {"portabilidad", "beneficios", "seguridad", "social"}


def test_every_published_link_has_a_second_kind_of_evidence(corpus_store: ox.Store) -> None:
    # filing, alike work or a restated wording, beside the wording's score
    assert not ask(
        corpus_store,
        """ASK { ?c a mig:Correspondence ; mig:published true ;
        mig:filingShare 0.0 ; mig:workEvidence 0.0 .
        FILTER NOT EXISTS { ?c mig:publicationReason ?r FILTER(CONTAINS(?r, "reformula")) } }""",
    )
    assert not ask(
        corpus_store,
        """ASK { ?c a mig:Correspondence .
        FILTER NOT EXISTS { ?c mig:publicationReason ?es , ?en
                            FILTER(LANG(?es) = "es" && LANG(?en) = "en") } }""",
    )


def test_links_resting_on_one_shared_phrase_stay_candidates(corpus_store: ox.Store) -> None:
    # pem-2018:3659 "erradicar el trabajo infantil" vs objective 10 ("erradicar la trata");
    # pem-2018:3395 work "en condiciones de seguridad y dignidad" vs objective 21 (return "en
    # condiciones de seguridad y dignidad"): both score above 0.51 on wording alone
    for code, objective in (("4.5.7", 10), ("4.4.2", 21)):
        line, obj = IDS.pem_line(code), IDS.gcm_objective(objective)
        assert not ask(corpus_store, f"ASK {{ <{line}> skos:relatedMatch <{obj}> }}")
        assert ask(corpus_store, f"ASK {{ <{line}> mig:candidateMatch <{obj}> }}")
        node = IDS.correspondence(code, str(objective))
        why = rows(corpus_store, f"SELECT ?s ?r WHERE {{ <{node}> mig:correspondenceScore ?s ; "
                   'mig:publicationReason ?r FILTER(LANG(?r) = "es") }')  # fmt: skip
        assert float(why[0]["s"]) >= 0.51
        assert why[0]["r"].startswith("Candidata: la puntuación")
        assert "solo la redacción" in why[0]["r"]


def test_the_issue_s_wrong_links_are_not_published(corpus_store: ox.Store) -> None:
    # pem-2018:3565 labour complaints vs objective 11 (border management); pem-2018:41 law
    # harmonisation vs objective 23 (international cooperation)
    for code, objective in (("4.5.3", 11), ("1.1.2", 23)):
        line, obj = IDS.pem_line(code), IDS.gcm_objective(objective)
        assert not ask(corpus_store, f"ASK {{ <{line}> skos:relatedMatch <{obj}> }}")


def test_predecessors_query_ranks_published_then_by_vote(corpus_store: ox.Store) -> None:
    found = named(corpus_store, "crosswalk_pem_predecessors_for_gcm", gcm=IDS.gcm_objective(20))
    keys = [(r["published"] == "true", float(r["vote"]), float(r["score"])) for r in found]
    assert keys == sorted(keys, reverse=True) and len(found) >= 5
    published = [r["lineNotation"] for r in found if r["published"] == "true"]
    # remittances and financial inclusion (pem-2018:1630-1720); then the candidates by vote:
    # 2.5.1 (cheaper remittances: wording alone at 0.562, vote 0.643), 2.4.6 (savings and
    # investment through financial intermediaries, pem-2018:1574)
    assert published == ["2.5.2", "2.5.3", "2.5.5"]
    assert [r["lineNotation"] for r in found if r["published"] != "true"][:2] == ["2.5.1", "2.4.6"]
    assert all(r["reason"].startswith(("Publicada", "Candidata")) for r in found)

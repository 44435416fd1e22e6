"""The programme-linking build step and the explained agency mentions, on small graphs built
with the shipped registries (texts quoted from the sources)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SKOS, XSD

from loaders.derive import program_links
from loaders.emit import es, new_graph
from loaders.model import Finding
from loaders.reference import explained
from loaders.reference.agencies import default_registry
from loaders.reference.programs import default_programs
from loaders.vocab import MIG, Ids

IDS = Ids()
KEY = "pmm-2022"


def graph_with(local: str, text: str, *, title: str | None = None, agency: str = "inm") -> Graph:
    g = new_graph()
    a = IDS.action(KEY, local)
    g.add((a, RDF.type, MIG.Action))
    g.add((a, MIG.description, es(text)))
    g.add((a, PROV.wasDerivedFrom, IDS.document(KEY)))
    g.add((a, MIG.sourceLineStart, Literal(10, datatype=XSD.integer)))
    g.add((a, MIG.responsibleAgency, IDS.agency(agency)))
    if title:
        g.add((a, SKOS.prefLabel, es(title)))
    return g


def run(g: Graph, decisions=None) -> program_links.Linking:
    return program_links.link(
        {KEY: g},
        programs=default_programs(),
        agencies=default_registry(),
        ids=IDS,
        files={KEY: "pmm-2022-compendio.txt"},
        decisions={} if decisions is None else decisions,
    )


def about(g: Graph, local: str) -> set[str]:
    return {str(p).rsplit("/", 1)[-1] for p in g.objects(IDS.action(KEY, local), MIG.aboutProgram)}


def test_capitalised_names_and_acronyms_link_with_provenance() -> None:
    # pem-2015:39 "los beneficios de Programa Paisano, Grupos Beta y OPI'S"
    g = graph_with("a", "los beneficios de Programa Paisano, Grupos Beta y OPI'S.")
    out = run(g)
    assert about(g, "a") == {"programa-paisano", "grupos-beta", "opis"}
    node = IDS.program("opis")
    assert (node, PROV.wasDerivedFrom, IDS.document(KEY)) in g
    assert (node, SKOS.altLabel, es("OPI'S")) in g
    assert (IDS.program("programa-paisano"), SKOS.prefLabel, es("Programa Paisano")) in g
    assert out.links == {KEY: 3} and out.candidates == []


def test_lowercase_phrase_goes_to_curation_and_withdraws_a_loader_link() -> None:
    # pmm-2022 obj21-5: "mejorar las condiciones para una repatriación humana, segura y ordenada"
    g = graph_with("b", "mejorar las condiciones para una repatriación humana, segura y ordenada")
    g.add((IDS.action(KEY, "b"), MIG.aboutProgram, IDS.program("programa-repatriacion-humana")))
    out = run(g)
    assert about(g, "b") == set()
    assert [(c.reason, c.decision) for c in out.candidates] == [("lowercase", "unsure")]
    assert out.findings and "withdrawn" in out.findings[0].message
    assert (IDS.program("programa-repatriacion-humana"), None, None) not in g


def test_curated_link_and_reject() -> None:
    text = "se han expedido 56,929 tarjetas de visitante regional."  # pmm-2022:2014
    decision = program_links.Decision(KEY, "c", "tarjeta-visitante-regional", "link")
    g = graph_with("c", text)
    out = run(g, {(KEY, "c", "tarjeta-visitante-regional"): decision})
    assert about(g, "c") == {"tarjeta-visitante-regional"}
    assert out.unsure == []
    reject = program_links.Decision(KEY, "d", "programa-paisano", "reject")
    g = graph_with("d", "Programa Paisano")
    run(g, {(KEY, "d", "programa-paisano"): reject})
    assert about(g, "d") == set()


def test_fuzzy_candidates_are_never_linked_by_themselves() -> None:
    # pmm-2022 obj20-3: scores 95 against the Semana Nacional de Educación Financiera
    g = graph_with("e", "En el marco de la Estrategia Nacional de Educación Financiera se realizó")
    out = run(g)
    assert about(g, "e") == set()
    assert [(c.program, c.reason) for c in out.candidates] == [
        ("semana-nacional-educacion-financiera", "fuzzy")
    ]


def test_state_namesake_gets_its_own_programme() -> None:
    # pmm-2022:13105 "5. Programa de Repatriación Humana (Puebla)"
    g = graph_with(
        "f",
        "Mediante el programa de Repatriación Humana se brinda apoyo a las y los migrantes",
        title="Programa de Repatriación Humana",
        agency="gobierno-puebla",
    )
    out = run(g)
    assert about(g, "f") == {"programa-de-repatriacion-humana-puebla"}
    own = IDS.program("programa-de-repatriacion-humana-puebla")
    assert (own, SKOS.prefLabel, es("Programa de Repatriación Humana (Puebla)")) in g
    assert [(c.reason, c.decision) for c in out.candidates] == [("state-namesake", "own-programme")]


def test_shipped_decisions_parse() -> None:
    decisions = program_links.read_decisions()
    assert len(decisions) == 21
    assert {d.decision for d in decisions.values()} == {"link", "reject"}
    programs = default_programs().programs
    assert all(d.program in programs for d in decisions.values())


def test_explained_mentions_become_notes_and_stale_rows_are_reported() -> None:
    rows = [
        explained.Explanation("x.txt", 5, "«Guía»", "a publication"),
        explained.Explanation("x.txt", 9, "«Nada»", "stale"),
    ]
    findings = [
        Finding("x.txt", 5, "unresolved-agency", "obj03-06: «Guía»"),
        Finding("x.txt", 6, "unresolved-agency", "obj03-07: «Otro»"),
    ]
    out = explained.apply(findings, rows)
    assert [f.kind for f in out] == ["note", "unresolved-agency", "warning"]
    assert out[0].message.endswith("(explained: a publication)")
    # 9 bodies outside the registry that the 2018 report names as acting (GTML, embassies,
    # consulates, ...); the rows for guides and protocols went when those stopped being bodies
    assert len(explained.read_explanations()) == 9

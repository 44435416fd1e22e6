"""The agency registry: integrity of agencies.csv and resolution of real source mentions."""

from __future__ import annotations

import csv
import itertools
import re

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from loaders.reference.agencies import AgencyRegistry, default_registry
from loaders.text import fold
from tests.conftest import source_text
from tests.paths import REPO

ROOT = REPO
REFERENCE = ROOT / "loaders" / "reference"
SOURCES = ROOT / "data" / "sources"


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return default_registry()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with (REFERENCE / "agencies.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def lines(key: str, start: int, end: int | None = None) -> str:
    """Lines start..end (1-based, inclusive) of a source, joined as in the file."""
    text = source_text(key).splitlines()
    return "\n".join(text[start - 1 : end or start])


def slugs(registry: AgencyRegistry, text: str) -> list[str]:
    return [m.agency.slug for m in registry.find_mentions(text)]


# --- the table ------------------------------------------------------------------------------


def test_counts(registry: AgencyRegistry) -> None:
    assert len(registry.agencies) == 203
    assert len(registry.states()) == 32
    public = [a for a in registry.agencies.values() if a.name_from_public_knowledge]
    assert (
        len(public) == 55
    )  # four names found stated in the sources: sg-conapo, afore, cultura, ugaj-segob


def test_all_32_states(registry: AgencyRegistry) -> None:
    states = {a.slug for a in registry.states()}
    assert "gobierno-guanajuato" in states and "gobierno-ciudad-de-mexico" in states
    assert registry.agencies["gobierno-guanajuato"].pref_label == (
        "Gobierno del Estado de Guanajuato"
    )
    for state in registry.states():
        assert state.acronyms == ()
        assert state.context_labels, state.slug


def test_slugs_unique_and_wellformed(rows: list[dict[str, str]]) -> None:
    slug_list = [r["slug"] for r in rows]
    assert len(slug_list) == len(set(slug_list))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slug_list)


def test_no_acronym_or_name_on_two_rows(registry: AgencyRegistry) -> None:
    acronyms: dict[str, str] = {}
    names: dict[str, str] = {}
    for agency in registry.agencies.values():
        for acronym in agency.acronyms:
            assert acronyms.setdefault(acronym, agency.slug) == agency.slug, acronym
        for name in (*agency.names, *agency.context_labels):
            assert names.setdefault(fold(name), agency.slug) == agency.slug, name


def test_every_kind_and_parent_exists(registry: AgencyRegistry) -> None:
    kinds = Graph().parse(ROOT / "ontology" / "agency-kinds.ttl")
    kind_iris = set(kinds.subjects(SKOS.inScheme, None))
    for agency in registry.agencies.values():
        assert registry.kind_iri(agency) in kind_iris, agency.slug
        if agency.parent:
            assert agency.parent in registry.agencies, agency.slug
            assert agency not in registry.ancestors(agency)


def test_name_evidence_states_the_name(registry: AgencyRegistry) -> None:
    for agency in registry.agencies.values():
        if agency.name_from_public_knowledge:
            assert agency.name_evidence == "", agency.slug
            continue
        file, line = agency.name_evidence.split(":")
        text = (SOURCES / file).read_text("utf-8").splitlines()
        around = fold(" ".join(text[int(line) - 1 : int(line) + 6]))
        assert fold(agency.pref_label) in around, agency.slug


def test_hierarchy(registry: AgencyRegistry) -> None:
    inm = registry.agencies["inm"]
    assert registry.parent(inm) == registry.agencies["segob"]
    assert [a.slug for a in registry.ancestors(registry.agencies["cpm"])] == ["upmrip", "segob"]


# --- resolving one cell ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("INM", "inm"),
        ("el INM", "inm"),
        ("UPMRIP-SEGOB", "upmrip"),
        ("(UPMRIP-SEGOB)", "upmrip"),
        ("SNE-STPS", "sne"),
        ("PFPNNAS-DIF", "pfpnna"),
        ("PFPNNAS-SNDIF", "pfpnna"),
        ("SCT-AICM", "aicm"),
        ("la Secretaría de Gobernación (SEGOB)", "segob"),
        ("SECRETARÍA DE RELACIONES EXTERIORES", "sre"),
        ("Secretaria de Gobernación", "segob"),
        ("CONACyT", "conacyt"),
        ("CONAHCYT", "conahcyt"),
        ("INAMI", "inm"),
        ("SALUD", "salud"),
        ("SS", "salud"),
        ("DIF", "sndif"),
        ("El COLEF", "colef"),
        ("PA", "pa"),
        ("G.N", "gn"),
        ("scjn", "scjn"),
        ("AMECID", "amexcid"),
        ("IMSS-BIENESTAR", "imss-bienestar"),
        ("Senado de la República", "senado"),
        ("Instituto Federal de la Defensoría Pública", "ifdp"),
        ("Guanajuato", "gobierno-guanajuato"),
        ("Estado de México", "gobierno-estado-de-mexico"),
        ("Michoacán de Ocampo", "gobierno-michoacan"),
        ("Ciudad de México", "gobierno-ciudad-de-mexico"),
        ("Gobierno del Estado de Tabasco", "gobierno-tabasco"),
    ],
)
def test_resolve(registry: AgencyRegistry, written: str, slug: str) -> None:
    agency = registry.resolve(written)
    assert agency is not None and agency.slug == slug


@pytest.mark.parametrize("written", ["Nvo. Laredo", "Tramo 1", "México", "Inm", "sre", "CURP"])
def test_resolve_refuses(registry: AgencyRegistry, written: str) -> None:
    assert registry.resolve(written) is None


def test_compounds_of_unrelated_bodies(registry: AgencyRegistry) -> None:
    assert registry.resolve("SRE-INM") is None
    assert [a.slug for a in registry.resolve_all("SRE-INM")] == ["sre", "inm"]
    assert [a.slug for a in registry.resolve_all("STPS-SRE")] == ["stps", "sre"]
    assert [a.slug for a in registry.resolve_all("UPMRIP-SEGOB-SRE")] == ["upmrip", "sre"]


# --- real mentions, document by document -------------------------------------------------


def test_pem_2015_mentions(registry: AgencyRegistry) -> None:
    assert slugs(registry, lines("pem-2015", 22))[:6] == [
        "sedatu",
        "ime",
        "pa",
        "ran",
        "inm",
        "sndif",
    ]
    assert slugs(registry, lines("pem-2015", 65))[:6] == [
        "upm", "conapo", "stps", "sre", "conapred", "colef"
    ]  # fmt: skip
    listed = registry.resolve_list(
        "SRE, SFP, CNS, SALUD, PGR, SEDESOL, STPS, SEP, DIF, INMUJERES, UIA, UNAM, IMUMI, "
        "Sin Fronteras IAP, OIM, Consulados y Poder Legislativo"
    )
    assert [(w, a.slug if a else None) for w, a in listed][-4:] == [
        ("Sin Fronteras IAP", "sin-fronteras"),
        ("OIM", "oim"),
        ("Consulados", None),
        ("Poder Legislativo", None),
    ]
    assert len(listed) == 17


def test_pem_2018_mentions(registry: AgencyRegistry) -> None:
    # "la SFP a través del OIC del INM": the internal control body, not the INM itself
    assert slugs(registry, lines("pem-2018", 20, 23)) == ["sfp", "oic-inm"]
    assert slugs(registry, lines("pem-2018", 50)) == ["sdh"]


def test_pmm_2018_mentions(registry: AgencyRegistry) -> None:
    text = lines("pmm-2018", 627)
    found = list(registry.find_mentions(text))
    inm = [m for m in found if m.agency.slug == "inm"]
    assert inm[0].matched == "Instituto Nacional de Migración (INM)"


def test_pmm_2022_mentions(registry: AgencyRegistry) -> None:
    assert slugs(registry, lines("pmm-2022", 9604)) == ["gobierno-guanajuato"]
    # a state secretariat of health is not the federal one
    assert "salud" not in slugs(registry, lines("pmm-2022", 11427, 11429))
    # "Cartilla Nacional de Salud (CNS)" names no body
    assert "cns" not in slugs(registry, lines("pmm-2022", 6338, 6341))
    assert slugs(registry, lines("pmm-2022", 9466)) == ["crm", "upmrip", "sre"]
    assert slugs(registry, lines("pmm-2022", 5382)) == ["cni"]


def test_pmm_2022_reporting_bodies_resolve(registry: AgencyRegistry) -> None:
    """Every reporting body written in parentheses at the end of a line resolves."""
    text = source_text("pmm-2022")
    written = set(re.findall(r"\(([A-Z][A-Za-zÁÉÍÓÚáéíóúñ .-]+)\)\s*$", text, re.MULTILINE))
    unresolved = sorted(w for w in written if not registry.resolve_all(w))
    # programmes, forums, topics and places, not bodies
    assert unresolved == [
        "Buzón", "CSM", "DAM", "DFI", "GRCM", "MAEBI", "MAI", "NNA", "NSS", "Nvo. Laredo",
        "PCEME", "PMM", "PRAH", "PRIM", "PTAT", "RCJ", "RNE", "SIG",
    ]  # fmt: skip
    assert len(written) == 108
    assert registry.resolve_all("INMUJERES")[0].slug == "inmujeres"


def test_pmm_2024_mentions(registry: AgencyRegistry) -> None:
    assert slugs(registry, lines("pmm-2024", 189)) == [
        "inm", "upmrip", "sre", "scjn", "sin-fronteras", "uno-de-siete"
    ]  # fmt: skip
    states = "Baja California Sur, Chiapas, Estado de México, Morelos, Oaxaca, Tabasco, "
    listed = [a.slug for a in registry.resolve_all(states + "Tlaxcala y Veracruz")]
    assert listed[0] == "gobierno-baja-california-sur" and listed[-1] == "gobierno-veracruz"
    assert len(listed) == 8
    assert slugs(registry, lines("pmm-2024", 361)) == ["sict", "finabien", "sre", "banco-bienestar"]


def test_pem_2015_counts(registry: AgencyRegistry) -> None:
    """Counted with grep: INM 47 times, INMI 3 times, "Instituto Nacional de Migración" 3
    times; DIF 14 times of which 5 name state or municipal systems, SNDIF and the national
    system's full name once each."""
    found = [m.agency.slug for m in registry.find_mentions(source_text("pem-2015"))]
    assert found.count("inm") == 53
    assert found.count("sndif") == 11


def test_whole_corpus_scan(registry: AgencyRegistry) -> None:
    for path in sorted(SOURCES.glob("*.txt")):
        mentions = list(registry.find_mentions(path.read_text("utf-8")))
        assert mentions, path.name
        for a, b in itertools.pairwise(mentions):
            assert a.start < a.end <= b.start or a.start == b.start

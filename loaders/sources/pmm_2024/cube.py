"""The 2024 report's data cubes: datasets, observations, shares and challenge categories.

Helpers of loaders/sources/pmm_2024/loader.py (see its docstring for the RDF contract).
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, QB, RDF, SKOS, XSD
from rdflib.term import Node, URIRef

from loaders.emit import es, source_lines
from loaders.model import Finding, LoadContext
from loaders.reference.programs import program_slug
from loaders.sources.pmm_2024.sections import Line, Section, glossary, plain
from loaders.text import fold
from loaders.vocab import MIG

KEY = "pmm-2024"
_POPULATIONS = (
    (
        r"(\d+)%\s+de las acciones reportadas se enfoca en personas migrantes extranjeras",
        MIG.ForeignMigrants,
    ),
    (r"(\d+)%\s+en mexicanos en el exterior", MIG.MexicansAbroad),
    (r"(\d+)%\s+en mexicanos retornados", MIG.ReturnedMexicans),
    (r"(\d+)%\s+de las acciones reportadas no especificaron", MIG.PopulationNotSpecified),
)


class Cube:
    """Datasets and observations of this document."""

    def __init__(self, graph: Graph, ctx: LoadContext) -> None:
        self.graph, self.ctx = graph, ctx
        self.year = Literal(ctx.source.year, datatype=XSD.gYear)

    def dataset(self, slug: str, title: str, structure: URIRef) -> str:
        iri = self.ctx.ids.dataset(slug)
        if (iri, RDF.type, QB.DataSet) not in self.graph:
            self.graph.add((iri, RDF.type, QB.DataSet))
            self.graph.add((iri, DCTERMS.title, es(title)))
            self.graph.add((iri, QB.structure, structure))
            self.graph.add((iri, PROV.wasDerivedFrom, self.ctx.ids.document(KEY)))
        return slug

    def observe(
        self, slug: str, local: str, line: Line, measure: URIRef, value: Literal,
        **dims: Node,
    ) -> URIRef:  # fmt: skip
        iri = self.ctx.ids.observation(slug, local)
        g = self.graph
        g.add((iri, RDF.type, QB.Observation))
        g.add((iri, QB.dataSet, self.ctx.ids.dataset(slug)))
        g.add((iri, MIG.year, self.year))
        for name, node in dims.items():
            g.add((iri, MIG[name], node))
        g.add((iri, measure, value))
        source_lines(g, iri, self.ctx, line.number)
        return iri


def decimal(text: str) -> Literal:
    """An xsd:decimal in canonical form ("54.0"), so that it survives a Turtle round trip."""
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


def integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def shares(cube: Cube, found: dict[str, Section], findings: list[Finding]) -> None:
    """IV.b population shares; IV.c gender focus and IV.d disability focus shares."""
    ctx = cube.ctx
    if "IV.b" in found:
        slug = cube.dataset(
            "pmm-2024-poblacion-atendida",
            "Porcentaje de acciones por población migrante atendida, 2023-2024",
            MIG.dsdPopulationYearShare,
        )
        total, first = 0, None
        for line in found["IV.b"].lines:
            for pattern, concept in _POPULATIONS:
                match = re.search(pattern, plain(line.text))
                if match:
                    total += int(match.group(1))
                    first = first or line
                    local = str(concept).rsplit("#", 1)[1]
                    cube.observe(
                        slug,
                        local,
                        line,
                        MIG.percentage,
                        decimal(match.group(1)),
                        targetPopulation=concept,
                    )
        if first is not None and total != 100:
            findings.append(
                ctx.finding(
                    first.number,
                    "contradiction",
                    f"the population shares of line {first.number} add up to {total}%",
                )
            )
    for key, slug, title in (
        ("IV.c", "pmm-2024-enfoque-genero", "Porcentaje de acciones con enfoque de género"),
        ("IV.d", "pmm-2024-atencion-discapacidad",
         "Porcentaje de acciones con atención a personas con discapacidad"),
    ):  # fmt: skip
        for line in found.get(key, Section(key, Line(0, ""))).lines:
            match = re.search(
                r"(\d+(?:\.\d+)?)%\s+(?:de las acciones reportadas\s+)?afirm", line.text
            )
            if match:
                cube.dataset(slug, title, MIG.dsdYearShare)
                cube.observe(
                    slug,
                    "total",
                    line,
                    MIG.percentage,
                    decimal(match.group(1)),
                )
                break


def categories(cube: Cube, found: dict[str, Section]) -> dict[str, URIRef]:
    """The glossary's challenge categories as a SKOS scheme; folded title -> concept."""
    ctx, g = cube.ctx, cube.graph
    scheme = ctx.ids.challenge_category_scheme()
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, es("Categorías de retos identificados")))
    g.add((scheme, PROV.wasDerivedFrom, ctx.ids.document(KEY)))
    concepts: dict[str, URIRef] = {}
    if "VI" not in found:
        return concepts
    for index, (title, definition) in enumerate(glossary(found["VI"]), start=1):
        label = plain(title.text)
        concept = ctx.ids.challenge_category(program_slug(label))
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.topConceptOf, scheme))
        g.add((concept, SKOS.notation, Literal(str(index))))
        g.add((concept, SKOS.prefLabel, es(label)))
        if definition is not None:
            g.add((concept, SKOS.definition, es(plain(definition.text))))
        source_lines(g, concept, ctx, title.number, (definition or title).number)
        concepts[fold(label).rstrip(".")] = concept
    return concepts


def challenges(cube: Cube, found: dict[str, Section], concepts: dict[str, URIRef],
                findings: list[Finding]) -> None:  # fmt: skip
    """IV.e: the total of challenges and the count the text gives for some categories."""
    ctx = cube.ctx
    for line in found.get("IV.e", Section("IV.e", Line(0, ""))).lines:
        text = plain(line.text)
        total = re.search(r"total de (\d+) retos", text)
        if total:
            slug = cube.dataset(
                "pmm-2024-retos-total", "Total de retos reportados, 2023-2024", MIG.dsdYear
            )
            cube.observe(slug, "total", line, MIG.actionCount, integer(int(total.group(1))))
        groups = re.search(r"categorizados en (\d+) secciones", text)
        if groups and concepts and int(groups.group(1)) != len(concepts):
            glossary_lines = found["VI"].heading.number
            findings.append(
                ctx.finding(
                    line.number,
                    "contradiction",
                    f"line {line.number} says the challenges fall into {groups.group(1)} "
                    f"categories; the glossary (section VI, from line {glossary_lines}) "
                    f"defines {len(concepts)}",
                )
            )
        folded = fold(text)
        for number in re.finditer(r"\((\d+)\)", text):
            after = fold(text[number.end() :])
            hits = [(after.find(key), concept) for key, concept in concepts.items() if key in after]
            if not hits:
                continue
            concept = min(hits, key=lambda hit: hit[0])[1]
            slug = cube.dataset(
                "pmm-2024-retos-por-categoria",
                "Retos reportados por categoría, 2023-2024",
                MIG.dsdCategoryYear,
            )
            local = str(concept).rsplit("/", 1)[1]
            cube.observe(
                slug,
                local,
                line,
                MIG.actionCount,
                integer(int(number.group(1))),
                challengeCategory=concept,
            )
        del folded

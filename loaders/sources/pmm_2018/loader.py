"""Loader for the 2018 report on the GCM objectives (`pmm-2018-informe.txt`).

RDF contract (named graph id/grafo/pmm-2018; layout rules in layout.py):
- one `mig:Action` per top-level bullet under "Objetivo N. <title>", IRI
  id/accion/pmm-2018/objNN-MM (MM counts the objective's bullets from 01): `mig:description`
  @es (continuations, list items and sub-bullets joined; footnote lines, footnote markers
  and markdown emphasis removed), `mig:status mig:Reported`, `mig:year 2018`,
  `mig:contributesTo` id/gcm/objetivo/N, `mig:responsibleAgency` (the subject of the text,
  loaders/responsibility.py, reading a past act as the action) or
  `mig:noResponsibleAgencyReason` @es and @en, and
  `mig:collaboratingAgency`; `prov:wasDerivedFrom` and source lines over the whole bullet;
- programmes it names: `mig:aboutProgram` id/programa/<slug> (slug from the programme
  registry, else from the name); the Program node gets `rdf:type mig:Program`, a
  `skos:prefLabel` @es (the registry's name, else the first wording) and
  `prov:wasDerivedFrom` the document. Each mention is a `mig:ProgramMention`
  id/mencion-programa/pmm-2018/objNN-MM-K with `mig:mentionOf`, `mig:mentionedIn`,
  `mig:wording` @es, `prov:wasDerivedFrom` and the line that names it;
- figures it states: `mig:StatedFigure` id/cifra/pmm-2018/objNN-MM-K with `mig:value`
  (xsd:integer or xsd:decimal), `mig:counts` @es, `mig:unitText`, `mig:valueQualifier` @es,
  `mig:statedIn` the action, provenance and its line;
- "Objetivos a futuro" items: `mig:FutureObjective` id/objetivo-a-futuro/pmm-2018/objNN-K
  with `mig:text` @es, `mig:forObjective` id/gcm/objetivo/N, `skos:notation`, provenance;
- each heading's wording of the objective as `skos:altLabel` @es of id/gcm/objetivo/N.

Damaged input raises SourceError (`loaders.outline`): an objective heading out of order,
repeated or skipped (the report goes through objectives 1-23 in order), a text that ends
before its closing "Retos y Conclusiones" section (a cut inside that section, which yields
no triples, goes unnoticed: the report has no closing marker).
`parse(..., excerpt=True)` reads a fixture excerpt: headings still in order, none required.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SKOS, XSD
from rdflib.term import URIRef

from loaders.emit import action, es, new_graph, source_lines
from loaders.model import Finding, LoadContext, ParseResult
from loaders.outline import Outline, last_line
from loaders.reference.agencies import Agency
from loaders.responsibility import attribute
from loaders.sources.pmm_2018.layout import CLOSING, Block, Layout, Objective, parse_layout
from loaders.sources.pmm_2018.mentions import figures, program_names
from loaders.vocab import MIG

FOOTNOTE_MARKS = re.compile(r"\s?[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


def plain_text(text: str) -> str:
    """A line's text without emphasis, escapes and footnote markers."""
    text = text.replace("**", "").replace("*", "").replace("\\$", "$").replace("\\", "")
    return FOOTNOTE_MARKS.sub("", text).strip()


def joined(block: Block) -> str:
    return re.sub(r"\s+", " ", " ".join(plain_text(text) for _, text in block.parts)).strip()


_NOT_VERBS = {
    "de", "del", "la", "las", "el", "los", "a", "en", "para", "que", "y", "e", "o", "con",
    "una", "un", "sobre", "entre", "como", "ante", "mediante",
}  # fmt: skip
_PRESENT = re.compile(r"^(?:se\s+)?([a-záéíóúñ]{3,}(?:a|e|an|en))\b")


def present_subjects(text: str, ctx: LoadContext) -> list[Agency]:
    """Registry bodies that open a clause and are followed by a present-tense verb ("la
    Secretaría de Relaciones Exteriores opera", "el IME genera"): the report's usual way
    of naming who acts, which the shared subject finder (future tense) does not read."""
    found: list[Agency] = []
    for mention in ctx.agencies.find_mentions(text):
        before = text[: mention.start]
        if not re.search(r"(?:^|[.;:,]\s*|\s)(?:el|la|los|las)\s+$|^$", before, re.I):
            continue
        if before.strip() and not re.search(r"(?:^|[.;:,])\s*(?:el|la|los|las)\s+$", before, re.I):
            continue
        rest = text[mention.end :].lstrip()
        rest = re.sub(r"^\([^()]{1,20}\)\s*", "", rest)
        verb = _PRESENT.match(rest)
        if verb and verb.group(1) not in _NOT_VERBS and mention.agency not in found:
            found.append(mention.agency)
    return found


class _Programs:
    """Program nodes of this document, labelled once."""

    def __init__(self, graph: Graph, ctx: LoadContext) -> None:
        self.graph, self.ctx = graph, ctx

    def node(self, name: str) -> URIRef:
        ctx, g = self.ctx, self.graph
        bare = re.sub(r"\s*\([^()]{1,20}\)$", "", name)
        slug = (
            ctx.programs.slug_for(name)
            if ctx.programs.resolve(name)
            else ctx.programs.slug_for(bare)
        )
        iri = ctx.ids.program(slug)
        if (iri, RDF.type, MIG.Program) not in g:
            g.add((iri, RDF.type, MIG.Program))
            g.add((iri, PROV.wasDerivedFrom, ctx.ids.document(ctx.source.key)))
            registered = ctx.programs.programs.get(slug)
            g.add((iri, SKOS.prefLabel, es(registered.pref_label if registered else bare)))
        return iri


def _action(
    graph: Graph, ctx: LoadContext, objective: Objective, index: int, block: Block,
    programs: _Programs,
) -> list[Finding]:  # fmt: skip
    findings: list[Finding] = []
    local = f"obj{objective.number:02d}-{index:02d}"
    text = joined(block)
    who = attribute(text, ctx.agencies, report=True)
    if not who.responsible:
        who.responsible = present_subjects(text, ctx)
        who.collaborators = [a for a in who.collaborators if a not in who.responsible]
    iri = action(
        graph, ctx, local, description=text,
        contributes_to=[ctx.ids.gcm_objective(objective.number)],
        responsible=[ctx.agencies.iri(a) for a in who.responsible],
        start=block.start, end=block.end,
    )  # fmt: skip
    for agency in who.collaborators:
        graph.add((iri, MIG.collaboratingAgency, ctx.agencies.iri(agency)))
    if who.reason and who.reason_es:
        graph.add((iri, MIG.noResponsibleAgencyReason, Literal(who.reason_es, lang="es")))
        graph.add((iri, MIG.noResponsibleAgencyReason, Literal(who.reason, lang="en")))
        findings.append(ctx.finding(block.start, "note", f"{local}: {who.reason}"))
    for name in who.unresolved:
        findings.append(ctx.finding(block.start, "unresolved-agency", f"{local}: «{name}»"))
    mention, figure = 0, 0
    seen: set[URIRef] = set()
    for number, raw in block.parts:
        for _, name in program_names(raw, ctx):
            program = programs.node(name)
            if program in seen:
                continue
            seen.add(program)
            mention += 1
            node = ctx.ids.program_mention(ctx.source.key, f"{local}-{mention}")
            graph.add((iri, MIG.aboutProgram, program))
            graph.add((node, RDF.type, MIG.ProgramMention))
            graph.add((node, MIG.mentionOf, program))
            graph.add((node, MIG.mentionedIn, iri))
            graph.add((node, MIG.wording, es(name)))
            source_lines(graph, node, ctx, number)
        for found in figures(plain_text(raw)):
            figure += 1
            node = ctx.ids.figure(ctx.source.key, f"{local}-{figure}")
            datatype = XSD.integer if isinstance(found.value, int) else XSD.decimal
            graph.add((node, RDF.type, MIG.StatedFigure))
            graph.add((node, MIG.value, Literal(found.value, datatype=datatype)))
            if found.counts:
                graph.add((node, MIG.counts, es(found.counts)))
            if found.unit:
                graph.add((node, MIG.unitText, Literal(found.unit)))
            if found.qualifier:
                graph.add((node, MIG.valueQualifier, es(found.qualifier)))
            graph.add((node, MIG.statedIn, iri))
            source_lines(graph, node, ctx, number)
    return findings


def _future(graph: Graph, ctx: LoadContext, objective: Objective) -> None:
    for index, block in enumerate(objective.future, start=1):
        node = ctx.ids.future_objective(ctx.source.key, f"obj{objective.number:02d}-{index}")
        graph.add((node, RDF.type, MIG.FutureObjective))
        graph.add((node, MIG.text, es(joined(block))))
        graph.add((node, MIG.forObjective, ctx.ids.gcm_objective(objective.number)))
        graph.add((node, SKOS.notation, Literal(str(index))))
        source_lines(graph, node, ctx, block.start, block.end)


def _check_outline(layout: Layout, file: str, end: int, excerpt: bool) -> None:
    """Objectives 1-23 in order, then the closing section."""
    outline = Outline(file, [*(f"objective {n}" for n in range(1, 24)), CLOSING], excerpt=excerpt)
    for name, line in layout.headings:
        outline.see(name, line)
    outline.end(end)


def parse(text: str, *, ctx: LoadContext, excerpt: bool = False) -> ParseResult:
    """The report's bullets as actions; see the module docstring for the contract."""
    graph = new_graph()
    layout = parse_layout(text)
    _check_outline(layout, ctx.source.file, last_line(text), excerpt)
    findings = [ctx.finding(line, "warning", message) for line, message in layout.notes]
    programs = _Programs(graph, ctx)
    for objective in layout.objectives:
        node = ctx.ids.gcm_objective(objective.number)
        graph.add((node, SKOS.altLabel, es(plain_text(objective.title).rstrip(" ."))))
        if not objective.actions:
            findings.append(ctx.finding(objective.line, "note", "objective without bullets"))
        for index, block in enumerate(objective.actions, start=1):
            findings += _action(graph, ctx, objective, index, block, programs)
        _future(graph, ctx, objective)
    return ParseResult(graph, sorted(set(findings)))

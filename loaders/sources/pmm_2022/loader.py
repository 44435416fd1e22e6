"""Loader for the PMM 2022 compendium (`pmm-2022-compendio.txt`).

RDF contract (named graph id/grafo/pmm-2022):
- one `mig:Action` per numbered entry, IRI id/accion/pmm-2022/<local id> where the local
  id is `objNN-M` for entry M of objective NN in the federal part and `objNN-estatal-M`
  in the state-government part; `skos:prefLabel` (title @es), `mig:description`,
  `mig:results`, `mig:challenge` (all @es) or `mig:noChallengeReported true`,
  `mig:status mig:Reported`, `mig:year 2022`, `mig:contributesTo` id/gcm/objetivo/N,
  `mig:responsibleAgency` (the body in parentheses after the title, through the agency
  registry; when the registry lacks it, `mig:noResponsibleAgencyReason` @es and @en and a
  Finding), `mig:collaboratingAgency` for the bodies the title, description or results
  name as working with it ("en coordinación con", "conformado por", `loaders.responsibility`),
  `mig:reportSection` mig:federalGovernmentPart or mig:stateGovernmentPart,
  `prov:wasDerivedFrom` the document and `mig:sourceLineStart/End` over the whole entry;
- `mig:aboutProgram` id/programa/<slug> when the title names a programme ("Programa ...",
  or a name the program registry knows) or the entry's text names a registered programme.
  The mention's lines are the action's lines: the Program node itself carries only
  `rdf:type mig:Program`, its label and `prov:wasDerivedFrom` the document;
- each heading's wording of a GCM objective as `skos:altLabel` @es on id/gcm/objetivo/N.

Damaged input raises SourceError (`loaders.sources.pmm_2022.layout`): an entry number out of
sequence, a section without its objective heading, a text ending inside an entry, and the
outline: objectives 1-23 of the federal part, then of the state part, then `ANEXOS`.
`parse(..., excerpt=True)` reads a fixture excerpt: sections still in order, none required.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SKOS, XSD
from rdflib.term import URIRef

from loaders.emit import action, es, new_graph
from loaders.model import Finding, LoadContext, ParseResult
from loaders.reference.agencies import Agency
from loaders.reference.retired import is_generic
from loaders.responsibility import attribute
from loaders.sources.pmm_2022.layout import Entry, Layout, parse_layout
from loaders.text import fold, join_wrapped
from loaders.vocab import MIG

PART_PROPERTY = MIG.reportSection
FEDERAL_PART = MIG.federalGovernmentPart
STATE_PART = MIG.stateGovernmentPart
STATE_KIND = "gobierno-estatal"

# The 32 federal entities, as the reports name them (public knowledge).
STATES = (
    "Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Chiapas",
    "Chihuahua", "Ciudad de México", "Coahuila de Zaragoza", "Coahuila", "Colima",
    "Durango", "Estado de México", "Guanajuato", "Guerrero", "Hidalgo", "Jalisco",
    "Michoacán de Ocampo", "Michoacán", "Morelos", "Nayarit", "Nuevo León", "Oaxaca",
    "Puebla", "Querétaro", "Quintana Roo", "San Luis Potosí", "Sinaloa", "Sonora",
    "Tabasco", "Tamaulipas", "Tlaxcala", "Veracruz de Ignacio de la Llave", "Veracruz",
    "Yucatán", "Zacatecas",
)  # fmt: skip
_STATE_RE = re.compile(
    r"\b(" + "|".join(re.escape(fold(s)) for s in sorted(STATES, key=len, reverse=True)) + r")\b"
)
_STATE_NAMES = {fold(s): s for s in STATES}
_NONE_STATED = re.compile(r"^(no se report(aron|an) retos|ningun[oa])\.?$", re.I)
_QUOTES = str.maketrans("", "", '“”"«»')
_TRAILING_GROUP = re.compile(r"\s*\([^()]{1,60}\)$")


def _state_in(body: str) -> str | None:
    """The state a body names: the body itself or `... del Estado de X`, else None."""
    folded = fold(body)
    match = _STATE_RE.fullmatch(folded) or _STATE_RE.search(folded)
    return match.group(1) if match else None


_JOINING = frozenset(
    [
        "a",
        "al",
        "con",
        "de",
        "del",
        "e",
        "el",
        "en",
        "la",
        "las",
        "los",
        "o",
        "para",
        "por",
        "que",
        "se",
        "su",
        "sus",
        "un",
        "una",
        "y",
    ]
)


def _new_sentence(current: list[str], text: str) -> bool:
    """After a blank line inside a list item: does `text` start anew, or continue a wrap?"""
    words = current[-1].split()
    return text[0].isupper() and bool(words) and words[-1].lower() not in _JOINING


def _paragraphs(lines: list[tuple[int, str]]) -> str:
    """Lines of a text as paragraphs (one per line of output), bullets removed."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    blank = bullet_pending = in_item = False
    for _line, text in lines:
        if not text:
            blank = True
            continue
        is_bullet = text[0] in "•●➔➢▪◦" or (text[0] == "-" and text[1:2] == " ")
        if is_bullet:
            text = text[1:].strip()
            if not text:
                bullet_pending = True
                continue
        starts = is_bullet or bullet_pending or bool(re.match(r"^(\d{1,2}\.|[a-zA-Z]\))\s", text))
        ends = bool(current) and current[-1].rstrip()[-1:] in '.:;!?”"'
        if current and (starts or (blank and (ends or (in_item and _new_sentence(current, text))))):
            paragraphs.append(current)
            current = []
            in_item = False
        in_item = in_item or starts
        current.append(text)
        blank = bullet_pending = False
    if current:
        paragraphs.append(current)
    joined = (join_wrapped(p) for p in paragraphs)
    return "\n".join(text for text in joined if text)


class _Resolver:
    """Reporting bodies -> agencies, with the findings the resolution gives."""

    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx

    def looks_like_body(self, body: str) -> bool:
        return bool(
            self._agencies(body)
            or _state_in(body)
            or re.fullmatch(r"[A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)*", body)
        )

    def _agencies(self, body: str) -> list[Agency]:
        registry = self.ctx.agencies
        whole = registry.resolve(body)
        if whole is not None:
            return [whole]
        parts = [p for p in re.split(r"\s*-\s*", body) if p]
        if len(parts) < 2:
            return []
        resolved = [registry.resolve(p) for p in parts]
        found = [a for a in resolved if a is not None]
        if len(found) != len(resolved):
            return []
        slugs = {a.slug for a in found}
        # "UPMRIP-SEGOB" names a unit and its parent: the unit is the reporting body
        return [
            a
            for a in found
            if not any(b.parent == a.slug for b in found if b is not a) and a.slug in slugs
        ]

    def _state_government(self, state: str) -> Agency | None:
        """The registry's government of a state, tried under the names reports use."""
        name = _STATE_NAMES[state]
        short = re.sub(r" de (Ocampo|Zaragoza|Ignacio de la Llave)$", "", name)
        variants = [name, short, f"Gobierno del Estado de {short}", f"Gobierno de {short}"]
        if state == "estado de mexico":
            variants += ["México", "Gobierno del Estado de México"]
        for variant in variants:
            agency = self.ctx.agencies.resolve(variant)
            if agency is not None and agency.kind == STATE_KIND:
                return agency
        return None

    def resolve(self, entry: Entry, state_part: bool) -> tuple[list[URIRef], list[Finding]]:
        ctx, body, line = self.ctx, entry.body, entry.start
        findings: list[Finding] = []
        agencies = self._agencies(body)
        state = _state_in(body)
        agency = self._state_government(state) if not agencies and state else None
        if agency is not None:
            agencies = [agency]
            if fold(body) != state:
                findings.append(
                    ctx.finding(
                        line, "note", f"reporting body «{body}» read as {agency.pref_label}"
                    )
                )
        if not agencies:
            findings.append(
                ctx.finding(
                    line, "unresolved-agency", f"reporting body «{body}» not in the registry"
                )
            )
        for agency in agencies:
            if (agency.kind == STATE_KIND) != state_part:
                part = "state-government" if state_part else "federal"
                findings.append(
                    ctx.finding(
                        line,
                        "inconsistency",
                        f"«{body}» ({agency.kind}) reports in the {part} part",
                    )
                )
        return [ctx.agencies.iri(a) for a in agencies], findings


def _program_names(title: str, ctx: LoadContext) -> list[str]:
    """Programme names an entry title states (conservative)."""
    plain = re.sub(r"\s+", " ", title.translate(_QUOTES)).strip()
    for candidate in (plain, _TRAILING_GROUP.sub("", plain)):
        if ctx.programs.resolve(candidate) is not None:
            return [candidate]
    if not plain.startswith("Programa "):
        return []
    head = re.split(r"\.\s|\s[–—]\s", plain)[0]
    parts = re.split(r"\s*,\s*(?=Pro(?:grama|yecto)\s)|\s+y\s+(?=Pro(?:grama|yecto)\s)", head)
    return [_TRAILING_GROUP.sub("", p).strip() for p in parts if p.startswith("Programa ")]


def _mentioned_programs(text: str, ctx: LoadContext) -> list[str]:
    """Slugs of registered programmes whose multi-word names the text contains."""
    folded = fold(text.translate(_QUOTES))
    slugs = []
    for slug, program in sorted(ctx.programs.programs.items()):
        for name in (program.pref_label, *program.aliases):
            if len(name.split()) > 1 and re.search(rf"\b{re.escape(fold(name))}\b", folded):
                slugs.append(slug)
                break
    return slugs


class _Programs:
    """Program nodes of this document, labelled with the first wording met."""

    def __init__(self, graph: Graph, ctx: LoadContext) -> None:
        self.graph, self.ctx = graph, ctx
        self.labelled: set[URIRef] = set()

    def node(self, slug: str, wording: str | None) -> URIRef:
        iri = self.ctx.ids.program(slug)
        g, registered = self.graph, self.ctx.programs.programs.get(slug)
        g.add((iri, RDF.type, MIG.Program))
        g.add((iri, PROV.wasDerivedFrom, self.ctx.ids.document(self.ctx.source.key)))
        if registered is not None and iri not in self.labelled:
            g.add((iri, SKOS.prefLabel, es(registered.pref_label)))
            self.labelled.add(iri)
        if wording:
            if iri not in self.labelled:
                g.add((iri, SKOS.prefLabel, es(wording)))
                self.labelled.add(iri)
            elif not any(fold(str(o)) == fold(wording) for o in g.objects(iri, SKOS.prefLabel)):
                g.add((iri, SKOS.altLabel, es(wording)))
        return iri


def _emit_entry(
    graph: Graph,
    ctx: LoadContext,
    entry: Entry,
    objective: int,
    state_part: bool,
    resolver: _Resolver,
    programs: _Programs,
) -> list[Finding]:
    findings: list[Finding] = []
    local = f"obj{objective:02d}-{'estatal-' if state_part else ''}{entry.number}"
    responsible, found = resolver.resolve(entry, state_part)
    findings += found
    description = _paragraphs(entry.description)
    iri = action(
        graph,
        ctx,
        local,
        description=description,
        contributes_to=[ctx.ids.gcm_objective(objective)],
        responsible=responsible,
        start=entry.start,
        end=entry.end,
        title=entry.title,
    )
    graph.add((iri, PART_PROPERTY, STATE_PART if state_part else FEDERAL_PART))
    if not responsible:
        reason = f"The source names «{entry.body}», which the agency registry does not hold."
        razon = f"La fuente nombra «{entry.body}», que no está en el registro de instituciones."
        graph.add((iri, MIG.noResponsibleAgencyReason, Literal(razon, lang="es")))
        graph.add((iri, MIG.noResponsibleAgencyReason, Literal(reason, lang="en")))
    if not entry.body_in_parentheses:
        findings.append(
            ctx.finding(entry.start, "warning", f"reporting body «{entry.body}» not in parentheses")
        )
    if not description:
        findings.append(ctx.finding(entry.start, "warning", "entry has no description"))
    results = _paragraphs(entry.results) if entry.results is not None else ""
    if results:
        graph.add((iri, MIG.results, es(results)))
    elif not entry.no_results_nor_challenges:
        findings.append(ctx.finding(entry.start, "note", "entry has no Resultados text"))
    challenge = _paragraphs(entry.challenge) if entry.challenge is not None else ""
    if challenge and not _NONE_STATED.match(challenge):
        graph.add((iri, MIG.challenge, es(challenge)))
    else:
        graph.add((iri, MIG.noChallengeReported, Literal(True)))
        if entry.no_results_nor_challenges:
            findings.append(
                ctx.finding(entry.start, "note", "entry states no results and no challenges")
            )
        elif entry.challenge is None:
            findings.append(ctx.finding(entry.start, "note", "entry has no Retos section"))
    for line, name in entry.repeated_sections:
        findings.append(
            ctx.finding(line, "note", f"second «{name}» heading in entry {entry.number}")
        )
    slugs: list[tuple[str, str | None]] = [
        (ctx.programs.slug_for(name), name)
        for name in _program_names(entry.title, ctx)
        if not is_generic(name)
    ]
    text = " ".join([entry.title, description, results])
    for partner in attribute(text, ctx.agencies, report=True).collaborators:
        if ctx.agencies.iri(partner) not in responsible:
            graph.add((iri, MIG.collaboratingAgency, ctx.agencies.iri(partner)))
    slugs += [(slug, None) for slug in _mentioned_programs(text, ctx)]
    seen: set[str] = set()
    for slug, wording in slugs:
        if slug not in seen:
            seen.add(slug)
            graph.add((iri, MIG.aboutProgram, programs.node(slug, wording)))
    return findings


def _objective_labels(graph: Graph, ctx: LoadContext, layout: Layout) -> None:
    for heading in layout.headings:
        node = ctx.ids.gcm_objective(heading.number)
        wording = heading.title.rstrip(" .")
        if not any(fold(str(o)) == fold(wording) for o in graph.objects(node, SKOS.altLabel)):
            graph.add((node, SKOS.altLabel, es(wording)))


def parse(text: str, *, ctx: LoadContext, excerpt: bool = False) -> ParseResult:
    """The compendium's entries as actions; see the module docstring for the contract."""
    graph = new_graph()
    graph.bind("xsd", XSD)
    resolver = _Resolver(ctx)
    layout = parse_layout(text, ctx.source.file, resolver.looks_like_body, excerpt)
    findings = [ctx.finding(line, "inconsistency", message) for line, message in layout.gaps]
    programs = _Programs(graph, ctx)
    parts: dict[int, list[Entry]] = {}
    for section in layout.sections:
        parts.setdefault(section.part, []).extend(section.entries)
    state_parts = {
        part for part, entries in parts.items()
        if entries and sum(bool(_state_in(e.body)) for e in entries) * 2 > len(entries)
    }  # fmt: skip
    for section in layout.sections:
        state_part = section.part in state_parts
        if section.no_activity_line is not None:
            who = "state governments" if state_part else "federal bodies"
            findings.append(
                ctx.finding(
                    section.no_activity_line,
                    "note",
                    f"{who} report no activities for objective {section.objective}",
                )
            )
        for entry in section.entries:
            findings += _emit_entry(
                graph, ctx, entry, section.objective, state_part, resolver, programs
            )
    _objective_labels(graph, ctx, layout)
    return ParseResult(graph, sorted(findings))

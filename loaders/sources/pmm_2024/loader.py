"""Loader for the 2024 executive report on the GCM (`pmm-2024-informe-ejecutivo.txt`).

RDF contract (named graph id/grafo/pmm-2024). The report states figures, not actions, so it
becomes RDF Data Cube datasets `qb:DataSet` id/indicador/<slug> (dcterms:title @es,
qb:structure one of the structures of ontology/gcm-reports.ttl, prov:wasDerivedFrom the
document) whose `qb:Observation`s id/indicador/<slug>/observacion/<local id> carry
`qb:dataSet`, every dimension of their structure (`mig:gcmObjective`, `mig:agencyKind`
(id/tipo-institucion/<slug>), `mig:challengeCategory`, `mig:targetPopulation`, `mig:year`
2024), one measure (`mig:actionCount`, `mig:percentage` or `mig:agencyCount`),
`prov:wasDerivedFrom` the document and `mig:sourceLineStart/End`:
- pmm-2024-acciones-por-objetivo (section III: "El objetivo 1 está conformado por 36
  acciones"), local id objNN; these observations carry `mig:participatingAgency` for the
  bodies the objective's paragraphs name ("se contó con la participación de ...");
- pmm-2024-acciones-por-objetivo-y-tipo (section III's split), objNN-<kind>;
- pmm-2024-acciones-por-objetivo-seccion-iv (IV.a: objectives with fewest actions), and
  pmm-2024-acciones-por-objetivo-y-tipo-seccion-iv (IV.a.1-5) as restated there;
- pmm-2024-acciones-total (IV: 379), pmm-2024-acciones-por-tipo (IV),
  pmm-2024-acciones-por-tipo-subapartados (IV.a.4, IV.a.5), pmm-2024-instituciones-por-tipo;
- pmm-2024-poblacion-atendida (IV.b), pmm-2024-enfoque-genero (IV.c),
  pmm-2024-atencion-discapacidad (IV.d), pmm-2024-retos-total and
  pmm-2024-retos-por-categoria (IV.e).
Challenge categories: SKOS scheme id/categoria-reto, concepts id/categoria-reto/<slug> with
prefLabel and `skos:definition` @es from the glossary (section VI) and their lines. The
objective headings' wordings become `skos:altLabel` @es of id/gcm/objetivo/N. Figures that
disagree (a split not adding up, section III against IV or V) all stay, each with its lines;
each disagreement is a Finding of kind "contradiction" naming both places. Programmes the
section III summaries name become `mig:ProgramMention`s (`programs.py`).

Damaged input raises SourceError before any figure is read (`loaders.sources.pmm_2024.outline`):
sections I-VI, section III's objectives 1-23 and section IV's subsections out of order,
repeated or skipped, a glossary category without its definition, a text that ends before
the closing page. `parse(..., excerpt=True)` reads a fixture excerpt: headings still in
order, none required.
"""

from __future__ import annotations

import re

from rdflib.namespace import QB, RDF, SKOS
from rdflib.term import Node, URIRef

from loaders.emit import es, new_graph
from loaders.model import Finding, LoadContext, ParseResult
from loaders.outline import last_line
from loaders.sources.pmm_2024.checks import Baseline, Statement, compare, restatements
from loaders.sources.pmm_2024.cube import Cube, categories, challenges, integer, shares
from loaders.sources.pmm_2024.outline import check
from loaders.sources.pmm_2024.programs import mention_programs
from loaders.sources.pmm_2024.sections import (
    Line,
    Section,
    content_lines,
    count_split,
    objective_blocks,
    objective_title,
    plain,
    sections,
)
from loaders.text import fold
from loaders.vocab import MIG

KEY = "pmm-2024"
_PARTICIPATION = re.compile(
    r"se contó con|particip(?:aron|ó el|ación (?:de|del|mayoritaria))|colaboraron|colaboró"
    r"|aportaron|aportó|proporcionada por|contribuyeron|contribuyó|reportaron"
    r"|se recibieron reportes|instituciones participantes|llevadas a cabo por"
    r"|la colaboración de|la aportación de",
    re.I,
)


def _participants(lines: list[Line], ctx: LoadContext) -> list[URIRef]:
    """Bodies the objective's participation paragraphs name, in order, without repeats."""
    states = sorted(
        ((label, a) for a in ctx.agencies.states() for label in a.context_labels),
        key=lambda pair: -len(pair[0]),
    )
    state_re = re.compile(r"\b(" + "|".join(re.escape(fold(s)) for s, _ in states) + r")\b")
    by_label = {fold(label): agency for label, agency in states}
    found: list[tuple[int, URIRef]] = []
    for line in lines:
        text = plain(line.text)
        if not _PARTICIPATION.search(text):
            continue
        spans = [(m.start, ctx.agencies.iri(m.agency)) for m in ctx.agencies.find_mentions(text)]
        folded = fold(text)
        spans += [
            (m.start(), ctx.agencies.iri(by_label[m.group(1)])) for m in state_re.finditer(folded)
        ]
        found += [(line.number * 100000 + pos, iri) for pos, iri in spans]
    return list(dict.fromkeys(iri for _, iri in sorted(found)))


def _section_iii(
    cube: Cube, ctx: LoadContext, section: Section, findings: list[Finding]
) -> Baseline:
    totals: dict[int, tuple[int, int]] = {}
    splits: dict[int, dict[str, int]] = {}
    complete: set[int] = set()
    per_obj = cube.dataset(
        "pmm-2024-acciones-por-objetivo",
        "Acciones por objetivo del PMM, 2023-2024 (apartado III)",
        MIG.dsdObjectiveYear,
    )
    per_kind = cube.dataset(
        "pmm-2024-acciones-por-objetivo-y-tipo",
        "Acciones por objetivo del PMM y tipo de institución informante, 2023-2024 (apartado III)",
        MIG.dsdObjectiveKindYear,
    )
    for number, heading, lines in objective_blocks(section):
        objective = ctx.ids.gcm_objective(number)
        cube.graph.add((objective, SKOS.altLabel, es(objective_title(heading))))
        mention_programs(cube.graph, ctx, number, lines)
        if not lines:
            findings.append(
                ctx.finding(heading.number, "warning", f"objective {number} has no text")
            )
            continue
        first = lines[0]
        split = count_split(plain(first.text))
        if split.total is None:
            findings.append(
                ctx.finding(first.number, "warning", f"no total for objective {number}")
            )
            continue
        totals[number] = (split.total, first.number)
        splits[number] = split.by_kind
        obs = cube.observe(
            per_obj,
            f"obj{number:02d}",
            first,
            MIG.actionCount,
            integer(split.total),
            gcmObjective=objective,
        )
        for agency in _participants(lines, ctx):
            cube.graph.add((obs, MIG.participatingAgency, agency))
        for kind, value in split.by_kind.items():
            cube.observe(
                per_kind,
                f"obj{number:02d}-{kind}",
                first,
                MIG.actionCount,
                integer(value),
                gcmObjective=objective,
                agencyKind=ctx.ids.agency_kind(kind),
            )
        if sum(split.by_kind.values()) == split.total:
            complete.add(number)
        else:
            parts = ", ".join(f"{k} {v}" for k, v in split.by_kind.items())
            findings.append(
                ctx.finding(
                    first.number,
                    "contradiction",
                    f"objective {number}: the split by kind of body ({parts}) adds up to "
                    f"{sum(split.by_kind.values())}, not to the stated total {split.total} "
                    f"(line {first.number})",
                )
            )
    return Baseline(totals, splits, frozenset(complete))


def _restated(cube: Cube, ctx: LoadContext, found: dict[str, Section], base: Baseline,
              lines: dict[int, Line]) -> list[Finding]:  # fmt: skip
    findings: list[Finding] = []
    statements = restatements(found)
    datasets = {
        ("obj", False): (
            "pmm-2024-acciones-por-objetivo-seccion-iv",
            "Acciones por objetivo del PMM según el apartado IV",
            MIG.dsdObjectiveYear,
        ),
        ("obj", True): (
            "pmm-2024-acciones-por-objetivo-y-tipo-seccion-iv",
            "Acciones por objetivo y tipo de institución según los apartados IV y V",
            MIG.dsdObjectiveKindYear,
        ),
        ("total", False): (
            "pmm-2024-acciones-total",
            "Total de acciones informadas, 2023-2024",
            MIG.dsdYear,
        ),
        ("kind", True): (
            "pmm-2024-acciones-por-tipo",
            "Acciones por tipo de institución informante (apartado IV)",
            MIG.dsdKindYear,
        ),
        ("sub", True): (
            "pmm-2024-acciones-por-tipo-subapartados",
            "Acciones por tipo de institución según los subapartados IV.a.1-5",
            MIG.dsdKindYear,
        ),
        ("bodies", True): (
            "pmm-2024-instituciones-por-tipo",
            "Instituciones participantes por tipo (apartado IV)",
            MIG.dsdKindYearAgencies,
        ),
    }
    seen: dict[tuple[str, int | None, str | None], Statement] = {}
    for st in statements:
        message = compare(st, base)
        if message:
            findings.append(ctx.finding(st.line, "contradiction", message))
        group = (st.measure, st.objective, st.kind)
        earlier = seen.get(group)
        if earlier and earlier.value != st.value and st.objective is None:
            what = "participating bodies" if st.measure == "bodies" else st.measure
            findings.append(
                ctx.finding(
                    st.line,
                    "contradiction",
                    f"line {st.line} ({st.where}) gives {st.value} {what} for "
                    f"{st.kind or 'all bodies'}; line {earlier.line} ({earlier.where}) gives "
                    f"{earlier.value}",
                )
            )
        seen.setdefault(group, st)
        if st.measure not in ("actions", "bodies") or (
            st.measure == "actions" and st.where == "V" and st.kind is None
        ):
            continue
        line = lines[st.line]
        if st.measure == "bodies":
            key = ("bodies", True)
        elif st.objective is not None:
            key = ("obj", st.kind is not None)
        elif st.kind is None:
            if st.where != "IV":
                continue
            key = ("total", False)
        else:
            key = ("kind", True) if st.where == "IV" else ("sub", True)
        slug = cube.dataset(*datasets[key])
        dims: dict[str, Node] = {}
        local = []
        if st.objective is not None:
            dims["gcmObjective"] = ctx.ids.gcm_objective(st.objective)
            local.append(f"obj{st.objective:02d}")
        if st.kind is not None:
            dims["agencyKind"] = ctx.ids.agency_kind(st.kind)
            local.append(st.kind)
        measure = MIG.agencyCount if st.measure == "bodies" else MIG.actionCount
        iri = ctx.ids.observation(slug, "-".join(local) or "total")
        if (iri, RDF.type, QB.Observation) in cube.graph:
            continue  # the same cell restated in the same place: keep the first
        cube.observe(slug, "-".join(local) or "total", line, measure, integer(st.value), **dims)
    kinds_413 = [
        s
        for s in statements
        if s.where == "IV" and s.kind and s.objective is None and s.measure == "actions"
    ]
    total_iv = [s for s in statements if s.where == "IV" and s.kind is None and s.objective is None]
    if kinds_413 and total_iv and sum(s.value for s in kinds_413) != total_iv[0].value:
        findings.append(
            ctx.finding(
                kinds_413[0].line,
                "contradiction",
                f"the actions per kind of body on line {kinds_413[0].line} add up to "
                f"{sum(s.value for s in kinds_413)}, not to the {total_iv[0].value} actions of "
                f"line {total_iv[0].line}",
            )
        )
    return findings


def parse(text: str, *, ctx: LoadContext, excerpt: bool = False) -> ParseResult:
    """The report's figures as data cubes; see the module docstring for the contract."""
    graph = new_graph()
    cube = Cube(graph, ctx)
    lines = content_lines(text)
    check(lines, ctx.source.file, last_line(text), excerpt)
    found = sections(lines)
    findings: list[Finding] = []
    if "III" not in found:
        findings.append(ctx.finding(1, "warning", "no section III (actions per objective)"))
        return ParseResult(graph, findings)
    base = _section_iii(cube, ctx, found["III"], findings)
    findings += _restated(cube, ctx, found, base, {line.number: line for line in lines})
    shares(cube, found, findings)
    challenges(cube, found, categories(cube, found), findings)
    return ParseResult(graph, sorted(set(findings)))

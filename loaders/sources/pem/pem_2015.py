"""PEM 2014-2018, actions to carry out in 2015 (`pem-2015-acciones.txt`).

Layout: `OBJETIVO N. title` and `ESTRATEGIA N.M title` headings, then table rows
`N.M.K title <TAB> action cell <TAB> action cell …` (only lines of action with 2015
actions). Quirks handled: leftover `<p>…</p>` tags; rows split at a page break, where the
continuation line starts with a TAB and continues each cell of the previous row; `---`
separator rows; empty cells; a cell holding two `<p>` paragraphs (two actions).

RDF contract (named graph of the document):
- the PEM concepts this document shows, with its wording (see `loaders.sources.pem.common`);
- one mig:Action per action paragraph of a cell (normally one per cell), IRI
  `id/accion/pem-2015/<code>-<n>` with n counting cells and paragraphs left to right:
  mig:description @es, mig:status mig:Planned, mig:year 2015, mig:contributesTo the line
  of action, mig:responsibleAgency / mig:collaboratingAgency (`loaders.responsibility`) or
  mig:noResponsibleAgencyReason, prov:wasDerivedFrom and mig:sourceLineStart/End (the row's
  line to the last continuation line that adds to that cell).

Damaged input raises SourceError: a table row before any ESTRATEGIA heading, a strategy or
line of action under the wrong parent, a continuation with no row before it, a line that is
none of heading, table row, separator or blank; and, against the PEM's shape
(`loaders.sources.pem.shape`), an objective or strategy heading out of order, repeated or skipped
(the document shows all 5 objectives and 26 strategies, in order), a strategy whose table
has no row, or a text that ends before strategy 5.4's table.
`parse(..., excerpt=True)` reads a fixture excerpt: headings still in order, none required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph

from loaders.emit import new_graph
from loaders.errors import SourceError
from loaders.model import Finding, LoadContext, ParseResult
from loaders.outline import Outline, last_line
from loaders.sources.pem.common import emit_action, emit_concept, emit_scheme, parent, strip_markup
from loaders.sources.pem.shape import headings

_OBJECTIVE = re.compile(r"^OBJETIVO (\d+)\.\s+(\S.*)$")
_STRATEGY = re.compile(r"^ESTRATEGIA (\d+\.\d+)\.?\s+(\S.*)$")
_ROW = re.compile(r"^(\d+\.\d+\.\d+)\.?\s+(\S.*)$")
_SEPARATOR = re.compile(r"^-*$")
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>")


@dataclass
class _Row:
    code: str
    line: int
    cells: list[str]
    ends: list[int] = field(default_factory=list)


def _rows(
    text: str, ctx: LoadContext, graph: Graph, findings: list[Finding], excerpt: bool
) -> list[_Row]:
    """Read headings (emitting their concepts, checking the PEM's order) and collect the
    table rows."""
    file = ctx.source.file
    outline = Outline(file, headings(), excerpt=excerpt)
    objective: str | None = None
    strategy: str | None = None
    rows: list[_Row] = []
    titles: dict[str, tuple[str, int]] = {}

    def table_filled(number: int) -> None:
        """The strategy before `number` had a table row (a cut or moved block has none)."""
        if strategy is not None and not excerpt and (not rows or parent(rows[-1].code) != strategy):
            raise SourceError(file, number, f"strategy {strategy} ends here without a table row")

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        first, *cells = line.split("\t")
        head = strip_markup(first)
        if not cells:
            if match := _OBJECTIVE.match(head):
                table_filled(number)
                outline.see(f"objective {match.group(1)}", number)
                objective, strategy = match.group(1), None
                emit_concept(graph, ctx, objective, match.group(2), number, number)
            elif match := _STRATEGY.match(head):
                code = match.group(1)
                if objective is None or parent(code) != objective:
                    raise SourceError(
                        file, number, f"strategy {code} is not under objective {objective}"
                    )
                table_filled(number)
                outline.see(f"strategy {code}", number)
                strategy = code
                emit_concept(graph, ctx, code, match.group(2), number, number)
            elif objective is not None:
                raise SourceError(file, number, f"unrecognised line: {head[:60]!r}")
            continue
        if head == "Línea de acción" or all(
            _SEPARATOR.match(strip_markup(c)) for c in (first, *cells)
        ):
            if strategy is None:
                raise SourceError(file, number, "table before any ESTRATEGIA heading")
            continue
        if not head:
            if not rows:
                raise SourceError(file, number, "continuation line with no table row before it")
            _continue(rows[-1], cells, number)
            continue
        match = _ROW.match(head)
        if match is None:
            raise SourceError(
                file, number, f"table row without a line-of-action code: {head[:60]!r}"
            )
        code, title = match.groups()
        if strategy is None:
            raise SourceError(file, number, f"table row {code} before any ESTRATEGIA heading")
        if parent(code) != strategy:
            raise SourceError(file, number, f"line of action {code} is under strategy {strategy}")
        if code in titles:
            findings.append(
                ctx.finding(
                    number,
                    "inconsistency",
                    f"line of action {code} appears again (first at line {titles[code][1]})",
                )
            )
        else:
            titles[code] = (title, number)
            emit_concept(graph, ctx, code, title, number, number)
        rows.append(_Row(code, number, list(cells), [number] * len(cells)))
    end = last_line(text)
    table_filled(end)
    outline.end(end)
    return rows


def _continue(row: _Row, cells: list[str], number: int) -> None:
    """A page-break continuation: each non-empty cell continues the same cell above."""
    for index, cell in enumerate(cells):
        if not strip_markup(cell):
            continue
        if index >= len(row.cells):
            row.cells.append(cell)
            row.ends.append(number)
        else:
            row.cells[index] += " " + cell
            row.ends[index] = number


def parse(text: str, *, ctx: LoadContext, excerpt: bool = False) -> ParseResult:
    graph = new_graph()
    emit_scheme(graph, ctx)
    findings: list[Finding] = []
    counts: dict[str, int] = {}
    for row in _rows(text, ctx, graph, findings, excerpt):
        line = ctx.ids.pem_line(row.code)
        for cell, end in zip(row.cells, row.ends, strict=True):
            paragraphs = [strip_markup(p) for p in _PARAGRAPH_BREAK.split(cell)]
            paragraphs = [p for p in paragraphs if p]
            if len(paragraphs) > 1:
                findings.append(
                    ctx.finding(
                        row.line,
                        "note",
                        f"line of action {row.code}: a cell holds {len(paragraphs)} paragraphs,"
                        " each read as an action",
                    )
                )
            for paragraph in paragraphs:
                counts[row.code] = counts.get(row.code, 0) + 1
                local_id = f"{row.code}-{counts[row.code]}"
                _iri, found = emit_action(graph, ctx, local_id, paragraph, line, row.line, end)
                findings.extend(found)
    return ParseResult(graph, findings)

"""PEM 2014-2018, actions to carry out in 2018 (`pem-2018-acciones.txt`).

Layout: one block per line of action (all 195): the objective `N. title`, the strategy
`N.M. title` and the line of action `N.M.K. title`, each hard-wrapped over several lines,
then `Se realizarán` / `No se realizarán` + `acciones en 2018`, then the action text.
Quirks handled: action text starting on the status line ("acciones en 2018 En el marco
del…"), which then continues after a spurious blank line; wrapped and hyphen-broken lines;
paragraphs that start in lower case (continuations); blocks out of numeric order.

RDF contract (named graph of the document):
- the PEM concepts with this document's wording (see `loaders.sources.pem.common`); objective and
  strategy headings repeat in every block, the first occurrence is stated and any later
  one that differs is a Finding;
- one mig:Action per paragraph of action text, IRI `id/accion/pem-2018/<code>-<n>`
  (paragraph order): mig:description @es, mig:status mig:Planned, mig:year 2018,
  mig:contributesTo, agencies as in `loaders.responsibility`, provenance and source lines;
- `mig:noActionPlannedIn "2018"^^xsd:gYear` on a line of action whose block says
  "No se realizarán acciones en 2018".

A block that says no action is planned and still describes one keeps both statements: the
line gets mig:noActionPlannedIn and the text still becomes actions (the graph keeps what the
document says), and a Finding of kind "inconsistency" names the block. Other findings: a
block saying actions are planned with no text, duplicate or out-of-order blocks, a title
that looks cut short (its last two words occur elsewhere in the document's titles, never at
an end, always followed by the same word).

Damaged input raises SourceError: a block whose headings are missing or nest under the wrong
parent, a status line not followed by "acciones en 2018", a block cut off before its status;
and, against the PEM's shape (`loaders.sources.pem.shape`), a strategy whose blocks are not together
or come out of order (the document goes through the 26 strategies in order; only lines of
action within a strategy may be out of numeric order, a Finding), a strategy whose blocks
leave out one of its lines of action, a text that ends before the last block.
`parse(..., excerpt=True)` reads a fixture excerpt: strategies still in order, none required.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib import Graph

from loaders.emit import new_graph
from loaders.errors import SourceError
from loaders.model import Finding, LoadContext, ParseResult
from loaders.outline import last_line
from loaders.sources.pem.common import (
    code_key,
    emit_action,
    emit_concept,
    emit_scheme,
    join_wrapped,
    no_action_planned,
    parent,
)
from loaders.sources.pem.shape import check_blocks

_HEADINGS = (
    re.compile(r"^\s*(\d+)\.\s+(\S.*)$"),
    re.compile(r"^\s*(\d+\.\d+)\.\s+(\S.*)$"),
    re.compile(r"^\s*(\d+\.\d+\.\d+)\.\s+(\S.*)$"),
)
_STATUS = re.compile(r"^\s*(No se|Se) realizarán\s*$")
_YEAR_LINE = re.compile(r"^\s*acciones en 2018\b\s*(.*)$")
_EVIDENCE = 3  # other titles that continue the final words the same way


@dataclass
class _Heading:
    code: str
    title: str
    start: int
    end: int


@dataclass
class _Block:
    headings: list[_Heading]
    planned: bool
    status_line: int
    paragraphs: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def line(self) -> _Heading:
        return self.headings[2]


class _Reader:
    """Walks the numbered lines of the document, block by block."""

    def __init__(self, text: str, file: str) -> None:
        self.lines = [line.rstrip("\r") for line in text.split("\n")]
        self.file = file
        self.i = 0  # 0-based index of the next line

    def error(self, message: str) -> SourceError:
        return SourceError(self.file, min(self.i + 1, len(self.lines)), message)

    def skip_blank(self) -> None:
        while self.i < len(self.lines) and not self.lines[self.i].strip():
            self.i += 1

    def heading(self, depth: int, parent_code: str | None) -> _Heading:
        self.skip_blank()
        kind = ("objective", "strategy", "line of action")[depth]
        match = _HEADINGS[depth].match(self.lines[self.i]) if self.i < len(self.lines) else None
        if match is None:
            raise self.error(f"expected the {kind} heading of a block")
        code = match.group(1)
        if parent_code is not None and parent(code) != parent_code:
            raise self.error(f"{kind} {code} is not under {parent_code}")
        start = self.i
        parts = [match.group(2)]
        self.i += 1
        while (
            self.i < len(self.lines)
            and self.lines[self.i].strip()
            and not _STATUS.match(self.lines[self.i])
        ):
            parts.append(self.lines[self.i])
            self.i += 1
        return _Heading(code, join_wrapped(parts), start + 1, self.i)

    def block(self) -> _Block:
        objective = self.heading(0, None)
        strategy = self.heading(1, objective.code)
        line = self.heading(2, strategy.code)
        self.skip_blank()
        status = _STATUS.match(self.lines[self.i]) if self.i < len(self.lines) else None
        if status is None:
            raise self.error(f"line of action {line.code}: block ends before its status line")
        self.i += 1
        year = _YEAR_LINE.match(self.lines[self.i]) if self.i < len(self.lines) else None
        if year is None:
            raise self.error(
                f"line of action {line.code}: status not followed by 'acciones en 2018'"
            )
        block = _Block([objective, strategy, line], status.group(1) == "Se", self.i)
        self.i += 1
        block.paragraphs = self.text(year.group(1), self.i)
        return block

    def text(self, same_line: str, first: int) -> list[tuple[str, int, int]]:
        """Paragraphs up to the next block, as (text, first line, last line)."""
        groups: list[list[int]] = [[first - 1]] if same_line else []
        pending_blank = False
        while self.i < len(self.lines) and not _HEADINGS[0].match(self.lines[self.i]):
            if not self.lines[self.i].strip():
                pending_blank = True
            else:
                joins = (
                    not groups
                    or not pending_blank
                    or (same_line and len(groups) == 1 and groups[0][-1] == first - 1)
                    or self.lines[self.i].lstrip()[:1].islower()
                )
                if groups and joins:
                    groups[-1].append(self.i)
                else:
                    groups.append([self.i])
                pending_blank = False
            self.i += 1
        paragraphs = []
        for group in groups:
            parts = [same_line if n == first - 1 else self.lines[n] for n in group]
            paragraphs.append((join_wrapped(parts), group[0] + 1, group[-1] + 1))
        return paragraphs


def _blocks(text: str, file: str) -> list[_Block]:
    reader = _Reader(text, file)
    blocks = []
    reader.skip_blank()
    while reader.i < len(reader.lines):
        blocks.append(reader.block())
        reader.skip_blank()
    return blocks


def _cut_short(titles: dict[str, _Heading]) -> list[tuple[_Heading, str]]:
    """Titles whose last two words, in at least three other titles of the document, are
    never at an end and always followed by the same word: probably cut short."""
    followers: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for heading in titles.values():
        words = heading.title.split()
        for a, b, c in zip(words, words[1:], [*words[2:], ""], strict=False):
            followers[(a, b)][c] += 1
    suspects = []
    for heading in titles.values():
        words = heading.title.split()
        seen = followers[(words[-2], words[-1])] if len(words) > 1 else Counter()
        others = seen - Counter({"": 1})
        if len(others) == 1 and seen[""] == 1 and sum(others.values()) >= _EVIDENCE:
            suspects.append((heading, next(iter(others))))
    return suspects


def parse(text: str, *, ctx: LoadContext, excerpt: bool = False) -> ParseResult:
    graph: Graph = new_graph()
    emit_scheme(graph, ctx)
    findings: list[Finding] = []
    titles: dict[str, _Heading] = {}
    previous: str | None = None
    counts: Counter[str] = Counter()
    blocks = _blocks(text, ctx.source.file)
    starts = [(block.line.code, block.headings[0].start) for block in blocks]
    check_blocks(starts, ctx.source.file, last_line(text), excerpt)
    for block in blocks:
        for heading in block.headings:
            first = titles.get(heading.code)
            if first is None:
                titles[heading.code] = heading
                emit_concept(graph, ctx, heading.code, heading.title, heading.start, heading.end)
            elif heading is block.line:
                findings.append(
                    ctx.finding(
                        heading.start,
                        "inconsistency",
                        f"line of action {heading.code} has a second block"
                        f" (first at line {first.start})",
                    )
                )
            elif heading.title != first.title:
                findings.append(
                    ctx.finding(
                        heading.start,
                        "inconsistency",
                        f"heading {heading.code} reads {heading.title!r} here but"
                        f" {first.title!r} at line {first.start}",
                    )
                )
        code = block.line.code
        if previous is not None and code_key(code) < code_key(previous):
            findings.append(
                ctx.finding(
                    block.line.start,
                    "inconsistency",
                    f"block {code} comes after block {previous}: out of numeric order",
                )
            )
        previous = code
        concept = ctx.ids.pem_line(code)
        if not block.planned:
            no_action_planned(graph, ctx, concept)
            if block.paragraphs:
                findings.append(
                    ctx.finding(
                        block.status_line,
                        "inconsistency",
                        f"line of action {code}: says no action is planned for 2018 but"
                        f" describes {len(block.paragraphs)}; both are kept",
                    )
                )
        elif not block.paragraphs:
            findings.append(
                ctx.finding(
                    block.status_line,
                    "inconsistency",
                    f"line of action {code}: says actions are planned but describes none",
                )
            )
        for paragraph, start, end in block.paragraphs:
            counts[code] += 1
            local_id = f"{code}-{counts[code]}"
            _iri, found = emit_action(graph, ctx, local_id, paragraph, concept, start, end)
            findings.extend(found)
    for heading, word in _cut_short(titles):
        findings.append(
            ctx.finding(
                heading.end,
                "inconsistency",
                f"title of {heading.code} looks cut short: it ends in"
                f" {' '.join(heading.title.split()[-2:])!r}, which elsewhere is followed by"
                f" {word!r}",
            )
        )
    return ParseResult(graph, findings)

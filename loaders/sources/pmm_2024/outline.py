"""The outline the 2024 executive report must follow, checked before its figures are read.

Why: a truncated or reshuffled release of the report (with a new hash) would otherwise
yield a partial cube without a word. The report runs: sections I, II, III (objectives 1-23,
in order), IV with its subsections (IV.a "1. Acciones por Objetivo", a.1-a.5, b-e), V, VI
(the glossary: category titles each followed by its definition), then the closing page
"Informe Ejecutivo 2024". Headings are recognised as `pmm_2024_text.sections` reads them.
An excerpt (a test fixture) need only show its headings in this order.
"""

from __future__ import annotations

from loaders.errors import SourceError
from loaders.outline import Outline
from loaders.sources.pmm_2024.sections import (
    OBJECTIVE_RE,
    SECTION_RE,
    SUBSECTION_RE,
    Line,
    Section,
    glossary,
)

CLOSING = "Informe Ejecutivo"
_SUBSECTIONS = ("IV.a", *(f"IV.a.{n}" for n in range(1, 6)), "IV.b", "IV.c", "IV.d", "IV.e")
EXPECTED = (
    "section I",
    "section II",
    "section III",
    *(f"objective {n}" for n in range(1, 24)),
    "section IV",
    *(f"section {key}" for key in _SUBSECTIONS),
    "section V",
    "section VI",
    "the closing page",
)


def _heading(line: Line, current: str | None) -> tuple[str, str | None] | None:
    """(outline name, section now current) if `line` is a heading where it stands."""
    if head := SECTION_RE.match(line.text):
        return f"section {head.group(1)}", head.group(1)
    in_iv = current is not None and current.startswith("IV") and len(line.text) < 200
    if in_iv and (sub := SUBSECTION_RE.match(line.text)):
        letter, digit, numeral = sub.group(1), sub.group(2), sub.group(3)
        key = "IV.a" if numeral else f"IV.{letter}" + (f".{digit}" if digit else "")
        return f"section {key}", key
    if current == "III" and (head := OBJECTIVE_RE.match(line.text)):
        return f"objective {int(head.group(1))}", current
    if current == "VI" and line.text.startswith(CLOSING):
        return "the closing page", None
    return None


def check(lines: list[Line], file: str, end: int, excerpt: bool) -> None:
    """Raise SourceError at the first heading out of place, where the text ends too soon,
    or at a glossary title without its definition."""
    outline = Outline(file, EXPECTED, excerpt=excerpt)
    current: str | None = None
    glossary_lines: list[Line] = []
    for line in lines:
        found = _heading(line, current)
        if found is None:
            if current == "VI":
                glossary_lines.append(line)
            continue
        name, current = found
        outline.see(name, line.number)
    outline.end(end)
    heading = Line(0, "VI.")
    for title, definition in glossary(Section("VI", heading, glossary_lines)):
        if definition is None:
            raise SourceError(file, title.number, "glossary category without its definition")

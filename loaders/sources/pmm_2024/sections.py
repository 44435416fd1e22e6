"""Reading the 2024 executive report's text: sections, objective blocks, counts and splits.

The report states its figures in prose ("El objetivo 1 está conformado por 36 acciones, ...
Administración Pública Federal (20), seguido de entidades federativas (7) ..."). These pure
functions find the sections, the objective blocks of section III, the glossary of section VI
and pair each kind of reporting body with the number the sentence gives it, in the several
ways the report writes that pairing: "kind (N)", "N a/por kind", "(N) kind" and lists
closed by "respectivamente".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Kinds of reporting body as the report names them -> slug in id/tipo-institucion.
KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    ("administracion-publica-federal",
     r"(?:dependencias\s+de\s+la\s+)?(?:Administración\s+Pública\s+Federal|APF)"),
    ("gobierno-estatal", r"entidad(?:es)?\s+federativas?"),
    ("poder-judicial", r"(?:instancias\s+del\s+)?Poder\s+Judicial"),
    ("poder-legislativo", r"Poder\s+Legislativo"),
    ("organismo-constitucional-autonomo",
     r"(?:Organismos?|Órganos?)\s+Constitucional(?:es)?\s+Autónomos?|organismos\s+públicos\s+autónomos"
     r"|OCA"),
    ("organizacion-sociedad-civil", r"Organizaciones\s+de\s+la\s+Sociedad\s+Civil|osc"),
)  # fmt: skip
_KIND_RE = re.compile(
    "|".join(f"(?P<k{i}>(?<!\\w)(?:{p})(?!\\w))" for i, (_, p) in enumerate(KIND_PATTERNS)),
    re.IGNORECASE,
)
_WORD_NUMBERS = {"una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6}
_NUMBER_RE = re.compile(r"\((\d+)\)|(?<![\w.])(\d+)(?![\w.])|(?<!\w)(una|uno)(?!\w)", re.I)
_NOT_A_COUNT = re.compile(r"(?:objetivos?|ejercicio)\s+$", re.I)
_TOTAL_RES = (
    re.compile(r"total\s+de\s+(\d+)", re.I),
    re.compile(
        r"(?:conformado por|consta de|conforma de|cuenta con|integrado por|integró con"
        r"|contó con|compone de|comprende|reportado con|se registraron|se reportaron)\s+(\d+)"
        r"\s+acci",
        re.I,
    ),
)
SECTION_RE = re.compile(r"^(I|II|III|IV|V|VI)\.\s+([A-ZÁÉÍÓÚÑ ,]+)$")
SUBSECTION_RE = re.compile(r"^(?:([a-e])\.(?:(\d)\.)?|(\d)\.)\s+(\S.*)$")
OBJECTIVE_RE = re.compile(r"^OBJETIVO\s+(\d{1,2})\s*\**\s*(.+?)\s*\**\s*$")
PAGE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
FOOTNOTE_MARK_RE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


@dataclass(frozen=True)
class Line:
    """A non-blank line of the document: its 1-based number and its text."""

    number: int
    text: str


@dataclass
class Section:
    """A Roman-numbered section (or a lettered subsection of IV) and its lines."""

    key: str
    heading: Line
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Split:
    """What one sentence states: a total (or None) and a number per kind of body."""

    total: int | None
    by_kind: dict[str, int]


def kind_of(match: re.Match[str]) -> str:
    index = next(int(name[1:]) for name, value in match.groupdict().items() if value)
    return KIND_PATTERNS[index][0]


def content_lines(text: str) -> list[Line]:
    """Non-blank lines without page numbers, `<p>` tags or markdown emphasis."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        clean = raw.replace("<p>", "").replace("</p>", "").strip()
        if not clean or PAGE_NUMBER_RE.match(clean):
            continue
        lines.append(Line(number, clean))
    return lines


def plain(text: str) -> str:
    """Text without emphasis marks and footnote markers, white space collapsed."""
    text = FOOTNOTE_MARK_RE.sub("", text.replace("**", "").replace("*", ""))
    return re.sub(r"\s+", " ", text).strip()


def sections(lines: list[Line]) -> dict[str, Section]:
    """Sections keyed "I".."VI", and section IV's subsections keyed "IV.a", "IV.a.1", ..."""
    found: dict[str, Section] = {}
    current: Section | None = None
    for line in lines:
        head = SECTION_RE.match(line.text)
        if head:
            current = found.setdefault(head.group(1), Section(head.group(1), line))
            continue
        sub = SUBSECTION_RE.match(line.text)
        if current is not None and current.key.startswith("IV") and sub and len(line.text) < 200:
            letter, digit, numeral = sub.group(1), sub.group(2), sub.group(3)
            key = f"IV.{letter or 'a'}" + (f".{digit}" if digit else "")
            if numeral:
                key = "IV.a"
            current = found.setdefault(key, Section(key, line))
            continue
        if current is not None:
            current.lines.append(line)
    return found


def objective_blocks(section: Section) -> list[tuple[int, Line, list[Line]]]:
    """Section III's blocks: (objective number, heading line, lines up to the next)."""
    blocks: list[tuple[int, Line, list[Line]]] = []
    for line in section.lines:
        head = OBJECTIVE_RE.match(line.text)
        if head:
            blocks.append((int(head.group(1)), line, []))
        elif blocks:
            blocks[-1][2].append(line)
    return blocks


def objective_title(heading: Line) -> str:
    match = OBJECTIVE_RE.match(heading.text)
    return plain(match.group(2)) if match else ""


def stated_total(sentence: str) -> tuple[int, int] | None:
    """The total of actions a count sentence gives, with its position."""
    for pattern in _TOTAL_RES:
        match = pattern.search(sentence)
        if match:
            return int(match.group(1)), match.start(1)
    return None


def _numbers(sentence: str, skip: set[int]) -> list[tuple[int, int, int, bool]]:
    """(start, end, value, in parentheses) for each number, skipping objective numbers."""
    found = []
    for match in _NUMBER_RE.finditer(sentence):
        start = match.start()
        if start in skip or match.start(2) in skip or match.start(1) in skip:
            continue
        if _NOT_A_COUNT.search(sentence[:start]):
            continue
        paren, digits, word = match.groups()
        value = int(paren or digits) if (paren or digits) else _WORD_NUMBERS[word.lower()]
        found.append((start, match.end(), value, paren is not None))
    return found


def pair_kinds(sentence: str, skip: set[int] | None = None) -> dict[str, int]:
    """The number the sentence gives each kind of body (first pairing wins)."""
    kinds = [(m.start(), m.end(), kind_of(m)) for m in _KIND_RE.finditer(sentence)]
    numbers = _numbers(sentence, skip or set())
    result: dict[str, int] = {}
    if "respectivamente" in sentence.lower():
        ordered = list(dict.fromkeys(kind for _, _, kind in kinds))
        after = [n for n in numbers if n[0] > kinds[-1][1]] if kinds else []
        return dict(zip(ordered, (n[2] for n in after), strict=False))
    used: set[int] = set()
    previous_end = 0
    for index, (start, end, kind) in enumerate(kinds):
        limit = kinds[index + 1][0] if index + 1 < len(kinds) else len(sentence)
        pick = None
        for n in numbers:
            gap = sentence[end : n[0]]
            if n[3] and end <= n[0] < limit and re.fullmatch(r"[\s,]*(?:reportaron\s*)?", gap):
                pick = n
                break
        if pick is None:
            before = [n for n in numbers if previous_end <= n[0] < start and n[0] not in used]
            pick = before[-1] if before else None
        previous_end = end
        if pick is not None and kind not in result:
            used.add(pick[0])
            result[kind] = pick[2]
    return result


def count_split(sentence: str) -> Split:
    """A section III count sentence: the total and the split by kind of body."""
    total = stated_total(sentence)
    skip = {total[1]} if total else set()
    by_kind = pair_kinds(sentence, skip)
    kinds = {kind_of(m) for m in _KIND_RE.finditer(sentence)}
    if not by_kind and total and len(kinds) == 1 and re.search(r"\btodas\b", sentence, re.I):
        by_kind = {kinds.pop(): total[0]}
    return Split(total[0] if total else None, by_kind)


def glossary(section: Section) -> list[tuple[Line, Line | None]]:
    """Section VI: alternating category title and definition lines, up to the closing page
    ("Informe Ejecutivo 2024"); a numbered footnote with a link is not part of it."""
    entries: list[tuple[Line, Line | None]] = []
    pending: Line | None = None
    for line in section.lines:
        if line.text.startswith("Informe Ejecutivo"):
            break
        if re.match(r"^\d+\.\s.*<https?://", line.text):
            continue
        if pending is None:
            pending = line
        else:
            entries.append((pending, line))
            pending = None
    if pending is not None:
        entries.append((pending, None))
    return entries

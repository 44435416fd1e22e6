"""Page layout of the PMM 2022 compendium: from extracted PDF text to numbered entries.

Why a module of its own: the text is a PDF extraction in which page furniture lands in the
middle of the prose. This module knows that furniture and removes it; `loader` only turns
the entries into RDF.

What a page boundary leaves behind, and how it is recognised:
- running headers `Objetivo N. <title>` (wrapped over up to four lines), printed where the
  page breaks, often after the first entries of their section and sometimes after the next
  section has begun; the line that resumes the prose starts with a space;
- page numbers: a bare number after a whitespace-only line;
- footnotes `N <text>` after a whitespace-only line, numbered 1, 2, 3 ... through the
  document, their markers glued to a word of the text (`Schengen1.`, `Resultados4`);
- hyperlink annotations: URL-only lines without trailing blanks just before a page start;
- the section markers `i. Introducción` and `ii. Objetivos del PMM`.

Entries are `N. <title> (<reporting body>)`; numbering restarts at 1 in every objective
section. A numbered line opens an entry only if its title block ends with a parenthesised
body within a few lines and its number continues the current numbering (or restarts it
once the current entry has reached its Resultados or Retos); numbered sub-lists inside
descriptions and results (`1. Estrategia para ...`, `3. Módulo de Atención Inmediata
(MAI)`) therefore stay text. The document has a federal part and a state-government part,
each running through objectives 1-23; the headings restart at 1 where the second begins.

The document's outline is checked last (`loaders.outline`): the sections take objectives
1-23 of the federal part, then 1-23 of the state part, in order, and the `ANEXOS` line that
closes the body follows; a truncated or reshuffled text raises SourceError at the first
section out of place or at its last line. An excerpt (`excerpt=True`) need only be in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from loaders.errors import SourceError
from loaders.outline import Outline, last_line
from loaders.text import join_wrapped

Content = list[list[Any]]  # [line number, text] per content line ("" for blank)
BULLETS = "•●➔➢▪◦-"
MAX_TITLE_LINES = 8
MAX_HEADING_LAG = 2  # a heading may be printed up to two sections after its own

_HEADING = re.compile(r"^ ?Objetivo (\d{1,2})\.\s+(\S.*)$")
_ENTRY = re.compile(r"^(\d{1,2})\.\s+([A-ZÁÉÍÓÚÑ“\"«¿].*)$")
_SECTION = re.compile(r"^(Resultados|Retos)\s*:?\s*$")
_ROMAN = re.compile(r"^(?:i{1,3}|iv|v)\.\s+[A-ZÁÉÍÓÚ][\w ]{0,40}$")
_FOOTNOTE = re.compile(r"^(\d{1,2}) {1,2}(\S.*)$")
_URL_ONLY = re.compile(r"^https?://\S+$")
_NO_ACTIVITY = re.compile(r"^No se reportaron actividades correspondientes a este objetivo\.?$")
_NO_RESULTS_NOR_CHALLENGES = re.compile(r"^No se reportaron resultados ni retos\.?$", re.I)
_BARE_BODY = re.compile(r"\)\s+([A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)+)$")
_ITEM = re.compile(r"^(?:\d{1,2}\.|[a-zA-Z]\)|[IVX]+\))\s")


@dataclass(frozen=True)
class Heading:
    """A running header `Objetivo N. <title>` and the lines it spans."""

    number: int
    title: str
    start: int
    end: int


@dataclass
class Entry:
    """One numbered entry as the document states it (texts not yet joined)."""

    number: int
    title: str
    body: str
    start: int
    end: int
    body_in_parentheses: bool = True
    description: list[tuple[int, str]] = field(default_factory=list)
    results: list[tuple[int, str]] | None = None
    challenge: list[tuple[int, str]] | None = None
    no_results_nor_challenges: bool = False
    repeated_sections: list[tuple[int, str]] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        """Whether the entry has reached the sections that end it (Resultados or Retos)."""
        return (
            self.results is not None or self.challenge is not None or self.no_results_nor_challenges
        )


@dataclass
class Section:
    """A run of entries numbered from 1, or a note that the objective has no activity."""

    start: int
    entries: list[Entry] = field(default_factory=list)
    no_activity_line: int | None = None
    objective: int = 0
    part: int = 0


@dataclass
class Layout:
    """The sections of the document, with their objective and part, and the headings."""

    sections: list[Section]
    headings: list[Heading]
    gaps: list[tuple[int, str]]  # (line, message): numbering gaps the document itself has


# ---------------------------------------------------------------------------------------
# pass 1: remove page furniture
# ---------------------------------------------------------------------------------------


def _prev_nonempty(lines: list[str], i: int) -> str | None:
    j = i - 1
    while j >= 0 and lines[j] == "":
        j -= 1
    return lines[j] if j >= 0 else None


def _is_annotation(lines: list[str], i: int) -> bool:
    """A URL-only line with no trailing blank, in a run that ends at a page start."""
    raw = lines[i]
    if raw != raw.strip() or not _URL_ONLY.match(raw):
        return False
    j = i + 1
    while j < len(lines):
        nxt = lines[j]
        if nxt.strip() == "" or (nxt == nxt.strip() and _URL_ONLY.match(nxt)):
            j += 1
            continue
        return nxt.startswith(" ") or bool(_HEADING.match(nxt))
    return True


def _strip_marker(content: Content, number: int) -> None:
    """Remove footnote marker `number` from the nearest preceding content line."""
    n = str(number)
    patterns = (
        re.compile(rf"(?<=[^\W\d_]|[.)]){n}(?=[\s.,;:)]|$)"),
        re.compile(rf"(?<=\b(?:19|20)\d\d){n}(?=[\s.,;:)]|$)"),
    )
    for pattern in patterns:
        for item in reversed(content[-80:]):
            matches = list(pattern.finditer(item[1]))
            if matches:
                m = matches[-1]
                item[1] = item[1][: m.start()] + item[1][m.end() :]
                return


def _marker_present(content: Content, number: int) -> bool:
    pattern = re.compile(rf"(?:[^\W\d_]|[.)]|\b(?:19|20)\d\d){number}(?=[\s.,;:)]|$)")
    return any(pattern.search(item[1]) for item in content[-80:])


def _heading(lines: list[str], i: int) -> tuple[Heading, int]:
    """The heading starting at line index i and the index after it."""
    m = _HEADING.match(lines[i])
    assert m is not None
    parts = [m.group(2).strip()]
    j = i + 1
    while j < len(lines) and len(parts) < 5:
        nxt = lines[j]
        if nxt == "" and j + 1 < len(lines):
            after = lines[j + 1]
            if after[:1].islower() and not parts[-1].endswith("."):
                j += 1
                continue
            break
        if not nxt.strip() or nxt.startswith(" ") or _ROMAN.match(nxt) or _HEADING.match(nxt):
            break
        if not (nxt[:1].islower() or nxt[:1].isdigit()):
            break
        parts.append(nxt.strip())
        j += 1
    title = re.sub(r"\s+", " ", " ".join(parts)).strip()
    return Heading(int(m.group(1)), title, i + 1, j), j


def body_lines(text: str) -> tuple[Content, list[Heading], list[int], int]:
    """Content lines `[line, text]` ("" for blank), headings, no-activity notes, last line.

    Stops at the `ANEXOS` line that closes the report's body (the last line is then the
    line before it, the `ANEXOS` line `last + 1`).
    """
    lines = text.split("\n")
    content: Content = []
    headings: list[Heading] = []
    notes: list[int] = []
    last_footnote = 0
    i = 0
    end = len(lines)
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        lines[i] = raw
        s = raw.strip()
        if s == "ANEXOS":
            end = i
            break
        if not s:
            content.append([i + 1, ""])
            i += 1
            continue
        if _HEADING.match(raw):
            heading, i = _heading(lines, i)
            headings.append(heading)
            continue
        prev = _prev_nonempty(lines, i)
        after_blank_line = prev is not None and prev.strip() == "" and prev != ""
        if _ROMAN.match(s):
            i += 1
            continue
        if re.fullmatch(r"\d{1,3}", s) and after_blank_line:
            i += 1
            continue
        fm = _FOOTNOTE.match(raw)
        if fm and after_blank_line:
            number = int(fm.group(1))
            if number == last_footnote + 1 or _marker_present(content, number):
                last_footnote = number
                _strip_marker(content, number)
                i += 1
                while i < len(lines):
                    nxt = lines[i]
                    if not nxt.strip():
                        break
                    if nxt.startswith(" ") and not _URL_ONLY.match(nxt.strip()):
                        break
                    fn = _FOOTNOTE.match(nxt)
                    if fn and int(fn.group(1)) == last_footnote + 1:
                        last_footnote += 1
                        _strip_marker(content, last_footnote)
                    i += 1
                continue
        if _is_annotation(lines, i):
            i += 1
            continue
        if _NO_ACTIVITY.match(s):
            notes.append(i + 1)
            i += 1
            continue
        content.append([i + 1, s])
        i += 1
    return content, headings, notes, end


# ---------------------------------------------------------------------------------------
# pass 2: entries
# ---------------------------------------------------------------------------------------


def _title_block(content: Content, k: int) -> tuple[str, str, int, int, bool] | None:
    """(title, body, last line, next index, parenthesised) of the entry title at k."""
    m = _ENTRY.match(content[k][1])
    assert m is not None
    parts = [m.group(2)]
    j = k + 1
    while True:
        text = join_wrapped(parts).rstrip(" .")
        nj = j
        while nj < len(content) and content[nj][1] == "":
            nj += 1
        wraps = nj < len(content) and content[nj][1][:1].islower()
        if text.endswith(")") and text.count("(") == text.count(")") and not wraps:
            # a later line of the same block may close the title: "(PROBIPI). Apoyos ... (INPI)"
            ahead = j
            while ahead < len(content) and ahead - j < 3 and content[ahead][1]:
                more = join_wrapped(parts + [c[1] for c in content[j : ahead + 1]]).rstrip(" .")
                if (
                    content[ahead][1].rstrip(" .").endswith(")")
                    and more.count("(") == more.count(")")
                    and not _SECTION.match(content[ahead][1])
                ):
                    parts += [c[1] for c in content[j : ahead + 1]]
                    j = nj = ahead + 1
                    text = more
                    break
                ahead += 1
            last = content[j - 1][0]
            if nj < len(content) and re.fullmatch(r"\([^()]{1,80}\)\.?", content[nj][1]):
                parts.append(content[nj][1])
                last, j = content[nj][0], nj + 1
                text = join_wrapped(parts).rstrip(" .")
            depth, open_at = 0, len(text) - 1
            for pos in range(len(text) - 1, -1, -1):
                depth += {")": 1, "(": -1}.get(text[pos], 0)
                if depth == 0:
                    open_at = pos
                    break
            return text[:open_at].strip(" ."), text[open_at + 1 : -1].strip(), last, j, True
        bare = _BARE_BODY.search(text)
        if bare and len(parts) > 1:
            return text[: bare.start(1)].strip(), bare.group(1), content[j - 1][0], j, False
        while j < len(content) and content[j][1] == "":
            j += 1
        if j >= len(content) or len(parts) >= MAX_TITLE_LINES:
            return None
        nxt = content[j][1]
        if (
            _ENTRY.match(nxt)
            or _SECTION.match(nxt)
            or nxt[0] in BULLETS
            or _NO_RESULTS_NOR_CHALLENGES.match(nxt)
        ):
            return None
        parts.append(nxt)
        j += 1


def _entries(
    content: Content, notes: list[int], file: str, looks_like_body: Callable[[str], bool]
) -> tuple[list[Section], list[tuple[int, str]]]:
    sections: list[Section] = []
    gaps: list[tuple[int, str]] = []
    entry: Entry | None = None
    stage = "description"
    note_iter = iter(sorted(notes))
    next_note = next(note_iter, None)
    k = 0
    while k < len(content):
        line, text = content[k]
        while next_note is not None and next_note < line:
            sections.append(Section(start=next_note, no_activity_line=next_note))
            entry = None
            next_note = next(note_iter, None)
        m = _ENTRY.match(text) if text else None
        if m:
            block = _title_block(content, k)
            if block is not None:
                number = int(m.group(1))
                title, body, last, nk, in_parens = block
                opens = None
                if entry is None:
                    opens = "section"
                elif number == entry.number + 1 and stage != "title":
                    opens = "entry"
                elif number == 1 and entry.closed:
                    opens = "section"
                elif entry.challenge is not None and looks_like_body(body):
                    if number > entry.number + 1:
                        gaps.append(
                            (line, f"entry {number} follows entry {entry.number}: numbering gap")
                        )
                        opens = "entry"
                    else:
                        raise SourceError(
                            file,
                            line,
                            f"entry number {number} out of sequence after entry {entry.number}",
                        )
                if opens:
                    if opens == "section":
                        sections.append(Section(start=line))
                    entry = Entry(number, title, body, line, last, in_parens)
                    sections[-1].entries.append(entry)
                    stage = "description"
                    k = nk
                    continue
        if entry is not None and text:
            entry.end = line
            sm = _SECTION.match(text)
            if _NO_RESULTS_NOR_CHALLENGES.match(text):
                entry.no_results_nor_challenges = True
                stage = "closed"
            elif sm:
                name = sm.group(1)
                target = "results" if name == "Resultados" else "challenge"
                if getattr(entry, target) is not None:
                    entry.repeated_sections.append((line, name))
                    getattr(entry, target).append((line, ""))
                else:
                    setattr(entry, target, [])
                stage = target
            elif stage == "description":
                entry.description.append((line, text))
            elif stage in ("results", "challenge"):
                getattr(entry, stage).append((line, text))
        elif entry is not None and stage in ("description", "results", "challenge"):
            bucket = entry.description if stage == "description" else getattr(entry, stage)
            bucket.append((line, ""))
        k += 1
    while next_note is not None:
        sections.append(Section(start=next_note, no_activity_line=next_note))
        next_note = next(note_iter, None)
    return sections, gaps


# ---------------------------------------------------------------------------------------
# pass 3: objectives and parts
# ---------------------------------------------------------------------------------------


def _assign_objectives(sections: list[Section], headings: list[Heading], file: str) -> None:
    """Give each section its objective: the next unused heading at or after its start.

    Headings restart at 1 where the state-government part begins; within a part each
    section must take the next objective number.
    """
    keyed: list[tuple[int, int, Heading]] = []
    part = 0
    for n, heading in enumerate(headings):
        if n and heading.number < headings[n - 1].number - MAX_HEADING_LAG:
            part += 1
        keyed.append((part, heading.number, heading))
    used: set[int] = set()
    previous: tuple[int, int] | None = None
    for index, section in enumerate(sections):
        limit = (
            sections[index + MAX_HEADING_LAG + 1].start
            if index + MAX_HEADING_LAG + 1 < len(sections)
            else None
        )
        choice = None
        for h_index, (h_part, number, heading) in enumerate(keyed):
            if h_index in used or heading.end < section.start:
                continue
            if limit is not None and heading.start > limit:
                break
            if previous is None or (h_part, number) > previous:
                choice = h_index
                break
        if choice is None:
            raise SourceError(
                file, section.start, "no objective heading for the section starting here"
            )
        h_part, number, heading = keyed[choice]
        if previous is not None:
            expected = (previous[0], previous[1] + 1) if h_part == previous[0] else (h_part, 1)
            if (h_part, number) != expected:
                raise SourceError(
                    file,
                    section.start,
                    f"objective heading {expected[1]} missing: this section falls under "
                    f"'Objetivo {number}'",
                )
        used.add(choice)
        section.objective, section.part = number, h_part
        previous = (h_part, number)


PARTS = ("federal part", "state part")
CLOSING = "ANEXOS"


def outline(sections: list[Section], end: int, closed: bool, file: str, excerpt: bool) -> None:
    """Objectives 1-23 of each part in order, then `ANEXOS` (at line `end + 1` if `closed`);
    raises SourceError at the first section out of place or where the text ends."""
    names = [f"objective {n} ({part})" for part in PARTS for n in range(1, 24)]
    check = Outline(file, [*names, CLOSING], excerpt=excerpt)
    for section in sections:
        part = PARTS[section.part] if section.part < len(PARTS) else f"part {section.part + 1}"
        check.see(f"objective {section.objective} ({part})", section.start)
    if closed:
        check.see(CLOSING, end + 1)
    check.end(end)


def parse_layout(
    text: str, file: str, looks_like_body: Callable[[str], bool], excerpt: bool = False
) -> Layout:
    """Sections, entries and headings of the compendium text; raises SourceError if damaged.

    `looks_like_body(text)` says whether a parenthesised text names a reporting body; it
    decides only whether an out-of-sequence number is an entry (a gap or damage).
    """
    content, headings, notes, end = body_lines(text)
    sections, gaps = _entries(content, notes, file, looks_like_body)
    if not sections:
        raise SourceError(file, None, "no numbered entries found")
    last = sections[-1].entries[-1] if sections[-1].entries else None
    if last is not None and not last.closed:
        raise SourceError(
            file, end, f"the text ends inside entry {last.number} (no Resultados or Retos)"
        )
    _assign_objectives(sections, headings, file)
    closed = end < len(text.split("\n"))
    outline(sections, end if closed else last_line(text), closed, file, excerpt)
    return Layout(sections, headings, gaps)

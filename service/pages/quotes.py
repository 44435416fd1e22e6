"""Quoting a source as a reader wants it: clean text, only the part that is cited.

The vendored texts keep what the documents were converted from: HTML paragraphs (`<p>`) in
the PEM 2015 table, `*emphasis*` in the 2018 report, tables with one action per cell
(tab-separated). A quote shows the words, and of a table row only the cells that say what
the resource says (its description, results or label); when no cell matches, the lines as
they are.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_EMPHASIS = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
PROBE = 60  # characters of a text that identify it in a cell


def clean(text: str) -> str:
    """`text` without markup: tags dropped, entities decoded, `*emphasis*` unmarked."""
    return _EMPHASIS.sub(r"\1", html.unescape(_TAG.sub(" ", text))).strip()


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(clean(text).casefold()))


def _says(cell: str, texts: list[str]) -> bool:
    c = _norm(cell)
    if len(c) < 8:
        return False
    return any(t[:PROBE] in c or c[:PROBE] in t for t in texts if len(t) >= 8)


def excerpt(lines: Iterable[tuple[int, str]], own: Iterable[str]) -> list[tuple[int, str]]:
    """The numbered lines to quote: cleaned, and of a tab-separated row only the cells that
    say one of `own` (the resource's texts) when any does (then only those cells)."""
    texts = [_norm(t) for t in own if t]
    whole: list[tuple[int, str]] = []
    cited: list[tuple[int, str]] = []
    for n, line in lines:
        cells = [c for c in line.split("\t") if c.strip()]
        if len(cells) > 1 and texts:
            cited.extend((n, clean(c)) for c in cells if _says(c, texts))
        whole.append((n, _SPACE.sub(" ", clean(line)) if "\t" in line else clean(line)))
    return cited or whole


def paragraphs(lines: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines joined into paragraphs (a blank line ends one; a table cell is one), each
    numbered by its first line: a PDF's line breaks are not the author's."""
    numbered = list(lines)
    cells = Counter(n for n, _ in numbered)
    out: list[tuple[int, str]] = []
    current: list[str] = []
    first = 0
    for n, text in numbered:
        if cells[n] > 1:  # one of several cells quoted from a row: a paragraph of its own
            if current:
                out.append((first, " ".join(current)))
                current = []
            out.append((n, text.strip()))
        elif not text.strip():
            if current:
                out.append((first, " ".join(current)))
            current = []
        else:
            if not current:
                first = n
            current.append(text.strip())
    if current:
        out.append((first, " ".join(current)))
    return out

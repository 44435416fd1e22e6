"""Text shared by the loaders: rejoining hard-wrapped lines, and folding names for matching
(accents and case ignored), which the service's search folds the same way."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache


def join_wrapped(lines: Iterable[str]) -> str:
    """Hard-wrapped lines as one text, white space collapsed. A line ending in a hyphen glued
    to a word ("ONU-", "becas-y-") is joined without a space and keeps the hyphen: in these
    documents such breaks fall inside compounds and URLs, not inside syllable-split words;
    a free-standing dash ("Paisano -") is punctuation and keeps its space."""
    text = ""
    for line in (part.strip() for part in lines):
        if not line:
            continue
        glued = text.endswith("-") and len(text) > 1 and not text[-2].isspace()
        text += line if (not text or glued) else " " + line
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Accent- and case-insensitive key with collapsed white space, for matching names."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip().casefold()


@cache
def _fold_char(char: str) -> str:
    folded = fold(char) if not char.isspace() else char
    return folded if len(folded) == 1 else char


def fold_keep_length(text: str) -> str:
    """`fold` without collapsing white space, so offsets into the result are offsets into
    `text` (regexes over it report positions in the original)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def name_pattern(name: str) -> str:
    """A folded name as a regex: words joined by any white space (names wrap lines)."""
    return r"\s+".join(re.escape(word) for word in fold(name).split(" "))

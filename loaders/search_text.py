"""Text analysis shared by the search index (built by the loaders) and the service's search.

Why one module: a word is stemmed the same way when it is indexed and when it is typed, or
nothing matches. Order matters: the Spanish Snowball stemmer is written for accented text
(its suffixes are `-ación`, `-ución`, ...), so a word is lower-cased, stemmed, and only then
folded (accents and `ñ` dropped, `loaders.text.fold`). A word typed without its accents
("migracion") stems to the same key in every case we measured. Besides the stem, every word
keeps its folded, unstemmed form (`exact`): acronyms are matched on that form alone, so
"COMAR" (stem `com`) never meets "como", and "INM" never meets "inmigración".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

from loaders.text import fold

_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("spanish")


class Token(NamedTuple):
    """A word of a text (a tuple: a snippet tokenises whole texts on every search page, and
    a frozen dataclass cost more to make than the word's analysis, ~0.8 µs a word)."""

    start: int  # offsets into the analysed text
    end: int
    exact: str  # folded, lower-case
    stem: str  # stemmed, then folded


@lru_cache(maxsize=200_000)
def _analyse_word(word: str) -> tuple[str, str]:
    lower = word.lower()
    return fold(lower), fold(_STEMMER.stemWord(lower))


def tokens(text: str) -> Iterator[Token]:
    """The words of `text` with their offsets, exact and stemmed forms."""
    for m in _WORD.finditer(text):
        exact, stem = _analyse_word(m.group())
        if exact:
            yield Token(m.start(), m.end(), exact, stem)


def exact_text(text: str) -> str:
    """The folded words of `text`, space-separated (what the exact columns hold)."""
    return " ".join(t.exact for t in tokens(text))


def stem_text(text: str) -> str:
    """The stems of `text`, space-separated (what the stemmed columns hold)."""
    return " ".join(t.stem for t in tokens(text))


def stem(word: str) -> str:
    return _analyse_word(word)[1]


def exact(word: str) -> str:
    return _analyse_word(word)[0]

"""Accent- and case-insensitive Spanish text matching for `q`.

Folding: Unicode NFKD, drop combining marks (so `á`→`a`, `ñ`→`n`, `ü`→`u`), casefold, and
every run of characters that are not letters or digits becomes one space. A text matches a
query when every word of the folded query occurs in the folded text (as a substring, so
`migra` finds `migración` and `migrantes`).
"""

from __future__ import annotations

import re

from loaders.text import fold as fold_name

_NON_WORD = re.compile(r"[^\w]+|_+")


def fold(text: str) -> str:
    """`text` folded for matching (see the module docstring): the loaders' fold of names,
    with every run of non-word characters one space."""
    return " ".join(_NON_WORD.sub(" ", fold_name(text)).split())


def words(query: str) -> list[str]:
    """The folded words of a query (empty for a blank one)."""
    return fold(query).split()


def matches(folded_text: str, query_words: list[str]) -> bool:
    """True when every query word occurs in the folded text."""
    return all(w in folded_text for w in query_words)

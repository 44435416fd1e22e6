"""The strict one-pattern shape: queries provably cheap, recognised without a parser.

A query of exactly this shape (keywords case-insensitive)::

    (PREFIX pname: <iri>)*
    ( SELECT [DISTINCT | REDUCED] (?var+ | *) [WHERE] | ASK [WHERE] | CONSTRUCT WHERE )
    { S P O [.] }  [LIMIT n] [OFFSET n]   (either order, not for ASK)

with S an IRI or prefixed name, P an IRI, prefixed name, `a` or variable, O an IRI,
prefixed name or variable, is one triple pattern with a constant subject: it reads at most
the subject's out-degree from an index. Tokens are IRIs, prefixed names, variables,
integers, bare keywords, `{ } . *` and white space; a string, comment, escape, bracket,
FILTER, path, subquery or second pattern is not a token or not in the grammar, so such a
query is not in the shape (and whoever asked falls back to the general path).

Two users: `service.engine.inprocess` answers such queries in the worker (they cannot run away),
and `service.engine.safety` takes their form from here without lexing them again (the shape has
no SERVICE, update keyword, FROM or nesting). The lexer turns each token into one symbol
and the grammar is a regular expression over those symbols: about 7 µs a query, where a
recursive-descent recogniser took 16.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

_TOKEN = re.compile(
    r"""
      (?P<ws>[ \t\r\n]+)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<pname>(?:[A-Za-z][A-Za-z0-9_\-]*+)?:(?:[A-Za-z0-9_][A-Za-z0-9_\-]*+)?
                (?![\w:%\\\-]|\.[\w.:%\\\-]))              # a final dot ends a pattern
    | (?P<var>[?$][A-Za-z_][A-Za-z0-9_]*\b)
    | (?P<int>[0-9]++\b)
    | (?P<word>[A-Za-z]++\b)
    | (?P<punct>[{}.*])
    | (?P<bad>.)                                    # anything else: not in the class
    """,
    re.VERBOSE | re.DOTALL,
)
_MAX_TOKENS = 64

# Each token as one symbol, so that the grammar is one regular expression over them.
_KIND = {"iri": "i", "pname": "n", "var": "v", "int": "#"}
_KEYWORD = {
    "PREFIX": "P",
    "SELECT": "S",
    "ASK": "A",
    "CONSTRUCT": "C",
    "DISTINCT": "D",
    "REDUCED": "D",
    "WHERE": "W",
    "LIMIT": "L",
    "OFFSET": "L",
}  # any other keyword is "K", which the grammar never accepts
_PATTERN = r"\{[in][inav][inv]\.?\}"
_GRAMMAR = re.compile(rf"(?:Pni)*(?:(?:SD?(?:\*|v+)W?|CW){_PATTERN}(?:L\#){{0,2}}|AW?{_PATTERN})")


def _symbols(query: str) -> str | None:
    """One symbol per token but white space; None if any character is no token."""
    out: list[str] = []
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "bad" or len(out) == _MAX_TOKENS:
            return None
        if kind == "word":
            text = m.group()
            out.append("a" if text == "a" else _KEYWORD.get(text.upper(), "K"))
        elif kind == "punct":
            out.append(m.group())
        else:
            out.append(_KIND[kind or ""])
    return "".join(out)


_FORMS = {"S": "SELECT", "A": "ASK", "C": "CONSTRUCT"}
T = TypeVar("T")
SHORT_QUERY = 4096  # characters: longer texts are never memoised


def memoise_short(maxsize: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """`lru_cache` for short texts only: a cache keyed on query text must stay small in
    bytes, and a body may be a megabyte (4096 entries of those would be gigabytes)."""

    def decorate(function: Callable[[str], T]) -> Callable[[str], T]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(text: str) -> T:
            return cached(text) if len(text) <= SHORT_QUERY else function(text)

        return call

    return decorate


@memoise_short(4096)
def one_pattern_form(query: str) -> str | None:
    """The form ("SELECT", "ASK", "CONSTRUCT") of `query` if it has the strict shape."""
    symbols = _symbols(query)
    if symbols is None or _GRAMMAR.fullmatch(symbols) is None:
        return None
    return _FORMS[symbols.lstrip("Pni")[0]]


def single_pattern(query: str) -> bool:
    """Whether `query` is one triple pattern with a constant subject, in the strict shape."""
    return one_pattern_form(query) is not None

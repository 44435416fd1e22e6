"""Refuse what a public read-only endpoint must never run, before any evaluation.

pyoxigraph does not expose its algebra, and rdflib's parser is slow and not thread-safe
(rdflib#1282), so this is a SPARQL *lexer*: it drops comments, strings, IRIs, variables,
prefixed names, blank-node labels and language tags, then looks at the bare keywords left.
Because `SERVICE` can only appear as a keyword, finding that token is exact; over-matching
could at worst refuse a query, never let one through. Codepoint escapes (`\\u0053`) are
decoded first, as SPARQL does before parsing.

- `SERVICE` → `QueryRefused` (the engine would send an HTTP request to any IRI named).
- an update form (INSERT, DELETE, LOAD, CLEAR, ...) → `UpdateRefused` (read-only).
- an empty query → `BadRequest`.
- brackets nested deeper than `MAX_NESTING` → `BadRequest`: pyoxigraph's parser recurses
  per level and a few thousand levels overflow a query process's stack (SIGSEGV).

It also reports whether the query names its own dataset (FROM / FROM NAMED): pyoxigraph's
union default graph would otherwise override it. A query in the strict one-pattern shape
(`service.engine.shape`, the commonest: point lookups) is known to be none of the above and is
not lexed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from service.engine.lexer import TOKEN as _TOKEN
from service.engine.shape import one_pattern_form
from service.errors import BadRequest, QueryRefused, UpdateRefused

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
MAX_NESTING = 256
_OPEN, _CLOSE = frozenset("({["), frozenset(")}]")


def _decode_escapes(text: str) -> str:
    if "\\" not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(repl, text)


def lex(query: str) -> tuple[list[str], int]:
    """The bare keywords of `query`, upper-cased, in order, and the deepest nesting of
    brackets outside comments, strings and IRIs (one pass: this runs for every query)."""
    words: list[str] = []
    depth = deepest = 0
    for m in _TOKEN.finditer(_decode_escapes(query)):
        kind = m.lastgroup
        if kind == "word":
            words.append(m.group().upper())
        elif kind == "other":
            char = m.group()
            if char in _OPEN:
                depth += 1
                deepest = max(deepest, depth)
            elif char in _CLOSE:
                depth -= 1
    return words, deepest


@dataclass(frozen=True)
class QueryInfo:
    """What the lexer learnt: the form ("" if unclear) and whether the query has FROM."""

    form: str
    has_from: bool


@lru_cache(maxsize=1024)
def check_query(query: str) -> QueryInfo:
    """What the query is, or a refusal (`QueryRefused`, `UpdateRefused`, `BadRequest`)."""
    form = one_pattern_form(query)
    if form is not None:  # that shape has no SERVICE, update keyword, FROM or nesting
        return QueryInfo(form, has_from=False)
    if not query.strip():
        raise BadRequest("the query is empty")
    words, deepest = lex(query)
    if deepest > MAX_NESTING:
        raise BadRequest(f"the query nests brackets deeper than {MAX_NESTING} levels")
    if "SERVICE" in words:
        raise QueryRefused(
            "SERVICE is not allowed: this endpoint never sends requests to other servers"
        )
    has_from = "FROM" in words
    for word in words:
        if word in QUERY_FORMS:
            return QueryInfo(word, has_from)
        if word in UPDATE_KEYWORDS:
            raise UpdateRefused("this endpoint is read-only: SPARQL updates are not accepted")
    return QueryInfo("", has_from)

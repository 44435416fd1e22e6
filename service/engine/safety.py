"""The user-facing refusal of what a public read-only endpoint does not run.

This is a courtesy, not the guard: whatever this module concludes, the threads that
evaluate queries cannot open a network connection (`service.engine.sandbox`, enforced by the
kernel). What it gives users is a clear 400 or 403 before evaluation:

- `SERVICE` → `QueryRefused` (the engine would send an HTTP request to the IRI named);
- an update form (INSERT, DELETE, LOAD, CLEAR, ...) → `UpdateRefused` (read-only);
- an empty query, an unclosed string, brackets nested deeper than `MAX_NESTING` (pyoxigraph's
  parser recurses per level) → `BadRequest`.

It also reports the query form and whether the query names its own dataset (FROM).

How: the service's one lexer (`service.engine.lexer`, the SPARQL 1.1 grammar's terminals;
codepoint escapes are decoded first, as the grammar says) removes every token whose text may
not be read as a keyword, in one `findall` in C; the keywords and brackets left are
searched. It is linear in the length of the query, and a query with none of the words that
may be refused and few brackets is cleared by substring searches alone: a 1 MB body of any
one character is answered in tens of milliseconds (`python -m bench hostile`).
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from itertools import accumulate

from service.engine.lexer import KEYWORDS
from service.engine.shape import memoise_short, one_pattern_form
from service.errors import BadRequest, QueryRefused, UpdateRefused

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LONE_BACKSLASH = re.compile(r"\\(?!u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_WORD_EDGE = "(?<![A-Za-z0-9_]){}(?![A-Za-z0-9_])"
_SERVICE = re.compile(_WORD_EDGE.format("SERVICE"), re.IGNORECASE)
_FROM = re.compile(_WORD_EDGE.format("FROM"), re.IGNORECASE)

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
_FIRST_FORM = re.compile(
    _WORD_EDGE.format("(" + "|".join(sorted(QUERY_FORMS | UPDATE_KEYWORDS)) + ")"),
    re.IGNORECASE,
)
MAX_NESTING = 256
_NOT_BRACKET = re.compile(r"[^(){}\[\]]+")
_DEPTH_STEP = bytes.maketrans(b"({[)}]", b"\x01\x01\x01\xff\xff\xff")


def decode_escapes(text: str) -> str:
    """`\\uXXXX` and `\\UXXXXXXXX` decoded, as SPARQL does before parsing anything else.

    In C: every other backslash is doubled, characters beyond Latin-1 become escapes too,
    and Python's `unicode_escape` codec decodes the lot (a callback per escape took 150 ms
    for a megabyte of them)."""
    if "\\u" not in text and "\\U" not in text:
        return text
    protected = _LONE_BACKSLASH.sub(r"\\\\", text)
    try:
        return protected.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:  # an escape past U+10FFFF: kept as written, as SPARQL reads it

        def repl(match: re.Match[str]) -> str:
            code = int(match.group(1) or match.group(2), 16)
            return chr(code) if code <= 0x10FFFF else match.group(0)

        return _ESCAPE.sub(repl, text)


def bare_text(query: str) -> str:
    """What of the query may be read as keywords, and its brackets, space-separated: every
    comment, string, IRI, variable, blank node, language tag and prefixed name is gone."""
    return _bare(decode_escapes(query))


def _bare(text: str) -> str:
    return " ".join(KEYWORDS.findall(text))


def deepest_nesting(text: str) -> int:
    """The deepest nesting of brackets in `text`, in C: each bracket becomes a signed byte
    (+1 or -1) and the running sum's maximum is the depth."""
    brackets = _NOT_BRACKET.sub("", text)
    if not brackets:
        return 0
    steps = array("b", brackets.encode("ascii").translate(_DEPTH_STEP))
    return max(0, max(accumulate(steps)))


@dataclass(frozen=True)
class QueryInfo:
    """What the lexer learnt: the form ("" if unclear) and whether the query has FROM."""

    form: str
    has_from: bool


# Words whose presence (anywhere, in any case) sends a query through the whole lexer;
# without any of them and with few brackets nothing in it can be refused, and a few
# substring searches in C say so.
_CANDIDATES = tuple(sorted(word.lower() for word in UPDATE_KEYWORDS | {"SERVICE"}))
_OPENERS = "({["


@memoise_short(256)
def refuse(query: str) -> None:
    """Raises `QueryRefused`, `UpdateRefused` or `BadRequest` for what this endpoint does
    not run; returns for anything else (which the engine may still find malformed)."""
    if one_pattern_form(query) is not None:  # no SERVICE, update keyword or nesting there
        return
    text = decode_escapes(query)
    if not text.strip():
        raise BadRequest("the query is empty")
    opens = sum(text.count(bracket) for bracket in _OPENERS)
    if opens <= MAX_NESTING:
        lowered = text.lower()
        if not any(word in lowered for word in _CANDIDATES):
            return
    _refuse_bare(_bare(text))


def _refuse_bare(bare: str) -> None:
    if deepest_nesting(bare) > MAX_NESTING:
        raise BadRequest(f"the query nests brackets deeper than {MAX_NESTING} levels")
    if _SERVICE.search(bare):
        raise QueryRefused(
            "SERVICE is not allowed: this endpoint never sends requests to other servers"
        )
    first = _FIRST_FORM.search(bare)
    if first is not None and first.group(1).upper() in UPDATE_KEYWORDS:
        raise UpdateRefused("this endpoint is read-only: SPARQL updates are not accepted")


@memoise_short(1024)
def check_query(query: str) -> QueryInfo:
    """What the query is (its form and whether it has FROM), or `refuse`'s refusal: the
    whole lexer every time (for the remote backend, which sends the text on)."""
    form = one_pattern_form(query)
    if form is not None:  # that shape has no SERVICE, update keyword, FROM or nesting
        return QueryInfo(form, has_from=False)
    text = decode_escapes(query)
    if not text.strip():
        raise BadRequest("the query is empty")
    bare = _bare(text)
    _refuse_bare(bare)
    first = _FIRST_FORM.search(bare)
    word = first.group(1).upper() if first else ""
    return QueryInfo(word, has_from=_FROM.search(bare) is not None)

"""Bound parameters for endpoints without pyoxigraph's `substitutions`: terms in the text.

pyoxigraph binds a variable before evaluation, so the value reaches every nested group,
OPTIONAL and FILTER. A trailing `VALUES` would not (a FILTER in a nested group would see
the variable unbound), so the remote backend writes the term where the variable stands,
found with the service's SPARQL lexer (`service.engine.lexer`), so strings, IRIs and
comments are never touched. Terms are serialized here, escaped, and IRIs are checked: a value can
never change the query's structure. Where SPARQL's grammar takes a variable but not a
constant, the term is wrapped: a bare projected variable becomes `(term AS ?v)` (the
result keeps the column, as with pyoxigraph), a bare GROUP BY / ORDER BY key `(term)`.
"""

from __future__ import annotations

import re

from service.engine.lexer import TOKEN as _TOKEN
from service.engine.process import WireTerm

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_CLAUSE_ENDS = frozenset({"WHERE", "FROM", "LIMIT", "OFFSET", "HAVING", "VALUES", "GROUP", "ORDER"})


class BindError(ValueError):
    """A value that cannot be a SPARQL term (an invalid IRI, a bad language tag)."""


def term_text(wire: WireTerm) -> str:
    """A `WireTerm` as SPARQL syntax: `<iri>` or an escaped literal with tag or datatype."""
    if wire[0] == "iri":
        iri = wire[1]
        if not iri or _IRI_FORBIDDEN.search(iri) or ":" not in iri:
            raise BindError(f"not an absolute IRI: {iri!r}")
        return f"<{iri}>"
    _, value, datatype, lang = wire
    text = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if lang:
        if not re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*", lang):
            raise BindError(f"not a language tag: {lang!r}")
        return f'"{text}"@{lang}'
    if datatype:
        return f'"{text}"^^{term_text(("iri", datatype))}'
    return f'"{text}"'


def prologue(prefixes: dict[str, str] | None) -> str:
    """`PREFIX` lines for pyoxigraph's default prefixes (the query's own come after)."""
    lines = []
    for name, iri in (prefixes or {}).items():
        if not re.fullmatch(r"[A-Za-z][\w.-]*|", name):
            raise BindError(f"not a prefix name: {name!r}")
        lines.append(f"PREFIX {name}: {term_text(('iri', iri))}\n")
    return "".join(lines)


def substitute(query: str, substitutions: dict[str, WireTerm]) -> str:
    """`query` with each substituted variable replaced by its term, grammar permitting."""
    if not substitutions:
        return query
    terms = {name: term_text(wire) for name, wire in substitutions.items()}
    out: list[str] = []
    pos = 0
    clause = ""  # "SELECT", "KEYS" (GROUP BY / ORDER BY) or "" while in patterns
    depth = 0
    previous = ""
    for m in _TOKEN.finditer(query):
        text = m.group(0)
        if m.lastgroup == "word":
            word = text.upper()
            if word == "SELECT":
                clause, depth = "SELECT", 0
            elif word == "BY" and previous in ("GROUP", "ORDER"):
                clause, depth = "KEYS", 0
            elif clause and word in _CLAUSE_ENDS and depth == 0:
                clause = ""
        elif m.lastgroup == "other":
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            elif text in "{}" and depth == 0:
                clause = ""
        elif text[0] in "?$" and text[1:] in terms and previous != "AS":
            out.append(query[pos : m.start()])
            term = terms[text[1:]]
            if clause == "SELECT" and depth == 0:
                out.append(f"({term} AS {text})")
            elif clause == "KEYS" and depth == 0:
                out.append(f"({term})")
            else:
                out.append(term)
            pos = m.end()
        previous = text.upper() if m.lastgroup == "word" else text
    out.append(query[pos:])
    return "".join(out)


def without_dataset_clauses(query: str) -> str:
    """`query` without its FROM / FROM NAMED clauses (the protocol's dataset overrides them)."""
    out: list[str] = []
    pos = 0
    dropping = 0  # 2 after FROM: an optional NAMED, then the IRI
    for m in _TOKEN.finditer(query):
        word = m.group(0).upper() if m.lastgroup == "word" else ""
        if word == "FROM":
            out.append(query[pos : m.start()])
            pos, dropping = m.end(), 2
        elif dropping and word == "NAMED":
            pos = m.end()
        elif dropping:
            pos, dropping = m.end(), 0
    out.append(query[pos:])
    return "".join(out)


_PN_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")


def expand_escaped_names(query: str, defaults: dict[str, str] | None = None) -> str:
    """Prefixed names with SPARQL 1.1 local escapes (`id:pem\\/linea\\/1.1.1`) as full IRIs.

    Some endpoints (Virtuoso 7) reject the escapes; the IRI they stand for is the same.
    """
    if "\\" not in query:
        return query
    prefixes = dict(defaults or {})
    tokens = list(_TOKEN.finditer(query))
    out: list[str] = []
    pos = 0
    for i, m in enumerate(tokens):
        text = m.group(0)
        if m.lastgroup == "word" and text.upper() == "PREFIX" and i + 2 < len(tokens):
            name, iri = tokens[i + 1].group(0), tokens[i + 2].group(0)
            if name.endswith(":") and iri.startswith("<"):
                prefixes[name[:-1]] = iri[1:-1]
        elif m.lastgroup == "skip" and "\\" in text and text[0] not in "?$<'\"#_@":
            name, _, local = text.partition(":")
            if name in prefixes:
                out.append(query[pos : m.start()])
                out.append(term_text(("iri", prefixes[name] + _PN_ESCAPE.sub(r"\1", local))))
                pos = m.end()
    out.append(query[pos:])
    return "".join(out)

"""What a person types, as an FTS5 query that cannot fail to parse.

The input is never handed to FTS5 as syntax. It is read as a list of clauses: words,
`"quoted phrases"` (an unclosed quote runs to the end), a leading `-` to exclude a word or
phrase, a trailing `*` for a prefix, and a bare upper-case `OR` between two clauses. Every
other character (parentheses, `:`, `^`, `+`, `NEAR`, `AND`, `NOT`) is only text: words are
cut out of it by `loaders.search_text.tokens`, and each word goes to FTS5 inside double
quotes, so nothing a person types reaches the query parser as an operator.

Each clause matches a word's stem in the stemmed columns or its folded form in the exact
columns; an acronym (a word typed in capitals, two to six letters: INM, NNA, COMAR) matches
only the exact columns, so it finds the whole word and nothing it stems like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.search_text import tokens

STEMMED = "{title body rel}"
EXACT = "{ident exact relx}"
_LEX = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ0-9]{1,5}$")


@dataclass(frozen=True)
class Clause:
    exact: tuple[str, ...]
    stems: tuple[str, ...]
    acronym: bool = False
    prefix: bool = False

    def fts(self) -> str:
        if self.prefix:
            return f"{EXACT} : ({_phrase(self.exact)} *)"
        exact = f"{EXACT} : ({_phrase(self.exact)})"
        if self.acronym:
            return exact
        return f"({STEMMED} : ({_phrase(self.stems)}) OR {exact})"


def _phrase(words: tuple[str, ...]) -> str:
    inner = " ".join(w.replace('"', '""') for w in words)
    return f'"{inner}"'


@dataclass
class Query:
    """A parsed query: groups of alternatives (AND between groups), exclusions."""

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    def words(self) -> set[str]:
        """Every exact form and stem the query looks for (for highlighting)."""
        out: set[str] = set()
        for group in self.groups:
            for c in group:
                out.update(c.exact)
                out.update(c.stems)
        return out

    def prefixes(self) -> set[str]:
        return {c.exact[-1] for g in self.groups for c in g if c.prefix and c.exact}

    def fts(self) -> str:
        """The FTS5 MATCH expression ('' for a query with nothing to look for)."""
        if self.empty:
            return ""
        parts = []
        for group in self.groups:
            alts = [c.fts() for c in group]
            parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
        expr = " AND ".join(parts)
        for c in self.excluded:
            expr = f"({expr}) NOT {c.fts()}"
        return expr


def _clause(text: str, *, quoted: bool) -> Clause | None:
    prefix = not quoted and text.endswith("*")
    found = list(tokens(text))
    if not found:
        return None
    acronym = not quoted and len(found) == 1 and bool(_ACRONYM.match(text.strip("*")))
    return Clause(tuple(t.exact for t in found), tuple(t.stem for t in found), acronym, prefix)


def parse(text: str) -> Query:
    """The query a person typed (any string)."""
    q = Query()
    pending_or = False
    for m in _LEX.finditer(text):
        neg_q, phrase, neg_w, word = m.groups()
        if word == "OR" and q.groups:
            pending_or = True
            continue
        negated = bool(neg_q or neg_w)
        if phrase is not None:
            clauses = [_clause(phrase, quoted=True)]
        else:
            # a word with inner punctuation ("UPM/UPMRIP") is several clauses
            clauses = [_clause(word, quoted=False)]
            found = list(tokens(word))
            if len(found) > 1 and not word.endswith("*"):
                clauses = [
                    Clause((t.exact,), (t.stem,), bool(_ACRONYM.match(word[t.start : t.end])))
                    for t in found
                ]
        for clause in (c for c in clauses if c is not None):
            if negated:
                q.excluded.append(clause)
            elif pending_or:
                q.groups[-1].append(clause)
            else:
                q.groups.append([clause])
            pending_or = False
    return q


def suggest_expression(text: str) -> str:
    """Autocompletion: the words typed, the last one a prefix of a name or acronym (its
    typed form or its stem: "progra" and "programas" both reach "Programa ...")."""
    q = parse(text)
    if q.empty:
        return ""
    last = q.groups[-1][-1]
    if q.excluded or last.prefix or len(q.groups[-1]) > 1:
        return q.fts()
    word = last.exact[-1]
    forms = " OR ".join(_phrase((w,)) + " *" for w in dict.fromkeys((word, last.stems[-1])))
    tail = f"{{ident title}} : ({forms})"
    if len(last.exact) > 1:  # a phrase: the words before the last, then the prefix
        tail = f"({tail}) AND {Clause(last.exact[:-1], last.stems[:-1]).fts()}"
    rest = Query(q.groups[:-1]).fts()
    return f"{rest} AND {tail}" if rest else tail

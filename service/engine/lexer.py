"""The service's one SPARQL lexer: the terminals of the SPARQL 1.1 grammar, once.

https://www.w3.org/TR/sparql11-query/#sparqlGrammar: comments, strings with their `ECHAR`s,
IRIs, variables, blank-node labels, language tags and prefixed names with their `PLX`
escapes (`id:pem\\/linea\\/1`, `:a\\#b`: a lexer that ended the name at the backslash would
take the escaped `#` for a comment and skip what the engine reads as query text).
Codepoint escapes are decoded before (`service.engine.safety.decode_escapes`).

Two patterns are built from the same alternatives:

- `KEYWORDS` (for `safety`): `findall` gives, in one call in C, what may be read as
  keywords and the runs of brackets; every other lexeme is matched and dropped.
- `TOKEN` (for `bind`): every lexeme with its kind (`skip`, `word`, `other`), to find the
  variables to write terms in (the service's own named queries).

Both are linear in the query's length: every alternative either consumes what it scanned
(possessive quantifiers) or fails at a character no later scan passes again; an unclosed
string takes the rest of its line, or of the query (the engine refuses such a query).
"""

from __future__ import annotations

import re

BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = BASE + "_"
_CHARS = _CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_ECHAR = r"""\\[tbnrf\\"']"""
_PN_PREFIX = rf"[{BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_PN_LOCAL = rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"

# Lexemes that are never keywords, in the order they must be tried.
_HIDDEN = rf"""
      \#[^\n\r]*                                               # comment
    | '''(?:[^'\\]|{_ECHAR}|'(?!''))*+'''                      # long strings
    | \"\"\"(?:[^"\\]|{_ECHAR}|"(?!""))*+\"\"\"
    | '(?:[^'\\\n\r]|{_ECHAR})*+'                              # short strings
    | "(?:[^"\\\n\r]|{_ECHAR})*+"
    | (?:'''|\"\"\")[\s\S]*                                    # unclosed strings
    | ['"][^\n\r]*
    | <[^<>"{{}}|^`\\\x00-\x20]*+>                             # IRI reference
    | [?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*+  # variable
    | _:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?             # blank node label
    | @[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+                          # language tag
    | (?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?                       # prefixed name
"""

# The lookahead makes a position that starts no lexeme (punctuation, digits, white space)
# cost one character test; keywords keep the dots and dashes around them, so a run such as
# `true.SERVICE` is consumed whole (and searched for words by `safety`).
KEYWORDS = re.compile(
    rf"""
    (?=[\#'"<?$_@:(){{}}\[\]{BASE}])
    (?: {_HIDDEN}
    | ([{BASE}][{_CHARS}.]*+|[(){{}}\[\]]++)                   # keywords; brackets
    )
    """,
    re.VERBOSE,
)

TOKEN = re.compile(
    rf"""
      (?P<skip> {_HIDDEN} )
    | (?P<word>[A-Za-z_][\w]*+)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)

__all__ = ["BASE", "KEYWORDS", "TOKEN"]

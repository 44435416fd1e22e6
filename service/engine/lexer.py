"""The service's one SPARQL lexer: what is skipped (comments, strings, IRIs, variables,
blank nodes, language tags, prefixed names), keywords, and single characters.

`safety` reads the keywords and the nesting from it; `bind` finds the variables to write
terms in. Prefixed names keep SPARQL 1.1 local-name escapes (`id:pem\\/linea\\/1`,
`:a\\#b`): a lexer that ended the name at the backslash would take the escaped `#` for the
start of a comment and skip what follows, which pyoxigraph reads as query text.
"""

from __future__ import annotations

import re

TOKEN = re.compile(
    r"""
      (?P<skip>
        \#[^\n\r]*                                  # comment
      | '''(?:[^'\\]|\\.|'(?!''))*'''               # long strings
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*'                       # short strings
      | "(?:[^"\\\n\r]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>                   # IRI reference
      | [?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+   # variable
      | _:[\w.\-]*                                  # blank node label
      | @[A-Za-z]+(?:-[A-Za-z0-9]+)*                # language tag
      | [\w\-.]*:(?:[\w\-.:%]|\\[_~.\-!$&'()*+,;=/?\#@%])*  # prefixed name (or namespace)
      )
    | (?P<word>[A-Za-z_][\w]*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)

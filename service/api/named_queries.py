"""Named queries: every `queries/*.rq` file, read and parsed once at start-up.

Header (comment lines at the top of the file, see queries/README.md):

    #+ title: Acciones por objetivo del PMM y año
    #+ description: One paragraph, may span several `#+ description:` lines.
    #+ param: agency agency Institución (su id, p. ej. `inm`)
    #+ param: year year? Año (opcional)
    #+ example: agency=inm

A `param` line is `name type description`; a type ending in `?` is optional (unbound: the
variable stays free and matches anything). Each parameter is the query variable `?name`,
bound through the engine's `substitutions`, never pasted into the text; pyoxigraph
binds only variables of the top-level projection, so every parameter must be projected
(`SELECT ?agency ?year (COUNT(?a) AS ?n) ... GROUP BY ?agency ?year`). Types and what a
value becomes:

    iri       an absolute http(s) IRI         agency    id/institucion/<slug>
    string    a plain literal                 program   id/programa/<slug>
    integer   xsd:integer                     document  id/documento/<key>
    year      xsd:gYear (1900-2100)           gcm       id/gcm/objetivo/<1-23>
    lang      a language tag literal ("es")   pem       id/pem/... for a code 1 / 1.2 / 1.2.3

`load_queries` raises `NamedQueryError` (naming the file) for a missing title, an unknown
type, a parameter that is not a variable of the query, a query that does not parse, or one
that the public endpoint would refuse (SERVICE, updates): the service does not start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from loaders.vocab import PREFIXES, Ids
from service.engine.lexer import TOKEN
from service.engine.process import WireTerm
from service.engine.safety import check_query
from service.errors import InvalidParameter, NamedQueryError, ServiceError

XSD = PREFIXES["xsd"]
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_PEM = re.compile(r"^[1-9][0-9]?(?:\.[1-9][0-9]?){0,2}$")
_LANG = re.compile(r"^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$")
TYPES = ("iri", "string", "integer", "year", "lang", "agency", "program", "document", "gcm", "pem")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    description: str

    def bind(self, raw: str, ids: Ids) -> WireTerm:
        """The substitution term for a raw value; `InvalidParameter` with a message if invalid."""
        t = self.type
        if t == "iri":
            if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", raw):
                raise InvalidParameter("expected an absolute http(s) IRI")
            return ("iri", raw)
        if t == "string":
            return ("literal", raw, None, None)
        if t == "lang":
            if not _LANG.match(raw):
                raise InvalidParameter("expected a language tag such as es or en")
            return ("literal", raw, None, None)
        if t in ("integer", "year", "gcm"):
            if not re.match(r"^[+-]?[0-9]{1,9}$", raw):
                raise InvalidParameter("expected an integer")
            n = int(raw)
            if t == "integer":
                return ("literal", str(n), XSD + "integer", None)
            if t == "year":
                if not 1900 <= n <= 2100:
                    raise InvalidParameter("expected a year between 1900 and 2100")
                return ("literal", str(n), XSD + "gYear", None)
            if not 1 <= n <= 23:
                raise InvalidParameter("expected a GCM objective number from 1 to 23")
            return ("iri", str(ids.gcm_objective(n)))
        if t == "pem":
            if not _PEM.match(raw):
                raise InvalidParameter("expected a PEM code: 1, 1.2 or 1.2.3")
            return ("iri", str(ids.pem_concept(raw)))
        if not _SLUG.match(raw) or len(raw) > 200:
            raise InvalidParameter("expected an id: lower-case letters, digits and hyphens")
        mint = {"agency": ids.agency, "program": ids.program, "document": ids.document}[t]
        return ("iri", str(mint(raw)))


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    form: str
    examples: dict[str, str] = field(default_factory=dict)
    portable: str = ""  # `text` for any SPARQL 1.1 endpoint: without `LATERAL` (`portable`)

    def bindings(self, raw: dict[str, str], ids: Ids) -> dict[str, WireTerm]:
        """Substitutions for the given raw values; `InvalidParameter` naming the parameter."""
        known = {p.name for p in self.params}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise InvalidParameter(
                f"unknown parameter(s) {', '.join(unknown)}; this query takes "
                f"{', '.join(sorted(known)) or 'none'}"
            )
        out: dict[str, WireTerm] = {}
        for p in self.params:
            value = raw.get(p.name)
            if value is None or value == "":
                if p.required:
                    raise InvalidParameter(f"parameter {p.name} ({p.type}) is required", p.name)
                continue
            try:
                out[p.name] = p.bind(value, ids)
            except InvalidParameter as exc:
                raise InvalidParameter(f"parameter {p.name}: {exc}", p.name) from None
        return out


def parse_header(name: str, text: str) -> tuple[str, str, tuple[Param, ...], dict[str, str]]:
    title, description, params, examples = "", [], [], {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = re.match(r"^#\+\s*([a-z]+)\s*:\s*(.*)$", stripped)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif key == "param":
            parts = value.split(None, 2)
            if len(parts) < 2:
                raise NamedQueryError(f"{name}: a param line needs `name type description`")
            pname, ptype = parts[0].lstrip("?$"), parts[1]
            required = not ptype.endswith("?")
            ptype = ptype.rstrip("?")
            if not _NAME.match(pname):
                raise NamedQueryError(f"{name}: bad parameter name {pname!r}")
            if ptype not in TYPES:
                raise NamedQueryError(
                    f"{name}: parameter {pname} has unknown type {ptype!r} "
                    f"(known: {', '.join(TYPES)})"
                )
            params.append(Param(pname, ptype, required, parts[2] if len(parts) > 2 else ""))
        elif key == "example":
            for pair in value.split():
                k, _, v = pair.partition("=")
                examples[k] = v
        else:
            raise NamedQueryError(f"{name}: unknown header key {key!r}")
    if not title:
        raise NamedQueryError(f"{name}: missing `#+ title:` header")
    if len({p.name for p in params}) != len(params):
        raise NamedQueryError(f"{name}: a parameter is declared twice")
    return title, " ".join(description), tuple(params), examples


def parse_query(path: Path) -> NamedQuery:
    """One `.rq` file, checked (see the module docstring)."""
    name = path.stem
    if not re.match(r"^[a-z0-9][a-z0-9_-]*$", name):
        raise NamedQueryError(f"{path.name}: file names are lower-case `topic_question.rq`")
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NamedQueryError(f"{path.name}: cannot read: {exc}") from exc
    title, description, params, examples = parse_header(path.name, text)
    try:
        info = check_query(text)
    except ServiceError as exc:
        raise NamedQueryError(f"{path.name}: {exc.message}") from exc
    try:  # parses (evaluation is lazy, and the store is empty anyway)
        ox.Store().query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise NamedQueryError(f"{path.name}: does not parse: {exc}") from exc
    _check_projection(path.name, text, params)
    variables = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", _strip_comments(text)))
    for p in params:
        if p.name not in variables:
            raise NamedQueryError(f"{path.name}: parameter {p.name} is not a variable ?{p.name}")
    for k in examples:
        if k not in {p.name for p in params}:
            raise NamedQueryError(f"{path.name}: example names unknown parameter {k}")
    plain = portable(text)
    try:
        ox.Store().query(plain, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise NamedQueryError(f"{path.name}: does not parse without LATERAL: {exc}") from exc
    return NamedQuery(name, title, description, params, text, info.form, examples, plain)


def portable(text: str) -> str:
    """`text` without its `LATERAL` keywords, for a backend other than pyoxigraph.

    Why: Oxigraph joins a group in the order written only where told (`LATERAL`, SPARQL
    SEP-0006): a named query puts `LATERAL` before the patterns to evaluate once per row
    found so far (an agency's few names, not every role triple). Each such use is a plain
    join of a group without aggregates or subqueries, so dropping the keyword gives the
    same rows in standard SPARQL 1.1 (Virtuoso, Fuseki); `tests/api/test_queries.py`
    runs over both backends."""
    out: list[str] = []
    pos = 0
    for m in TOKEN.finditer(text):
        if m.lastgroup == "word" and m.group(0).upper() == "LATERAL":
            out.append(text[pos : m.start()])
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _check_projection(file: str, text: str, params: tuple[Param, ...]) -> None:
    """pyoxigraph substitutes only variables of the top-level projection: check it now."""
    dummy: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(p.name): ox.NamedNode("http://example.org/x")
        if p.type in ("iri", "agency", "program", "document", "gcm", "pem")
        else ox.Literal("0")
        for p in params
    }
    if not dummy:
        return
    try:
        result = ox.Store().query(text, use_default_graph_as_union=True, substitutions=dummy)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, RuntimeError, ValueError) as exc:
        raise NamedQueryError(
            f"{file}: parameters must be projected variables of the query: {exc}"
        ) from exc


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def load_queries(directory: Path) -> dict[str, NamedQuery]:
    """Every `*.rq` in `directory`, by name, in name order; raises on the first bad one."""
    if not directory.is_dir():
        raise NamedQueryError(f"no named-query folder at {directory}")
    return {p.stem: parse_query(p) for p in sorted(directory.glob("*.rq"))}

"""The SPARQL editor's tabs: one per named query, its parameters bound into the text.

YASGUI sends a tab's text to `/sparql` as it stands, so a named query's `?agency` left
free answers for every agency at once. Each tab therefore shows its query with the values
bound, written in by `service.engine.bind.substitute` (the remote backend's way: terms
serialized and escaped by the service, never the raw value): a required parameter gets the
query's example; the parameter form (`GET /editor?consulta=<name>&<param>=<value>`) binds
the values a person chose, validated by the same `NamedQuery.bindings` as the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from loaders.vocab import Ids
from service.api.index import SKOS, MemberIndex
from service.api.kinds import BY_NAME
from service.api.named_queries import NamedQuery, Param
from service.engine.bind import BindError, substitute
from service.errors import InvalidParameter

# Parameters a person picks from a list: the member kind that lists the choices.
CHOICES = {"agency": "agencies", "program": "programs", "document": "documents",
           "gcm": "gcm-objectives"}  # fmt: skip
# What a valid value looks like, in Spanish, for the form's error message.
EXPECTED = {
    "iri": "un IRI absoluto (http:// o https://)",
    "string": "un texto",
    "lang": "una etiqueta de idioma, p. ej. es o en",
    "integer": "un número entero",
    "year": "un año entre 1900 y 2100",
    "gcm": "un número de objetivo del Pacto Mundial, del 1 al 23",
    "pem": "un código del PEM: 1, 1.2 o 1.2.3",
    "agency": "una institución de la lista",
    "program": "un programa de la lista",
    "document": "un documento de la lista",
}
# The form field that names the query: not `query`, which YASGUI reads as query text.
QUERY_FIELD = "consulta"


@dataclass
class Field:
    """One parameter's input: its current value and, for list types, the choices."""

    name: str
    type: str
    required: bool
    label: str
    value: str
    example: str
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, label)


@dataclass
class Tab:
    """One YASGUI tab: a named query with its parameters bound into `query`."""

    name: str
    title: str
    query: str
    fields: list[Field]
    api_url: str
    error: str = ""

    @property
    def data(self) -> dict[str, Any]:
        """What editor.js needs to open the tab."""
        return {"id": self.name, "name": self.title, "query": self.query}


def choices(idx: MemberIndex, type_: str) -> list[tuple[str, str]]:
    """(value, label) for a list-typed parameter, in label order (objectives by number)."""
    kind = BY_NAME[CHOICES[type_]]
    members = idx.by_kind.get(kind.name, [])
    if type_ == "gcm":
        numbered = [(idx.first(iri, SKOS + "notation"), iri) for iri in members]
        listed = [(n, f"{n}. {idx.label(iri)}") for n, iri in numbered if n.isdigit()]
        return sorted(listed, key=lambda c: int(c[0]))
    prefix = idx.ids.base + kind.prefix
    found = []
    for iri in members:
        local = iri[len(prefix) :] if iri.startswith(prefix) else iri
        found.append((local, idx.label(iri) or local))
    return sorted(found, key=lambda c: c[1].casefold())


def tabs(
    queries: dict[str, NamedQuery],
    idx: MemberIndex,
    ids: Ids,
    chosen: str | None = None,
    values: dict[str, str] | None = None,
) -> list[Tab]:
    """Every named query as a tab; `chosen` gets `values` (an invalid one sets its error)."""
    out = []
    for q in queries.values():
        raw = dict(values or {}) if q.name == chosen else _defaults(q)
        given = {k: v for k, v in raw.items() if v != ""}
        error = ""
        try:
            text = _bound(q, given, ids)
        except (InvalidParameter, BindError) as exc:
            error = _message(q, exc) if q.name == chosen else ""
            given = {}
            try:
                text = _bound(q, _defaults(q), ids)
            except (InvalidParameter, BindError):  # a required parameter with no example
                text = q.text
        fields = [_field(p, q, idx, raw.get(p.name, "")) for p in q.params]
        api = f"/api/queries/{q.name}" + (f"?{urlencode(given)}" if given else "")
        out.append(Tab(q.name, q.title, text, fields, api, error))
    return out


def _bound(q: NamedQuery, raw: dict[str, str], ids: Ids) -> str:
    """The query's text with `raw`'s values written in as terms (validated by its types)."""
    return substitute(q.text, q.bindings(raw, ids))


def _defaults(q: NamedQuery) -> dict[str, str]:
    """The example values of the required parameters: a tab opens with an answer that fits
    its title (one agency's timeline, not every agency's); optional ones stay free."""
    return {p.name: q.examples[p.name] for p in q.params if p.required and p.name in q.examples}


def _field(p: Param, q: NamedQuery, idx: MemberIndex, value: str) -> Field:
    listed = choices(idx, p.type) if p.type in CHOICES else []
    return Field(p.name, p.type, p.required, _label(p), value, q.examples.get(p.name, ""), listed)


def _label(p: Param) -> str:
    """The parameter's description; for a list, without its hint about ids
    ("Institución (su id, p. ej. upm o inm)" -> "Institución")."""
    label = p.description or p.name
    return label.split(" (")[0] if p.type in CHOICES else label


def _message(q: NamedQuery, exc: Exception) -> str:
    name = exc.param if isinstance(exc, InvalidParameter) else ""
    for p in q.params:
        if p.name == name:
            if p.required and "required" in str(exc):
                return f"Falta el parámetro «{_label(p)}»."
            return f"«{_label(p)}»: se espera {EXPECTED[p.type]}."
    if "unknown parameter" in str(exc):
        names = ", ".join(p.name for p in q.params) or "ninguno"
        return f"La consulta no tiene ese parámetro; los suyos: {names}."
    return "Un valor no es válido para esta consulta."

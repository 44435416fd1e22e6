"""One way to render a page template: the helpers every page template may call.

`href` (an IRI as a link on this server), `label` (the member index's label), `term` (any
labelled IRI's Spanish name, `service.pages.labels`), `notation`, `local` (a member's id in
its kind). Routers of several faces (pages, SPARQL, catalog) render through here.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from service.api.index import SKOS
from service.api.kinds import BY_NAME
from service.linked_data.links import href
from service.pages import titles
from service.state import service_state


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """`pages/<template>` with the shared helpers and `context`."""
    state = service_state(request)
    settings = state.settings
    idx = state.index
    labels = state.labels

    def label(iri: str) -> str:
        return idx.label(iri) or labels.get(iri, "")

    base = {
        "href": lambda iri: href(settings, iri),
        "label": label,
        "label_en": lambda iri: idx.label(iri, "en"),
        "term": lambda iri: labels.get(iri, ""),
        "title": lambda iri: titles.title(idx, labels, iri),
        "notation": lambda iri: idx.first(iri, SKOS + "notation"),
        "local": lambda iri, kind: iri[len(idx.ids.base + BY_NAME[kind].prefix) :],
    }
    return state.templates.TemplateResponse(
        request, f"pages/{template}", {**base, **context}, status_code=status
    )

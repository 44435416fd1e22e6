"""Everything a resource's page shows besides its raw description (`resource.html`).

Its title, its facts in sections with Spanish captions, what links here grouped, the source
passage cleaned and linked to the source viewer, the passages of what a line of action or a
programme is named in, its timeline, the query that opens it in the editor, downloads, and
how to cite it and the release.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from loaders.vocab import PREFIXES
from service.errors import ServiceError
from service.linked_data.describe import PageModel, compact
from service.linked_data.links import href
from service.open_data.documents import public_urls, publications
from service.pages import passages, quotes, resource_view, sources, titles, topics
from service.pages.editor_links import describe_query, editor_link
from service.state import service_state

MIG = PREFIXES["mig"]
RDF_TYPE = PREFIXES["rdf"] + "type"
TIMELINES = {MIG + "Agency": "institucion", MIG + "Program": "programa"}
WITH_PASSAGES = {MIG + "PEMLineOfAction", MIG + "Program"}
OWN_TEXTS = (MIG + "description", MIG + "results", MIG + "challenge")


def _values(model: PageModel, prop: str) -> list[str]:
    return [x["value"] for p, x, _ in model.outgoing if p == prop]


def page_title(request: Request, model: PageModel) -> str:
    state = service_state(request)
    found = titles.title(state.index, state.labels, model.iri) or model.label
    if found:
        return found
    line = _values(model, MIG + "pemLineOfAction")
    objective = _values(model, MIG + "gcmObjectiveMatched")
    if line and objective:
        notation = state.index.first
        return titles.correspondence_title(
            notation(line[0], PREFIXES["skos"] + "notation") or line[0].rsplit("/", 1)[-1],
            notation(objective[0], PREFIXES["skos"] + "notation") or objective[0],
        )
    kinds = [state.labels.get(t, "") for t in _values(model, RDF_TYPE)]
    kind = next((k for k in kinds if k), "recurso")
    return f"{kind[:1].upper()}{kind[1:]} {model.iri.rsplit('/', 1)[-1]}"


def _citation(request: Request, title: str) -> dict[str, str] | None:
    try:
        facts = publications(request)
    except ServiceError:
        return None
    urls = public_urls(request)
    return {
        "version": facts.version,
        "build": facts.build_id,
        "date": facts.built_at[:10],
        "catalog": urls.catalog,
        "home": urls.home,
        "title": title,
    }


async def context(request: Request, model: PageModel) -> dict[str, Any]:
    """The template's context for `model` (the passage already set on it)."""
    state = service_state(request)
    idx, labels = state.index, state.labels
    types = set(_values(model, RDF_TYPE))

    def caption(prop: str) -> str:
        return labels.get(prop) or compact(prop)

    def title(iri: str, label: str = "") -> str:
        return titles.title(idx, labels, iri) or label or compact(iri)

    own = [x["value"] for p, x, _ in model.outgoing if p in OWN_TEXTS] + [model.label]
    if model.passage is not None:
        model.passage.lines = quotes.paragraphs(quotes.excerpt(model.passage.lines, own))
    related: list[passages.Quoted] = []
    if types & WITH_PASSAGES:
        rows = await state.engine.select(passages.QUERY, {"r": ("iri", model.iri)})
        related = passages.from_rows(rows, request)
    local = model.iri.rsplit("/", 1)[-1]
    timeline = next(
        (f"/linea-de-tiempo/{TIMELINES[t]}/{local}" for t in types & TIMELINES.keys()), ""
    )
    heading = page_title(request, model)
    link = href(state.settings, model.iri)
    return {
        "r": model,
        "title": heading,
        "kinds": sorted(labels.get(t, compact(t)) for t in types if labels.get(t)),
        "sections": resource_view.sections(model, caption, lambda iri: iri in labels),
        "incoming_groups": resource_view.incoming(model, caption, title),
        "related": related,
        "title_of": title,
        "timeline": timeline,
        "topics": topics.links(local) if MIG + "Agency" in types else [],
        "editor": editor_link(describe_query(model.iri)),
        "downloads": [
            ("Turtle", link + ".ttl"),
            ("JSON-LD", link + ".jsonld"),
            ("CSV", link + ".csv"),
            ("N-Triples", link + ".nt"),
            ("RDF/XML", link + ".rdf"),
        ],
        "cite": _citation(request, heading),
        "viewer_link": (
            sources.link(model.passage.key, model.passage.start, model.passage.end)
            if model.passage is not None and model.passage.key
            else ""
        ),
    }

"""`/seguimiento` and `/api/tracker/...`: what happened to each commitment, PEM to GCM.

One page (a matrix coloured by status, filters, summaries per PEM and GCM objective, the
changes, a continuity chart, CSV export) and three API collections (statuses, change
records, tallies) in JSON-LD or CSV, all over `service.tracker` (read once at start-up by
this router's lifespan). A bad filter is a 400 page in Spanish for people and a 422 in
FastAPI's shape for machines.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from loaders.derive.tracker.scale import DOCUMENTS
from loaders.pipeline.manifest import load_manifest
from loaders.vocab import Ids
from service.errors import InvalidParameter, NotAcceptable, NotFound
from service.http import openapi
from service.http.conneg import Offer, negotiate
from service.http.public import public_root
from service.linked_data.links import href
from service.state import app_state, service_state
from service.tracker import chart, data, views

__all__ = ["router"]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    state = app_state(app.state)
    state.tracker = await data.load(state.engine)
    yield


router = APIRouter(tags=["tracker"], lifespan=lifespan)

DOC_LABELS = {
    "pem-2015": "PEM 2015", "pem-2018": "PEM 2018", "pmm-2018": "PMM 2018",
    "pmm-2022": "PMM 2022", "pmm-2024": "PMM 2024",
}  # fmt: skip
_OFFERS = (
    Offer("application/ld+json", "jsonld", "jsonld"),
    Offer("application/json", "json", "json"),
    Offer("text/csv", "csv", "csv"),
)
_FILTER_DOC = "Empty values are ignored. See the tracker's filters in the API description."
Text = Annotated[str | None, Query(max_length=200, description=_FILTER_DOC)]


def _files() -> dict[str, str]:
    return {doc.key: doc.file for doc in load_manifest().values()}


def _tracker(request: Request) -> data.TrackerData:
    tracker = service_state(request).tracker
    if tracker is None:
        raise NotFound("the tracker has not been read from this build")
    return tracker


def _filters(request: Request, *, changes: bool = False) -> views.TrackerFilters:
    return views.parse_filters(dict(request.query_params), changes=changes)


def _format(request: Request, fmt: str | None) -> str:
    if fmt in ("csv", "jsonld", "json"):
        return fmt
    if fmt:
        raise InvalidParameter("format must be csv, jsonld or json", "format")
    offer = negotiate(request.headers.get("accept"), _OFFERS)
    if offer is None:
        raise NotAcceptable("offered as application/ld+json, application/json or text/csv")
    return offer.key


def _reply(fmt: str, body: Callable[[], dict[str, Any]], table: Callable[[], bytes]) -> Response:
    """The negotiated representation; only that one is built (the other is never used)."""
    if fmt == "csv":
        return Response(table(), media_type="text/csv; charset=utf-8", headers={"Vary": "Accept"})
    media = "application/ld+json" if fmt == "jsonld" else "application/json"
    return JSONResponse(body(), media_type=media, headers={"Vary": "Accept"})


def _collection(request: Request, name: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    root = public_root(service_state(request).settings)
    query = urlencode({k: v for k, v in request.query_params.items() if v})
    return {
        "@context": views.context(),
        "id": f"{root}/api/tracker/{name}" + (f"?{query}" if query else ""),
        "type": "hydra:Collection",
        "totalItems": len(members),
        "member": members,
    }


# A bad filter is a 422 in FastAPI's own shape (`InvalidParameter`), as validation errors are.
_INVALID: openapi.Responses = {
    422: {
        "description": "A filter is not one of its values",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
        },
    }
}
_BAD_PAGE: openapi.Responses = {
    400: {"description": "A filter is not one of its values (the page, in Spanish)",
          "content": {"text/html": {}}},
}  # fmt: skip
_API = openapi.ok([*openapi.JSON_LD, "text/csv"]) | openapi.errors(406, 503) | _INVALID


@router.get("/api/tracker/statuses", summary="Tracker statuses (JSON-LD or CSV)", responses=_API)
def api_statuses(
    request: Request, rows: Text = None, pem: Text = None, gcm: Text = None,
    agency: Text = None, program: Text = None, status: Text = None, document: Text = None,
    follow_up: Text = None, format: Text = None,
) -> Response:  # fmt: skip
    """Every status of every line of action, programme and agency per document, filtered by
    `rows` (lineas, programas, instituciones), `pem`, `gcm`, `agency`, `program`, `status`
    (a code of the scale), `document` and `follow_up` (none: lines no GCM report follows)."""
    fmt = _format(request, format)
    tracker, f = _tracker(request), _filters(request)
    base = service_state(request).settings.base_iri
    found = views.status_rows(tracker, f, Ids(base))
    files = _files()
    return _reply(
        fmt,
        lambda: _collection(
            request, "statuses", [views.status_node(tracker, s, files, base) for s in found]
        ),
        lambda: views.status_table(tracker, found, files),
    )


@router.get("/api/tracker/changes", summary="Tracker change records (JSON-LD or CSV)",
            responses=_API)  # fmt: skip
def api_changes(
    request: Request, rows: Text = None, pem: Text = None, gcm: Text = None,
    agency: Text = None, program: Text = None, status: Text = None, document: Text = None,
    format: Text = None,
) -> Response:  # fmt: skip
    """What changed for each programme and agency between consecutive documents; `status`
    is a change type (new, continued, renamed, transferred, dropped), `document` the later
    document."""
    fmt = _format(request, format)
    tracker, f = _tracker(request), _filters(request, changes=True)
    base = service_state(request).settings.base_iri
    found = views.change_rows(tracker, f, Ids(base))
    files = _files()
    return _reply(
        fmt,
        lambda: _collection(
            request, "changes", [views.change_node(tracker, c, files, base) for c in found]
        ),
        lambda: views.change_table(tracker, found, files),
    )


@router.get("/api/tracker/tallies", summary="Actions per GCM objective, year and kind of body",
            responses=_API)  # fmt: skip
def api_tallies(request: Request, gcm: Text = None, format: Text = None) -> Response:
    """2018 and 2022 counted from the reports' actions, 2024 from its figures; `discrepancy`
    lists the document's contradictions on that figure."""
    fmt = _format(request, format)
    f = _filters(request)
    tracker = _tracker(request)
    ids = Ids(service_state(request).settings.base_iri)
    rows = [t for t in tracker.tallies if not f.gcm or t.objective == str(ids.gcm_objective(f.gcm))]
    members = [
        {"id": t.iri, "type": "ObjectiveTally", "tallyObjective": t.objective, "year": t.year,
         "agencyKind": t.kind, "tallyCount": t.count, "tallyEvidence": t.evidence,
         "hasDiscrepancy": t.discrepancies}
        for t in rows
    ]  # fmt: skip
    body = _collection(request, "tallies", members)
    ref = {"@type": "@id"}
    body["@context"].update(
        tallyObjective=ref, agencyKind=ref, tallyEvidence=ref, hasDiscrepancy=ref,
        year={"@type": "http://www.w3.org/2001/XMLSchema#gYear"},
    )  # fmt: skip
    table = views.to_csv(
        ["tally", "objective", "year", "agency_kind", "count", "discrepancies"],
        [[t.iri, t.objective, t.year, t.kind, t.count, " ".join(t.discrepancies)] for t in rows],
    )
    return _reply(fmt, lambda: body, lambda: table)


def _page(request: Request, status_code: int = 200, **context: Any) -> Response:
    state = service_state(request)
    idx = state.index
    base = {
        "href": lambda iri: href(state.settings, iri),
        "label": idx.label,
        "documents": [(d.key, DOC_LABELS[d.key]) for d in DOCUMENTS],
        "status_labels": chart.LABELS,
        "kind_label": lambda iri: (
            state.tracker.kind_labels.get(iri, iri.rsplit("/", 1)[-1]) if state.tracker else iri
        ),
    }
    return state.templates.TemplateResponse(
        request, "pages/tracker.html", {**base, **context}, status_code=status_code
    )


@router.get("/seguimiento", summary="The commitment tracker page", response_class=HTMLResponse,
            responses=openapi.ok(openapi.HTML) | _BAD_PAGE | openapi.errors(503))  # fmt: skip
def tracker_page(
    request: Request, rows: Text = None, pem: Text = None, gcm: Text = None,
    agency: Text = None, program: Text = None, status: Text = None, document: Text = None,
    follow_up: Text = None,
) -> Response:  # fmt: skip
    tracker = _tracker(request)
    try:
        f = _filters(request)
    except InvalidParameter as bad:
        return _page(request, 400, error=f"Filtro no válido ({bad.param}): {bad.message}.",
                     filters=views.TrackerFilters(), matrix=[], changes=[], svg="",
                     pem_summary=[], gcm_summary=[], csv_url="/seguimiento.csv",
                     params={})  # fmt: skip
    ids = Ids(service_state(request).settings.base_iri)
    rows_kind = f.rows or "lineas"
    matrix = views.matrix(tracker, f, ids)
    shown = [s for _, row in matrix for s in row.values()]
    svg = chart.continuity([(d.key, DOC_LABELS[d.key]) for d in DOCUMENTS], views.counts(shown))
    changes = (
        []
        if rows_kind == "lineas"
        else views.change_rows(
            tracker, views.TrackerFilters(**{**vars(f), "status": None, "rows": rows_kind}), ids
        )
    )
    params = f.params()
    return _page(
        request, filters=f, rows_kind=rows_kind, matrix=matrix, svg=svg, changes=changes,
        evidence=tracker.evidence, files=_files(), params=params,
        csv_url="/seguimiento.csv?" + urlencode(params),
        api_url="/api/tracker/statuses?" + urlencode(params),
        pem_summary=_pem_summary(tracker, [s for s in shown if s.kind == "linea"]),
        gcm_summary=_gcm_summary(tracker), error=None,
        without=sum(1 for s, _ in matrix if rows_kind == "lineas"
                    and tracker.without_follow_up(s)),
    )  # fmt: skip


@router.get("/seguimiento.csv", summary="The tracker's matrix as CSV (same filters as the page)",
            response_class=Response,
            responses=openapi.ok(["text/csv"]) | openapi.errors(503) | _INVALID)  # fmt: skip
def tracker_csv(
    request: Request, rows: Text = None, pem: Text = None, gcm: Text = None,
    agency: Text = None, program: Text = None, status: Text = None, document: Text = None,
    follow_up: Text = None,
) -> Response:  # fmt: skip
    tracker, f = _tracker(request), _filters(request)
    ids = Ids(service_state(request).settings.base_iri)
    statuses = [s for _, row in views.matrix(tracker, f, ids) for s in row.values()]
    return Response(
        views.status_table(tracker, statuses, _files()),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="seguimiento.csv"'},
    )


def _pem_summary(
    tracker: data.TrackerData, statuses: list[data.Status]
) -> list[tuple[str, dict[str, Counter[str]]]]:
    """Per PEM objective and document, how many of its (shown) lines hold each status."""
    out: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for s in statuses:
        out[tracker.line_objective[s.subject]][s.doc][s.code] += 1
    return sorted(out.items(), key=lambda kv: int(kv[0].rsplit("/", 1)[-1]))


def _gcm_summary(tracker: data.TrackerData) -> list[tuple[str, dict[str, list[data.Tally]]]]:
    """Per GCM objective and year, its tallies (kinds of body), with discrepancies."""
    out: dict[str, dict[str, list[data.Tally]]] = defaultdict(lambda: defaultdict(list))
    for t in tracker.tallies:
        out[t.objective][t.year].append(t)
    return sorted(out.items(), key=lambda kv: int(kv[0].rsplit("/", 1)[-1]))

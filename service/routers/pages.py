"""Pages for people: server-rendered Spanish-first HTML over the same member index as the API.

Home (search, figures), browsing by framework / objective / agency / program / year, a
filtered list of actions, timelines, a chart (inline SVG, no JavaScript) and the SPARQL
editor (YASGUI from `node_modules`, served at `/static/vendor/yasgui/`, never a CDN). A
resource's own page is `/id/...` (service.routers.resources); pages here link there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path as FsPath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Path, Query
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from loaders.publishing.nodes import CatalogNodes
from loaders.vocab import Ids
from service.api import timeline
from service.api.filters import SLUG, Filters, SearchFilters
from service.api.index import SKOS, MemberIndex, natural_key
from service.api.kinds import BY_NAME, KINDS, MIG, QB
from service.errors import NotFound, ServiceError
from service.http import openapi
from service.linked_data import checks
from service.open_data.documents import public_urls, publications, schema_org_block
from service.pages import (
    charts,
    collation,
    indicators,
    labels,
    releases,
    sources,
    timeline_view,
    topics,
)
from service.pages import editor as editor_tabs
from service.pages.forms import FormRoute
from service.pages.render import render
from service.search import results, snippet
from service.settings import REPO_DIR
from service.state import app_state, service_state


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Reads the Spanish labels of every labelled IRI once the engine is up."""
    state = app_state(app.state)
    state.labels = await labels.load(state.engine)
    yield


router = APIRouter(
    tags=["pages"],
    lifespan=lifespan,
    route_class=FormRoute,  # a form's empty fields are absent, never a 422
    default_response_class=HTMLResponse,
    responses=openapi.ok(openapi.HTML) | openapi.errors(404, 503),
)

STATIC_DIR = FsPath(__file__).resolve().parent.parent / "static"
NODE_MODULES = REPO_DIR / "node_modules"
# The npm packages `make frontend` installs, each served at /static/vendor/<name>/.
VENDOR = {
    "yasgui": NODE_MODULES / "@zazuko" / "yasgui" / "build",
    "swagger-ui": NODE_MODULES / "swagger-ui-dist",
    "redoc": NODE_MODULES / "redoc" / "bundles",
}
PER_PAGE = 50


def _index(request: Request) -> MemberIndex:
    return service_state(request).index


def _render(request: Request, template: str, **context: Any) -> Response:
    return render(request, template, **context)


def _schema_org(request: Request) -> str:
    try:
        return schema_org_block(request)
    except (ServiceError, OSError, KeyError, ValueError):
        return ""


# Where each figure of the home page leads: a page, never raw JSON.
PAGE_OF = {
    "pem-objectives": "/explorar/pem", "pem-strategies": "/explorar/pem",
    "pem-lines": "/explorar/pem", "gcm-objectives": "/explorar/pmm",
    "agencies": "/explorar/instituciones", "programs": "/explorar/programas",
    "actions": "/explorar/acciones", "documents": "/fuentes",
    "datasets": "/explorar/indicadores", "observations": "/explorar/indicadores",
    "discrepancies": "/explorar/discrepancias", "claims": "/explorar/discrepancias",
}  # fmt: skip


def _per_document(idx: MemberIndex) -> list[tuple[str, dict[str, int]]]:
    """(document, {actions, figures, datasets}) for every source document: the reports of
    2018 and 2022 state actions, the 2024 report figures in indicator datasets."""
    counts: dict[str, Counter[str]] = {d: Counter() for d in idx.by_kind.get("documents", [])}
    datasets: dict[str, set[str]] = {}
    for kind, column in (("actions", "actions"), ("observations", "figures")):
        for a in idx.by_kind.get(kind, []):
            m = idx.members[a]
            for d in m.facets.get("document", ()):
                counts.setdefault(d, Counter())[column] += 1
                for ds in idx.edges.get(a, {}).get(QB + "dataSet", []):
                    datasets.setdefault(d, set()).add(ds)
    for d, found in datasets.items():
        counts[d]["datasets"] = len(found)
    return [(d, dict(c)) for d, c in counts.items()]


@router.get("/", summary="Home page: search, figures, ways in", response_class=Response)
def home(request: Request) -> Response:
    idx = _index(request)
    figures = [(k, len(idx.by_kind.get(k.name, [])), PAGE_OF.get(k.name, "/")) for k in KINDS]
    return _render(
        request,
        "home.html",
        figures=figures,
        documents=_per_document(idx),
        schema_org=_schema_org(request),
    )


@router.get("/buscar", summary="Search page: ranked, with snippets, facets and paging")
def search(
    request: Request,
    filters: Annotated[SearchFilters, Depends()],
    kind: Annotated[str | None, Query(pattern=SLUG, max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    state = service_state(request)
    idx = state.index
    q = filters.q or ""
    wanted = {**filters.facets(idx), "kind": kind if kind in BY_NAME else None}
    found = results.run(state.search, idx, q, wanted, page=page, per_page=PER_PAGE)
    if page > found.last:
        raise NotFound(f"page {page} is past the last page ({found.last})")
    params = {k: v for k, v in vars(filters).items() if v is not None}
    if kind in BY_NAME:
        params["kind"] = kind

    def link(**change: Any) -> str:
        merged = {**params, **change}
        return "/buscar?" + urlencode({k: v for k, v in merged.items() if v is not None})

    def facet_param(name: str, value: str) -> str:
        if name == "kind":
            return value
        if name == "year":
            return value
        return value.rsplit("/", 1)[-1] if name != "pem" else idx.first(value, SKOS + "notation")

    return _render(
        request, "search.html", q=q, found=found, kinds=BY_NAME, link=link,
        facet_titles={k: v[0] for k, v in results.FACETS.items()}, facet_param=facet_param,
        params=params, snippet_html=snippet.html,
        facet_label=lambda iri: idx.label(iri) or state.search.label(iri) or iri,
    )  # fmt: skip


@router.get("/explorar/pem", summary="Browse the PEM: objectives, strategies, lines of action")
def browse_pem(request: Request) -> Response:
    idx = _index(request)
    children: dict[str, list[str]] = {}
    for kind in ("pem-strategies", "pem-lines"):
        for iri in idx.by_kind.get(kind, []):
            for parent in idx.edges.get(iri, {}).get(SKOS + "broader", []):
                children.setdefault(parent, []).append(iri)
    counts = _action_counts(idx, "pem")
    return _render(
        request,
        "pem.html",
        objectives=idx.by_kind.get("pem-objectives", []),
        children=children,
        counts=counts,
        no_action={
            iri: [t["value"] for t in idx.members[iri].literals.get(MIG + "noActionPlannedIn", [])]
            for iri in idx.by_kind.get("pem-lines", [])
        },
    )


def _action_counts(idx: MemberIndex, facet: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for a in idx.by_kind.get("actions", []):
        counts.update(idx.members[a].facets.get(facet, ()))
    return counts


def _per_year(idx: MemberIndex, facet: str) -> tuple[list[str], dict[tuple[str, str], int]]:
    years: set[str] = set()
    values: Counter[tuple[str, str]] = Counter()
    for a in idx.by_kind.get("actions", []):
        m = idx.members[a]
        targets = m.facets.get(facet, ())
        if not targets:  # only years with such actions: no 2015 column of zeros for the GCM
            continue
        for y in m.facets.get("year", ()):
            years.add(y)
            for target in targets:
                values[(target, y)] += 1
    return sorted(years), dict(values)


FIGURES_2024 = "2024"  # the 2024 column: the report's own count per objective (apartado III)


async def _gcm_table(request: Request) -> dict[str, Any]:
    """Actions per objective and year (2018, 2022: the graph's actions) and the 2024
    report's figure per objective, for `/explorar/pmm` and `/graficas`."""
    idx = _index(request)
    years, values = _per_year(idx, "gcm")
    figures = (await indicators.load(service_state(request).engine)).per_objective()
    return {
        "objectives": idx.by_kind.get("gcm-objectives", []),
        "years": years,
        "values": values,
        "figures": figures,
        "figure_year": FIGURES_2024,
    }


@router.get("/explorar/pmm", summary="Browse the GCM objectives: actions per year, 2024 figures")
async def browse_gcm(request: Request) -> Response:
    return _render(request, "gcm.html", **await _gcm_table(request))


@router.get("/explorar/instituciones", summary="Browse agencies by kind")
def browse_agencies(request: Request) -> Response:
    state = service_state(request)
    idx = state.index
    counts = _action_counts(idx, "agency")
    groups: dict[str, list[str]] = {}
    for iri in idx.by_kind.get("agencies", []):
        kinds = idx.edges.get(iri, {}).get(MIG + "agencyKind", []) or [""]
        groups.setdefault(kinds[0], []).append(iri)
    ordered = sorted(  # kinds alphabetically, agencies of no kind last
        ((kind, collation.sorted_by(members, idx.label)) for kind, members in groups.items()),
        key=lambda kv: (kv[0] == "", collation.key(state.labels.get(kv[0], ""))),
    )
    return _render(request, "agencies.html", groups=ordered, counts=counts)


@router.get("/explorar/programas", summary="Browse programs")
def browse_programs(request: Request) -> Response:
    idx = _index(request)
    counts = _action_counts(idx, "program")
    docs = {
        p: len({d for a in idx.by_kind["actions"] if p in idx.members[a].facets.get("program", ())
                for d in idx.members[a].facets.get("document", ())})
        for p in idx.by_kind.get("programs", [])
    }  # fmt: skip
    return _render(
        request, "programs.html", programs=idx.by_kind.get("programs", []),
        counts=counts, docs=docs,
    )  # fmt: skip


@router.get("/explorar/anios", summary="Browse by year: documents and actions")
def browse_years(request: Request) -> Response:
    idx = _index(request)
    # per year and document: [actions, figures]; the 2024 report states figures, not actions
    years: dict[str, dict[str, list[int]]] = {}
    for column, kind in enumerate(("actions", "observations")):
        for a in idx.by_kind.get(kind, []):
            m = idx.members[a]
            for y in m.facets.get("year", ()):
                for d in m.facets.get("document", ()) or {""}:
                    years.setdefault(y, {}).setdefault(d, [0, 0])[column] += 1
    return _render(request, "years.html", years=sorted(years.items()))


def _checks_per_document(idx: MemberIndex) -> list[tuple[str, int, int]]:
    """(document IRI, discrepancies, confirmed claims) for every source document."""
    counts: dict[str, list[int]] = {d: [0, 0] for d in idx.by_kind.get("documents", [])}
    for column, kind in enumerate(("discrepancies", "claims")):
        for iri in idx.by_kind.get(kind, []):
            for d in idx.members[iri].facets.get("document", ()):
                counts.setdefault(d, [0, 0])[column] += 1
    return [(d, bad, ok) for d, (bad, ok) in counts.items()]


@router.get("/explorar/discrepancias", summary="Each document checked against itself")
def browse_discrepancies(request: Request) -> Response:
    return _render(request, "discrepancies.html", documents=_checks_per_document(_index(request)))


@router.get(
    "/explorar/discrepancias/{document}",
    summary="One document's discrepancies and confirmed claims, with the quoted lines",
)
async def document_discrepancies(
    request: Request, document: Annotated[str, Path(pattern=SLUG, max_length=40)]
) -> Response:
    state = service_state(request)
    idx = state.index
    iri = idx.member_iri(BY_NAME["documents"], document)
    if iri is None:
        raise NotFound(f"no source document {document!r}")
    rows = await state.engine.select(checks.FOR_DOCUMENT, {"r": ("iri", iri)})
    found = checks.views(rows, state.settings.base_iri, state.build.sources_dir)
    return _render(request, "document_discrepancies.html", document=iri, checks=found)


@router.get("/explorar/acciones", summary="Actions, filtered and paged (HTML)")
def browse_actions(
    request: Request,
    filters: Annotated[Filters, Depends()],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    idx = _index(request)
    counts_by_doc = _action_counts(idx, "document")
    iris, _ = results.filtered(service_state(request), "actions", filters)  # `q`: ranked
    last = max(1, -(-len(iris) // PER_PAGE))
    if page > last:
        raise NotFound(f"page {page} is past the last page ({last})")
    params = {k: v for k, v in vars(filters).items() if v is not None}

    def page_link(n: int) -> str:
        return "/explorar/acciones?" + urlencode({**params, "page": n})

    return _render(
        request,
        "actions.html",
        actions=iris[(page - 1) * PER_PAGE : page * PER_PAGE],
        total=len(iris),
        page=page,
        last=last,
        page_link=page_link,
        params=params,
        description=lambda iri: (idx.members[iri].literals.get(MIG + "description") or [{}])[0].get(
            "value", ""
        ),
        facet=lambda iri, name: sorted(idx.members[iri].facets.get(name, ())),
        api_url="/api/actions?" + urlencode(params),
        filter_iris=filters.facets(idx),
        all_years=sorted(
            {y for a in idx.by_kind.get("actions", []) for y in idx.members[a].facets["year"]}
        ),
        all_documents=[d for d in idx.by_kind.get("documents", []) if counts_by_doc.get(d)],
        years=sorted(
            Counter(y for a in iris for y in idx.members[a].facets.get("year", ())).items()
        ),
    )


@router.get("/linea-de-tiempo/institucion/{item_id}", summary="An agency's timeline page")
async def agency_timeline_page(
    request: Request, item_id: Annotated[str, Path(pattern=SLUG, max_length=120)]
) -> Response:
    return await _timeline_page(request, "agencies", item_id, "agency")


@router.get("/linea-de-tiempo/programa/{item_id}", summary="A program's timeline page")
async def program_timeline_page(
    request: Request, item_id: Annotated[str, Path(pattern=SLUG, max_length=200)]
) -> Response:
    return await _timeline_page(request, "programs", item_id, "program")


async def _timeline_page(
    request: Request, kind: str, item_id: str, subject: timeline.Subject
) -> Response:
    idx = _index(request)
    iri = idx.member_iri(BY_NAME[kind], item_id)
    if iri is None:
        raise NotFound(f"no {kind} member {item_id!r}")
    api = f"/api/{BY_NAME[kind].path}/{item_id}/timeline"
    t = timeline.timeline(idx, iri, subject)
    stops = timeline_view.stops(idx, t)
    if subject == "program":
        rows = await service_state(request).engine.select(
            timeline_view.MENTIONS, {"r": ("iri", iri)}
        )
        timeline_view.add_mentions(stops, rows)
    return _render(
        request,
        "timeline.html",
        t=t,
        api_url=api,
        stops=stops,
        topics=topics.links(item_id) if subject == "agency" else [],
        roles=timeline_view.role_names(service_state(request).labels),
        subject=subject,
    )


@router.get("/graficas", summary="Charts: actions per GCM objective, 2018, 2022 and 2024 (SVG)")
async def charts_page(request: Request) -> Response:
    idx = _index(request)
    table = await _gcm_table(request)
    objectives, years, values = table["objectives"], table["years"], table["values"]
    figures: dict[str, indicators.Figure] = table["figures"]
    groups = [idx.first(o, SKOS + "notation") or o for o in objectives]
    keyed = {(idx.first(o, SKOS + "notation") or o, y): n for (o, y), n in values.items()}
    series = [*years, f"{FIGURES_2024} (cifras del informe)"]
    for o, f in figures.items():
        keyed[(idx.first(o, SKOS + "notation") or o, series[-1])] = int(float(f.value))
    svg = charts.grouped_bars(
        groups, series, keyed, label="Acciones por objetivo del PMM: 2018, 2022 y 2024"
    )
    return _render(request, "charts.html", svg=svg, **table)


@router.get("/explorar/indicadores", summary="The 2024 report's figures: tables and charts")
async def browse_indicators(request: Request) -> Response:
    state = service_state(request)
    idx = state.index
    figures = await indicators.load(state.engine)
    kinds, cells = figures.per_objective_kind()
    per_kind = [
        (state.labels.get(f.kind, f.kind), float(f.value))
        for f in figures.dataset(indicators.PER_KIND)
        if f.kind
    ]
    per_objective = [
        (f"{idx.first(o, SKOS + 'notation')}. {idx.label(o)}", float(f.value))
        for o, f in sorted(figures.per_objective().items(), key=lambda kv: natural_key(kv[0]))
    ]
    return _render(
        request,
        "indicators.html",
        figures=figures,
        kinds=kinds,
        cells=cells,
        objectives=idx.by_kind.get("gcm-objectives", []),
        kind_svg=charts.bars(per_kind, label="Acciones por tipo de institución, 2024"),
        objective_svg=charts.bars(per_objective, label="Acciones por objetivo del PMM, 2024"),
        measures=indicators.MEASURES,
    )


@router.get("/fuentes", summary="The source documents, each readable with line numbers")
def source_list(request: Request) -> Response:
    docs = sources.documents(request).values()
    counts = [(d, len(sources.lines(request, d.key) or ())) for d in docs]
    return _render(request, "sources.html", docs=counts)


@router.get("/fuentes/{key}", summary="A source document with numbered lines (#L120-L140)")
def source_page(
    request: Request, key: Annotated[str, Path(pattern=SLUG, max_length=40)]
) -> Response:
    found = sources.view(request, key)
    if found is None:
        raise NotFound(f"no source document {key!r}", es=f"No hay ningún documento fuente «{key}».")
    return _render(request, "source.html", v=found)


@router.get("/versiones", summary="The releases: version, date, changes, how to cite")
def releases_page(request: Request) -> Response:
    try:
        facts = publications(request)
    except ServiceError:  # a build without its publishing facts: the page says it has none
        nodes = CatalogNodes(service_state(request).settings.base_iri)
        return _render(request, "releases.html", releases=[], series=str(nodes.series))
    nodes = CatalogNodes(facts.base)
    views = releases.views(facts.releases, public_urls(request), nodes)
    series = str(nodes.series)
    return _render(request, "releases.html", releases=views, series=series)


@router.get("/editor", summary="SPARQL editor (YASGUI) preloaded with the named queries")
def editor(request: Request) -> Response:
    """`?consulta=<name>&<param>=<value>` opens that query's tab with those values bound."""
    state = service_state(request)
    values = dict(request.query_params)
    chosen = values.pop(editor_tabs.QUERY_FIELD, None)
    if chosen is not None and chosen not in state.named_queries:
        raise NotFound(f"no hay una consulta con nombre {chosen[:80]!r}")
    tabs = editor_tabs.tabs(state.named_queries, state.index, Ids(state.settings.base_iri),
                            chosen, values)  # fmt: skip
    response = _render(request, "editor.html", tabs=tabs, chosen=chosen,
                       has_vendor=(VENDOR["yasgui"] / "yasgui.min.js").is_file())  # fmt: skip
    if any(t.error for t in tabs):
        response.status_code = 422
    return response


def _file(root: FsPath, path: str) -> Response:
    try:  # a NUL in the path is a ValueError from the file system calls, not a 500
        target = (root / path).resolve()
        found = target.is_file() and target.is_relative_to(root.resolve())
    except (OSError, ValueError):
        found = False
    if not found:
        raise NotFound(f"no static file {path!r}"[:300])
    return FileResponse(target, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/static/vendor/{package}/{path:path}", include_in_schema=False)
def vendor_file(package: str, path: str) -> Response:
    root = VENDOR.get(package)
    if root is None:
        raise NotFound(f"no vendored package {package} (run `make frontend`)")
    return _file(root, path)


@router.get("/static/{path:path}", include_in_schema=False)
def static_file(path: str) -> Response:
    return _file(STATIC_DIR, path)

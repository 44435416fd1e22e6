"""What the app holds while it serves: one typed object on `app.state.service`.

`create_app` makes it with the settings and templates; start-up (`service.app.lifespan`,
then the routers' lifespans) opens the build, starts the engine and reads the member index
and the named queries into it. Handlers reach it through `service_state(request)`. A part
asked for before start-up has set it is `Unavailable` (503), never an `AttributeError`.
The caches hold what a build never changes: rendered once per public URL and format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from service.errors import Unavailable
from service.settings import Settings

if TYPE_CHECKING:
    from rdflib import Dataset

    from loaders.publishing import Publications
    from service.api.fast import FastApi
    from service.api.index import MemberIndex
    from service.api.named_queries import NamedQuery
    from service.engine.backend import Engine
    from service.published import Build
    from service.search.index import SearchIndex
    from service.tracker.data import TrackerData


@dataclass
class ServiceState:
    """The settings, the build served, its engine and what start-up read from it."""

    settings: Settings
    templates: Jinja2Templates
    graph_counts: list[tuple[str, int]] = field(default_factory=list)
    default_graph_triples: int = 0  # COUNT(*) on the default graph (the merge, as a set)
    named_queries: dict[str, NamedQuery] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # IRI -> Spanish label (pages)
    # caches: service description by format; catalog and VoID renderings by
    # (name, public base, media type); their rdflib dataset by public base
    description_cache: dict[str, bytes] = field(default_factory=dict)
    metadata_cache: dict[tuple[str, str, str], bytes] = field(default_factory=dict)
    metadata_datasets: dict[str, Dataset] = field(default_factory=dict)
    publications: Publications | None = None
    catalog_subjects: frozenset[str] | None = None
    api_fast: FastApi | None = None  # the API from the build's snapshot, when it has one
    _build: Build | None = None
    _engine: Engine | None = None
    _index: MemberIndex | None = None
    search_loaded: SearchIndex | None = None
    search_loader: Callable[[], SearchIndex] | None = None
    tracker: TrackerData | None = None  # the commitment tracker (`service.routers.tracker`)

    @property
    def build(self) -> Build:
        if self._build is None:
            raise Unavailable("the service has not opened its build yet")
        return self._build

    @build.setter
    def build(self, build: Build) -> None:
        self._build = build

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise Unavailable("the query engine has not started yet")
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def engine_started(self) -> bool:
        """Whether start-up has set the engine (`engine` raises `Unavailable` before)."""
        return self._engine is not None

    @property
    def index(self) -> MemberIndex:
        if self._index is None:
            raise Unavailable("the member index has not been read yet")
        return self._index

    @index.setter
    def index(self, index: MemberIndex) -> None:
        self._index = index

    @property
    def search(self) -> SearchIndex:
        """The build's search index (`service.routers.search` opens it, once)."""
        if self.search_loaded is not None:
            return self.search_loaded
        if self.search_loader is None:
            raise Unavailable("the search index has not been opened yet")
        return self.search_loader()


def app_state(state: object) -> ServiceState:
    """The `ServiceState` held on a Starlette `State` (`app.state`)."""
    service = getattr(state, "service", None)
    if not isinstance(service, ServiceState):
        raise Unavailable("the service is not set up")
    return service


def service_state(request: Request) -> ServiceState:
    """The state of the app answering `request`."""
    return app_state(request.app.state)

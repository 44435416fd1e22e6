"""The JSON-LD API answered from the build's snapshot (`service.api.snapshot`), on the fast
path (`service.http.fastpath`): items, timelines and collection pages filtered by facets.

`route(scope)` decides from the request alone whether the snapshot can answer it exactly
as the documented FastAPI route would; anything else (a `q` text filter, a parameter the
route would refuse with a 422 or does not know, an unknown id, an `Accept` it would refuse)
returns None and takes the full stack, which answers it as before. What it answers has the
route's body and headers plus `ETag` (the build id; `-gzip` for the compressed variant),
`Cache-Control`, `Vary: Accept, Accept-Encoding`, `304` to a matching `If-None-Match`,
and gzip when the client accepts it.
"""

from __future__ import annotations

import re
import zlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from service.api import collections, context
from service.api.filters import SLUG, Filters
from service.api.kinds import KINDS, Kind
from service.api.snapshot import Snapshot, dumps
from service.http.compression import accepts_gzip
from service.http.conneg import Offer, negotiate
from service.http.public import public_root
from service.state import ServiceState

Handler = Callable[[Request], Awaitable[Response]]

OFFERS = (
    Offer("application/ld+json", "jsonld", "jsonld"),
    Offer("application/json", "json", "json"),
)
CACHE_CONTROL = "public, max-age=300"
GZIP_MIN_BYTES = 1024
_GZIP_CACHE = 4096  # compressed bodies kept per worker (items and timelines)

_SLUG = re.compile(SLUG)
_PEM = re.compile(r"^[1-9][0-9]?(?:\.[1-9][0-9]?){0,2}$")
_INT = re.compile(r"^[1-9][0-9]{0,5}$")
_TIMELINE = re.compile(r"^/api/(agencies|programs)/([^/]+)/timeline$")
_BY_PATH = sorted(KINDS, key=lambda k: -len(k.path))
_SUBJECT = {"agencies": "agency", "programs": "program"}


def _slug(limit: int) -> Callable[[str], str | None]:
    return lambda v: v if len(v) <= limit and _SLUG.match(v) else None


def _int(low: int, high: int) -> Callable[[str], int | None]:
    return lambda v: int(v) if _INT.match(v) and low <= int(v) <= high else None


# Each parameter a collection accepts, with the check FastAPI applies (`filters.Filters`,
# `filters.Paging`); a value failing it is left to FastAPI, which answers the 422.
_PARAMS: dict[str, Callable[[str], object | None]] = {
    "year": _int(1900, 2100),
    "agency": _slug(120),
    "pem": lambda v: v if _PEM.match(v) else None,
    "gcm": _int(1, 23),
    "document": _slug(60),
    "agency_kind": _slug(120),
    "program": _slug(200),
    "dataset": _slug(200),
    "status": lambda v: v if v in ("planned", "reported") else None,
    "page": _int(1, 100_000),
    "per_page": _int(1, 500),
}


class FastApi:
    """Routes `/api/...` requests the snapshot can answer (see the module's docstring)."""

    def __init__(self, state: ServiceState, snapshot: Snapshot) -> None:
        self.state = state
        self.snapshot = snapshot
        self.root = public_root(state.settings)
        self.context_url = self.root + context.PATH
        self.context_member = b'{"@context":' + dumps(self.context_url)
        self.link = collections.link_header({}, self.context_url)
        self.etag = f'"{state.build.build_id}"'
        self.gzip_etag = f'"{state.build.build_id}-gzip"'
        self.gzipped: OrderedDict[tuple[str, int | str], bytes] = OrderedDict()

    def members(self, kind: str, facets: dict[str, str | None]) -> list[str]:
        """The IRIs `MemberIndex.filter` gives for `kind` and `facets` (no text), from the
        precomputed lists: for the routes that still rank a `q` (its cost then follows the
        members kept, not the kind's size: `MemberIndex.filter` reads every member)."""
        wanted = {k: v for k, v in facets.items() if v is not None}
        members = self.snapshot.members
        return [members[n] for n in self.snapshot.filter(kind, wanted)]

    def route(self, scope: Scope) -> Handler | None:
        path: str = scope["path"]
        match = _TIMELINE.match(path)
        if match is not None:
            return self._timeline(scope, match.group(1), match.group(2))
        for kind in _BY_PATH:
            collection = "/api/" + kind.path
            if path == collection:
                return self._page(scope, kind)
            if path.startswith(collection + "/") and len(path) > len(collection) + 1:
                return self._item(scope, kind, path[len(collection) + 1 :])
        return None

    def _timeline(self, scope: Scope, kind_path: str, item_id: str) -> Handler | None:
        kind = next(k for k in KINDS if k.path == kind_path)
        limit = 120 if kind_path == "agencies" else 200
        if len(item_id) > limit or not _SLUG.match(item_id):
            return None
        iri = self.state.settings.base_iri + kind.prefix + item_id
        body = self.snapshot.timeline(_SUBJECT[kind_path], iri)
        if body is None:
            return None
        headers = {"Vary": "Accept"}
        return self._reply(
            scope, ("timeline", iri), lambda: bytes(body), "application/json", headers
        )

    def _item(self, scope: Scope, kind: Kind, item_id: str) -> Handler | None:
        offer = negotiate(_header(scope, b"accept"), OFFERS)
        if offer is None:
            return None
        iri = self.state.settings.base_iri + kind.prefix + item_id
        number = self.snapshot.number.get(iri)
        if number is None or number not in _members(self.snapshot, kind):
            return None
        rest = self.snapshot.item(number)
        headers = {"Link": self.link, "Vary": "Accept"}
        return self._reply(
            scope, ("item", number), lambda: self.context_member + rest, offer.media_type, headers
        )

    def _page(self, scope: Scope, kind: Kind) -> Handler | None:
        offer = negotiate(_header(scope, b"accept"), OFFERS)
        if offer is None:
            return None
        values: dict[str, object] = {}
        for name, raw in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
            check = _PARAMS.get(name)
            value = check(raw) if check is not None else None
            if value is None or name in values:
                return None
            values[name] = value
        page = int(values.pop("page", 1))  # type: ignore[call-overload]
        per_page = int(values.pop("per_page", 50))  # type: ignore[call-overload]
        filters = Filters(**values)  # type: ignore[arg-type]
        facets = {k: v for k, v in filters.facets(self.state.index).items() if v is not None}
        numbers = self.snapshot.filter(kind.name, facets)
        last = collections.page_count(len(numbers), per_page)
        if page > last:
            return None  # the route's 404
        body, links = self._page_body(kind, filters, numbers, page, per_page)
        headers = {"Link": collections.link_header(links, self.context_url), "Vary": "Accept"}
        return self._reply(scope, None, lambda: body, offer.media_type, headers)

    def _page_body(
        self, kind: Kind, filters: Filters, numbers: Sequence[int], page: int, per_page: int
    ) -> tuple[bytes, dict[str, str]]:
        """`collections.collection`'s body, with the members' precomputed summaries."""
        body, links = collections.frame(
            len(numbers),
            [],
            collection_url=f"{self.root}/api/{kind.path}",
            params={k: v for k, v in asdict(filters).items() if v is not None},
            page=page,
            per_page=per_page,
            context_url=self.context_url,
        )
        chunk = numbers[(page - 1) * per_page : page * per_page]
        members = b",".join(bytes(self.snapshot.summary(n)) for n in chunk)
        head, tail = dumps(body).split(b'"member":[]', 1)
        return head + b'"member":[' + members + b"]" + tail, links

    def _reply(
        self,
        scope: Scope,
        key: tuple[str, int | str] | None,
        body: Callable[[], bytes],
        media_type: str,
        headers: dict[str, str],
    ) -> Handler:
        async def handle(request: Request) -> Response:
            gzip = accepts_gzip(scope)  # the one parser, as for every other reply
            etag = self.gzip_etag if gzip else self.etag
            out = {
                **headers,
                "Vary": headers["Vary"] + ", Accept-Encoding",
                "ETag": etag,
                "Cache-Control": CACHE_CONTROL,
            }
            if _matches(_header(scope, b"if-none-match"), etag):
                return Response(status_code=304, headers=out)
            content = body()
            if gzip and len(content) >= GZIP_MIN_BYTES:
                content = self._gzip(key, content)
                out["Content-Encoding"] = "gzip"
            return Response(content, headers=out, media_type=media_type)

        return handle

    def _gzip(self, key: tuple[str, int | str] | None, content: bytes) -> bytes:
        if key is None:
            return _compress(content)
        cached = self.gzipped.get(key)
        if cached is None:
            cached = self.gzipped[key] = _compress(content)
            if len(self.gzipped) > _GZIP_CACHE:
                self.gzipped.popitem(last=False)
        return cached


def _members(snapshot: Snapshot, kind: Kind) -> frozenset[int]:
    cached = _KIND_SETS.get((id(snapshot), kind.name))
    if cached is None:
        cached = frozenset(snapshot.kind_members(kind.name))
        _KIND_SETS[(id(snapshot), kind.name)] = cached
    return cached


_KIND_SETS: dict[tuple[int, str], frozenset[int]] = {}


def _compress(content: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return c.compress(content) + c.flush()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


__all__ = ["FastApi"]

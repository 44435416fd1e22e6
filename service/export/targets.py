"""What an export holds: one `Target` per file, the URL and `Accept` it answers, and where.

The file names are what the nginx configuration (`service.export.nginx`) looks up: an IRI's
path with the format's extension (`id/accion/pmm-2022/obj07-12.ttl`), an API item or an
unfiltered collection's first page with `.jsonld`, a collection page asked with a query
string under `<collection>/_q/<query string>.jsonld`, a timeline as `timeline.json`, a named
query's results as `api/queries/<name>.<srj|srx|csv|tsv>` (with a GCM objective under
`<name>/_q/gcm=<n>.<ext>`): the calls the build answers (`service.api.answers.calls`).
"""

from __future__ import annotations

from dataclasses import dataclass

from service.api.answers import raw_calls
from service.api.collections import page_count, page_url
from service.api.kinds import KINDS
from service.api.named_queries import NamedQuery
from service.api.snapshot import Snapshot
from service.http.formats import RESULTS

# Dereferencing: the formats exported per IRI (extension, Accept sent to the service).
IRI_FORMATS: tuple[tuple[str, str], ...] = (
    ("html", "text/html"),
    ("ttl", "text/turtle"),
    ("jsonld", "application/ld+json"),
)
# The catalog and VoID: the formats they offer (`open_data.documents.OFFERS`).
METADATA_FORMATS: tuple[tuple[str, str], ...] = (
    ("ttl", "text/turtle"),
    ("jsonld", "application/ld+json"),
    ("rdf", "application/rdf+xml"),
)
PER_PAGE = 50  # the API's default page size: the size its `first`/`next` links carry
QUERY_DIR = "_q"


@dataclass(frozen=True)
class Target:
    """`url` (path and query) asked with `accept` is saved at `file` (relative)."""

    url: str
    accept: str
    file: str


def iri_targets(stems: list[str]) -> list[Target]:
    """Each instance IRI (its path under the base) in each exported format."""
    return [
        Target(f"/id/{stem}", accept, f"id/{stem}.{ext}")
        for stem in stems
        for ext, accept in IRI_FORMATS
    ]


def ontology_targets() -> list[Target]:
    return [Target("/def", accept, f"def.{ext}") for ext, accept in IRI_FORMATS] + [
        Target("/def/doc", "text/html", "def/doc.html")
    ]


def metadata_targets() -> list[Target]:
    return [
        Target(url, accept, f"{file}.{ext}")
        for url, file in (("/catalog", "catalog"), ("/.well-known/void", ".well-known/void"))
        for ext, accept in METADATA_FORMATS
    ]


def api_targets(snapshot: Snapshot, base_iri: str) -> list[Target]:
    """The entry point, the context, every item, every unfiltered collection page (the
    bare URL and each `page`/`per_page` URL its links name) and every timeline."""
    ld = "application/ld+json"
    out = [
        Target("/api", ld, "api.jsonld"),
        Target("/api/context/v1.jsonld", ld, "api/context/v1.jsonld"),
    ]
    for kind in KINDS:
        members = snapshot.kind_members(kind.name)
        collection = f"/api/{kind.path}"
        out.append(Target(collection, ld, f"api/{kind.path}.jsonld"))
        for page in range(1, page_count(len(members), PER_PAGE) + 1):
            query = page_url("", {}, page, PER_PAGE)[1:]
            out.append(
                Target(f"{collection}?{query}", ld, f"api/{kind.path}/{QUERY_DIR}/{query}.jsonld")
            )
        prefix = base_iri + kind.prefix
        for number in members:
            item_id = snapshot.members[number][len(prefix) :]
            out.append(Target(f"{collection}/{item_id}", ld, f"api/{kind.path}/{item_id}.jsonld"))
    for subject, by_iri in sorted(snapshot.timelines.items()):
        kind = next(
            k for k in KINDS if k.name == ("agencies" if subject == "agency" else "programs")
        )
        prefix = base_iri + kind.prefix
        for iri in sorted(by_iri):
            item_id = iri[len(prefix) :]
            path = f"/api/{kind.path}/{item_id}/timeline"
            out.append(Target(path, "application/json", f"{path[1:]}.json"))
    return out


def query_targets(queries: dict[str, NamedQuery]) -> list[Target]:
    """The list of named queries, and each call the build answers
    (`service.api.answers.raw_calls`) in every results format; other calls need SPARQL."""
    out = [Target("/api/queries", "application/json", "api/queries.json")]
    for q in queries.values():
        path = f"/api/queries/{q.name}"
        for raw in raw_calls(q):
            args = "&".join(f"{k}={v}" for k, v in raw.items())
            url, file = (
                (f"{path}?{args}", f"{path[1:]}/{QUERY_DIR}/{args}") if args else (path, path[1:])
            )
            out += [Target(url, o.media_type, f"{file}.{o.extension}") for o in RESULTS]
    return out

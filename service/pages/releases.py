"""What the `/versiones` page shows of each release: the ledger's facts in display order.

The releases come from the build's `publications.json` (`loaders.publishing.releases` makes
them); the page lists the newest first, with the change summary per named graph, the
resources new and gone (the first `SHOWN` of each; the release's JSON record has them all)
and the «Cómo citar» text.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.publishing import PublicUrls, texts
from loaders.publishing.nodes import CatalogNodes
from loaders.publishing.releases import GraphChange, Release

SHOWN = 100


@dataclass(frozen=True)
class ReleaseView:
    release: Release
    current: bool
    graphs: list[tuple[str, GraphChange]]  # (graph IRI, change), by IRI
    new_resources: list[str]
    gone_resources: list[str]
    citation: texts.Text
    record_url: str


def views(releases: list[Release], urls: PublicUrls, nodes: CatalogNodes) -> list[ReleaseView]:
    """The releases, newest first; each cited by its IRI, as the catalog cites it."""
    out = []
    for release in reversed(releases):
        out.append(
            ReleaseView(
                release=release,
                current=release is releases[-1],
                graphs=sorted(release.graphs.items()),
                new_resources=release.new_resources[:SHOWN],
                gone_resources=release.gone_resources[:SHOWN],
                citation=texts.citation(
                    release.version, release.issued[:4], str(nodes.release(release.version))
                ),
                record_url=urls.release(f"{release.version}.json"),
            )
        )
    return out

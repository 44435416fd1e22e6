"""The schema.org Dataset block parses as JSON-LD and has what search engines require."""

from __future__ import annotations

import json

import pytest
from pyld import jsonld

from loaders.publishing import PublicUrls, schema_org_dataset, script_tag
from tests.publishing.small import SmallBuild

S = "https://schema.org/"
REQUIRED = (
    "name",
    "description",
    "license",
    "creator",
    "temporalCoverage",
    "spatialCoverage",
    "distribution",
    "variableMeasured",
    "url",
    "identifier",
    "dateModified",
)


def _no_remote(url: str, options: dict) -> dict:
    raise AssertionError(f"tried to fetch {url}")


@pytest.fixture(scope="module")
def expanded(small: SmallBuild) -> dict:
    block = schema_org_dataset(small.facts, PublicUrls.at("http://example.org"))
    [node] = jsonld.expand(block, {"documentLoader": _no_remote})
    return node


def test_required_properties(expanded: dict) -> None:
    assert expanded["@type"] == [S + "Dataset"]
    for name in REQUIRED:
        assert S + name in expanded, name
    assert expanded[S + "temporalCoverage"][0]["@value"] == "2015-01-01/2024-06-30"
    assert expanded[S + "license"][0]["@value"] == "https://creativecommons.org/licenses/by/4.0/"


def test_distributions_are_the_dumps(expanded: dict, small: SmallBuild) -> None:
    downloads = expanded[S + "distribution"]
    assert len(downloads) == 4
    urls = {d[S + "contentUrl"][0]["@value"] for d in downloads}
    assert urls == {f"http://example.org/dumps/{d.file}" for d in small.facts.dumps}
    assert all(d["@type"] == [S + "DataDownload"] for d in downloads)


def test_script_tag_round_trips(small: SmallBuild) -> None:
    block = schema_org_dataset(small.facts, PublicUrls.at("http://example.org"))
    tag = script_tag(block)
    body = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body) == block


def test_block_has_publication_citation_parts_and_both_languages(small: SmallBuild) -> None:
    from loaders.publishing import texts

    block = schema_org_dataset(small.facts, PublicUrls.at(None))
    assert block["datePublished"] == small.facts.built_at[:10]
    assert block["publisher"]["name"] == texts.PUBLISHER["es"]
    assert [c["name"] for c in block["citation"]] == [s.title for s in small.facts.sources]
    assert len(block["citation"]) == 5
    assert small.facts.release.version in block["creditText"]
    # the release's version and dates, which change only with the data
    assert block["version"] == small.facts.release.version == "2025.01.01"
    assert block["dateModified"] == small.facts.release.issued == small.facts.built_at
    assert {k["en"] for k in texts.KEYWORDS} <= set(block["keywords"])
    assert {k["es"] for k in texts.KEYWORDS} <= set(block["keywords"])
    parts = block["hasPart"]
    assert [p["@id"] for p in parts] == [i.iri for i in small.facts.indicators]
    assert all(
        {d["encodingFormat"] for d in p["distribution"]}
        == {
            "text/csv",
            "application/ld+json",
        }
        for p in parts
    )


def test_gzip_dumps_are_called_gzip(small: SmallBuild) -> None:
    block = schema_org_dataset(small.facts, PublicUrls.at(None))
    for download in block["distribution"]:
        assert download["contentUrl"].endswith(".gz")
        assert download["encodingFormat"] == "application/gzip"
        assert download["description"].startswith("gzip: ")

"""The negotiation table's rules, without a server."""

from __future__ import annotations

import pytest

from service.http import formats
from service.http.conneg import by_extension, negotiate
from service.run import settings_environment
from service.settings import Settings


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/turtle"),
        ("", "text/turtle"),
        ("*/*", "text/turtle"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("application/ld+json;q=0.9, text/turtle;q=0.8", "application/ld+json"),
        ("application/json", "application/ld+json"),
        ("application/*", "application/ld+json"),
        ("text/turtle;q=0, */*;q=0.5", "text/html"),
        ("TEXT/TURTLE", "text/turtle"),
        ("application/rdf+xml; charset=utf-8", "application/rdf+xml"),
        ("text/plain", "application/n-triples"),
        ("image/png", None),
        ("text/turtle;q=0", None),
        ("garbage", None),
    ],
)
def test_resource_negotiation(accept: str | None, expected: str | None) -> None:
    offer = negotiate(accept, formats.RESOURCE)
    assert (offer.media_type if offer else None) == expected


def test_more_specific_range_wins() -> None:
    offer = negotiate("text/*;q=0.9, text/csv;q=0.1", formats.RESULTS)
    assert offer is not None and offer.media_type == "text/tab-separated-values"


def test_extensions() -> None:
    assert by_extension("ttl", formats.RESOURCE) == formats.GRAPHS[0]
    assert by_extension("exe", formats.RESOURCE) is None


def test_settings_travel_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(port=9999, workers=3, store_mode="disk", cors_origins=["https://a"])
    for name, value in settings_environment(settings).items():
        monkeypatch.setenv(name, value)
    assert Settings() == settings

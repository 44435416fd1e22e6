"""A retired programme IRI (owl:sameAs the kept one) redirects to the IRI kept, over HTTP."""

from __future__ import annotations

import httpx
import pytest

RETIRED = "/id/programa/ventanillas-de-atencion-integral-para-la-mujer"
KEPT = "/id/programa/ventanilla-de-atencion-integral-para-la-mujer"


@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/ld+json"])
def test_retired_iri_redirects(client: httpx.Client, accept: str) -> None:
    reply = client.get(RETIRED, headers={"Accept": accept}, follow_redirects=False)
    assert reply.status_code == 301
    assert reply.headers["location"].endswith(KEPT)
    assert reply.headers["vary"] == "Accept, Origin"


def test_retired_iri_keeps_the_extension(client: httpx.Client) -> None:
    reply = client.get(RETIRED + ".ttl", follow_redirects=False)
    assert reply.status_code == 301
    assert reply.headers["location"].endswith(KEPT + ".ttl")


def test_a_programme_never_retired_is_not_redirected(client: httpx.Client) -> None:
    reply = client.get("/id/programa/programa-paisano-no-such", follow_redirects=False)
    assert reply.status_code == 404

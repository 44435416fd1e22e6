"""A published crosswalk link explains itself on its page, and a retired IRI arrives."""

from __future__ import annotations

import httpx


def test_correspondence_page_shows_score_and_evidence(corpus_url: str) -> None:
    # pem-2018:3529 line 4.5.1 (portability of social security) and GCM objective 22
    reply = httpx.get(f"{corpus_url}/id/correspondencia/4.5.1--22", headers={"Accept": "text/html"})
    assert reply.status_code == 200
    page = reply.text
    assert "Por qué se vincula" in page
    assert "Puntuación" in page and "Propósito semejante" in page
    assert "Por qué se publica o queda como candidata" in page
    assert "el enunciado de la línea reformula el del objetivo" in page


def test_a_candidate_shows_the_reports_filing_vote(corpus_url: str) -> None:
    # pem-2018:485 line 1.3.2 (campaigns against xenophobia) and GCM objective 17: a strong
    # vote, shown as evidence; the vote does not publish on its own
    reply = httpx.get(f"{corpus_url}/id/correspondencia/1.3.2--17", headers={"Accept": "text/html"})
    assert reply.status_code == 200
    page = reply.text
    assert "Voto de la clasificación de los informes" in page
    assert "0.914, es evidencia y ordena los predecesores, pero no publica por sí solo" in page


def test_retired_programme_redirects_to_a_page(corpus_url: str) -> None:
    reply = httpx.get(
        f"{corpus_url}/id/programa/municipios-fronterizos-de-derechos-humanos",
        headers={"Accept": "text/html"},
        follow_redirects=True,
    )
    assert reply.status_code == 200
    assert str(reply.url).endswith("/id/programa/proyecto-piloto-municipios-fronterizos")

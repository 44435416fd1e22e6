"""A few themes a policy analyst asks an agency about, as searches over its actions.

Each theme is a query of the one search (`service.search`: stems, `prefix*`, `OR`,
acronyms as whole words) that an agency's page and timeline link to, so «what the INM did
for children and adolescents» is a click: `/explorar/acciones?agency=inm&q=...`. The words
are ours, chosen from the wording of the documents (NNA, niñas, niños y adolescentes).
"""

from __future__ import annotations

from urllib.parse import urlencode

TOPICS: tuple[tuple[str, str], ...] = (
    ("Niñas, niños y adolescentes", "niñ* OR adolescent* OR NNA OR menores OR infancia OR niñez"),
    ("Mujeres y género", "mujer* OR género"),
    ("Refugio y asilo", "refugi* OR asilo OR COMAR"),
    ("Personas mexicanas en retorno", "retorn*"),
    ("Trata de personas", "trata"),
)


def links(agency: str) -> list[tuple[str, str]]:
    """(theme, URL of the agency's actions on that theme) for every theme."""
    return [
        (name, "/explorar/acciones?" + urlencode({"agency": agency, "q": q})) for name, q in TOPICS
    ]

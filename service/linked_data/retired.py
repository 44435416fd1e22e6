"""Retired programme IRIs answer with a redirect to the IRI kept for the programme.

When two IRIs named one programme, the build kept one and states `<retired> owl:sameAs
<kept>` in the reference graph (`loaders/reference/program-sameas.csv`). Clients that hold
the retired IRI must still arrive: dereferencing it answers 301 (moved permanently) with
`Location` the kept IRI's page or document, in the format the request asked for (the
extension is kept). The table is the one the build read, so no query is needed.
"""

from __future__ import annotations

from loaders.reference.retired import retired_programs

__all__ = ["kept_path"]

_PROGRAMME = "programa/"


def kept_path(stem: str) -> str | None:
    """The path (under the instance base) of the IRI kept for a retired `stem`, or None."""
    if not stem.startswith(_PROGRAMME):
        return None
    kept = retired_programs().get(stem[len(_PROGRAMME) :])
    return None if kept is None else _PROGRAMME + kept

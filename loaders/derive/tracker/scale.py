"""The tracker's documents in time order, its status scale and its change types.

One table each, so that the derivation, the ontology (`ontology/tracker.ttl` defines every
term named here, with its definition) and the service agree on the codes the API filters on.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHANGES", "DOCUMENTS", "GCM_REPORTS", "STATUSES", "Doc", "year_of"]


@dataclass(frozen=True)
class Doc:
    key: str
    year: str


# Time order: the PEM's programme for 2015, its programme for 2018, then the GCM reports.
DOCUMENTS: tuple[Doc, ...] = (
    Doc("pem-2015", "2015"),
    Doc("pem-2018", "2018"),
    Doc("pmm-2018", "2018"),
    Doc("pmm-2022", "2022"),
    Doc("pmm-2024", "2024"),
)
GCM_REPORTS = ("pmm-2018", "pmm-2022", "pmm-2024")

# code -> local name of the mig: concept
STATUSES: dict[str, str] = {
    "planned": "TrackPlanned",
    "not-in-document": "TrackNotInDocument",
    "not-planned": "TrackNotPlanned",
    "contradictory": "TrackContradictory",
    "strong": "TrackStrongEvidence",
    "weak": "TrackWeakEvidence",
    "none": "TrackNoEvidence",
    "present": "TrackPresent",
    "absent": "TrackAbsent",
    "renamed": "TrackRenamed",
    "merged": "TrackMerged",
    "operator-changed": "TrackOperatorChanged",
}
CHANGES: dict[str, str] = {
    "new": "ChangeNew",
    "continued": "ChangeContinued",
    "renamed": "ChangeRenamed",
    "transferred": "ChangeTransferred",
    "dropped": "ChangeDropped",
}


def year_of(key: str) -> str:
    return next(d.year for d in DOCUMENTS if d.key == key)

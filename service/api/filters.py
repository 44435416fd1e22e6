"""What a collection request may ask: the filters every collection accepts and paging.

Shared by the API's collections (`/api/<kind>`) and the pages' lists (`/explorar/...`):
one declaration, one set of OpenAPI parameters, one meaning (see `service.api.index`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Query

from service.api.index import MemberIndex
from service.api.kinds import MIG

SLUG = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"


@dataclass
class Filters:
    """The typed filters every collection accepts (see `service.api.index` for meaning)."""

    year: Annotated[
        int | None, Query(ge=1900, le=2100, description="Year (mig:year), e.g. 2018")
    ] = None
    agency: Annotated[
        str | None,
        Query(pattern=SLUG, max_length=120, description="Agency id, e.g. `inm`"),
    ] = None
    pem: Annotated[
        str | None,
        Query(
            pattern=r"^[1-9][0-9]?(?:\.[1-9][0-9]?){0,2}$",
            description="PEM objective, strategy or line code: `1`, `1.2`, `1.2.3`",
        ),
    ] = None
    gcm: Annotated[int | None, Query(ge=1, le=23, description="GCM objective number")] = None
    document: Annotated[
        str | None,
        Query(pattern=SLUG, max_length=60, description="Source document key, e.g. `pmm-2022`"),
    ] = None
    agency_kind: Annotated[
        str | None,
        Query(pattern=SLUG, max_length=120, description="Agency kind id (id/tipo-institucion)"),
    ] = None
    program: Annotated[
        str | None, Query(pattern=SLUG, max_length=200, description="Program id")
    ] = None
    dataset: Annotated[
        str | None, Query(pattern=SLUG, max_length=200, description="Indicator dataset id")
    ] = None
    status: Annotated[Literal["planned", "reported"] | None, Query(description="Action status")] = (
        None
    )
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description=(
                "Full text (Spanish stems, accents and case ignored, acronyms as whole words, "
                '"phrases", -exclusions, prefix*): ranked by relevance, best first'
            ),
        ),
    ] = None

    def facets(self, idx: MemberIndex) -> dict[str, str | None]:
        ids = idx.ids
        return {
            "year": str(self.year) if self.year is not None else None,
            "agency": str(ids.agency(self.agency)) if self.agency else None,
            "pem": str(ids.pem_concept(self.pem)) if self.pem else None,
            "gcm": str(ids.gcm_objective(self.gcm)) if self.gcm else None,
            "document": str(ids.document(self.document)) if self.document else None,
            "agency_kind": str(ids.agency_kind(self.agency_kind)) if self.agency_kind else None,
            "program": str(ids.program(self.program)) if self.program else None,
            "dataset": str(ids.dataset(self.dataset)) if self.dataset else None,
            "status": MIG + self.status.capitalize() if self.status else None,
        }


@dataclass
class SearchFilters(Filters):
    """The filters of the search page: what a person types is always a search, even nothing
    (an empty page) or a long paste (cut to its first 200 characters)."""

    q: Annotated[str | None, Query(max_length=2000, description="Full text")] = None

    def __post_init__(self) -> None:
        self.q = self.q[:200] if self.q else None


@dataclass
class Paging:
    page: Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1")] = 1
    per_page: Annotated[int, Query(ge=1, le=500, description="Members per page")] = 50

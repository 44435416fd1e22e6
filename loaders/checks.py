"""A checked claim: what a document says about its own figures or parts, and the verdict.

Loaders and the curated claims table both produce `Check`s; `loaders.derive.discrepancies`
turns them into `mig:Discrepancy` / `mig:Claim` resources in the document's graph. The
kinds are the notations of the SKOS scheme id/tipo-discrepancia (ontology/claims.ttl).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal, get_args

Kind = Literal[
    "suma",
    "tasa",
    "orden",
    "conteo",
    "referencia-cruzada",
    "nombre",
    "parte-anunciada",
    "numeracion",
    "fecha",
    "cifra-repetida",
]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True, order=True)
class Stated:
    """One place that takes part in a claim: its 1-based line and the value given there."""

    line: int
    value: str = ""
    document: str = ""  # another document's key when the claim crosses documents


@dataclass(frozen=True, order=True)
class Check:
    """A claim and its verdict. `objective` / `agency_kind` narrow which resources on the
    cited lines the claim is about (a line of the 2024 report states several objectives)."""

    document: str  # document key
    kind: Kind
    confirmed: bool
    statements: tuple[Stated, ...]
    computed: str
    es: str
    en: str
    quote: str = ""
    objective: int | None = None
    agency_kind: str | None = None

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(sorted({s.line for s in self.statements}))

    @property
    def key(self) -> str:
        """A stable local id: derived from the content, never from the order of discovery."""
        content = "|".join(
            [self.document, self.kind, *(f"{s.line}={s.value}" for s in sorted(self.statements)),
             self.computed, str(self.objective), str(self.agency_kind)]
        )  # fmt: skip
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]

"""The API's collections: one `Kind` per class, its URL segment and its IRI pattern.

A member's item id is its IRI minus `base + prefix` (so `/api/actions/pem-2015/12` is
`<base>accion/pem-2015/12`), which keeps URLs readable and stable across base IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.vocab import PREFIXES

MIG = PREFIXES["mig"]
QB = PREFIXES["qb"]


@dataclass(frozen=True)
class Kind:
    """A collection: `/api/<path>` lists members of `cls`, `/api/<path>/<id>` is one."""

    name: str
    path: str
    cls: str
    prefix: str
    title_es: str
    title_en: str


KINDS: tuple[Kind, ...] = (
    Kind("pem-objectives", "pem/objectives", MIG + "PEMObjective", "pem/objetivo/",
         "Objetivos del PEM", "PEM objectives"),
    Kind("pem-strategies", "pem/strategies", MIG + "PEMStrategy", "pem/estrategia/",
         "Estrategias del PEM", "PEM strategies"),
    Kind("pem-lines", "pem/lines", MIG + "PEMLineOfAction", "pem/linea/",
         "Líneas de acción del PEM", "PEM lines of action"),
    Kind("gcm-objectives", "gcm/objectives", MIG + "GCMObjective", "gcm/objetivo/",
         "Objetivos del Pacto Mundial (PMM)", "GCM objectives"),
    Kind("agencies", "agencies", MIG + "Agency", "institucion/",
         "Instituciones", "Agencies"),
    Kind("programs", "programs", MIG + "Program", "programa/",
         "Programas", "Programmes"),
    Kind("actions", "actions", MIG + "Action", "accion/",
         "Acciones", "Actions"),
    Kind("documents", "documents", MIG + "SourceDocument", "documento/",
         "Documentos fuente", "Source documents"),
    Kind("datasets", "datasets", QB + "DataSet", "indicador/",
         "Conjuntos de indicadores", "Indicator datasets"),
    Kind("observations", "observations", QB + "Observation", "indicador/",
         "Observaciones de indicadores", "Indicator observations"),
    Kind("discrepancies", "discrepancies", MIG + "Discrepancy", "discrepancia/",
         "Discrepancias de un documento consigo mismo", "Discrepancies within a document"),
    Kind("claims", "claims", MIG + "Claim", "afirmacion/",
         "Afirmaciones confirmadas por el propio documento", "Claims the document confirms"),
)  # fmt: skip

BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
BY_CLASS: dict[str, Kind] = {k.cls: k for k in KINDS}

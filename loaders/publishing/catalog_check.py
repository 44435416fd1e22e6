"""The build refuses a catalog that breaks DCAT-AP: `shapes/catalog/dcat-ap.ttl` (our own
shapes, checking what SEMIC's DCAT-AP 3.0.1 release checks on the classes we use).

Violations stop the build with the pySHACL report; warnings (missing recommended
properties) do not, and the publishing tests assert there are none.
"""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate
from rdflib import Graph

from loaders.errors import ValidationFailed

CATALOG_SHAPES = Path("catalog") / "dcat-ap.ttl"


def check_catalog(catalog: Graph, shapes_dir: Path) -> None:
    """Raise `ValidationFailed` when `catalog` violates the catalog shapes."""
    shapes = Graph().parse(shapes_dir / CATALOG_SHAPES)  # a fresh copy: pySHACL mutates it
    conforms, _report, text = validate(
        catalog, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if not conforms:
        raise ValidationFailed(str(text))

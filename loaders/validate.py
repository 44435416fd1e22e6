"""SHACL validation of the built dataset against every file in `shapes/`."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate
from rdflib import Graph

from loaders.errors import ValidationFailed


def load_shapes(shapes_dir: Path) -> Graph:
    shapes = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def check(data: Graph, shapes_dir: Path) -> None:
    """Raise ValidationFailed with pySHACL's text report when `data` does not conform.

    The shapes graph is parsed afresh for each call: pySHACL mutates the one it is given.
    """
    conforms, _graph, text = validate(
        data,
        shacl_graph=load_shapes(shapes_dir),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if not conforms:
        raise ValidationFailed(text)

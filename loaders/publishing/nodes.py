"""IRIs of the catalog's own nodes, under the instance base (stable across builds)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.term import URIRef

from loaders.vocab import DEFAULT_BASE


@dataclass(frozen=True)
class CatalogNodes:
    """`id/catalogo`, `id/dataset/migrakg`, `id/distribucion/<key>`, `id/servicio/<key>`..."""

    instance_base: str = DEFAULT_BASE

    def base(self, path: str) -> URIRef:
        return URIRef(self.instance_base + path)

    @property
    def catalog(self) -> URIRef:
        return self.base("catalogo")

    @property
    def dataset(self) -> URIRef:
        return self.base("dataset/migrakg")

    @property
    def publisher(self) -> URIRef:
        return self.base("agente/proyecto-migrakg")

    def distribution(self, key: str) -> URIRef:
        return self.base(f"distribucion/{key}")

    def service(self, key: str) -> URIRef:
        return self.base(f"servicio/{key}")

    def source_dataset(self, key: str) -> URIRef:
        return self.base(f"dataset/fuente/{key}")

    def source_distribution(self, key: str) -> URIRef:
        return self.base(f"distribucion/fuente/{key}")

    def build(self, build_id: str) -> URIRef:
        return self.base(f"construccion/{build_id}")

    @property
    def series(self) -> URIRef:
        """The dcat:DatasetSeries of the knowledge graph's releases."""
        return self.base("serie/migrakg")

    def release(self, version: str) -> URIRef:
        """One release of the knowledge graph, a dcat:Dataset in the series."""
        return self.base(f"dataset/migrakg/version/{version}")

    def period(self, key: str) -> URIRef:
        return self.base(f"periodo/{key}")

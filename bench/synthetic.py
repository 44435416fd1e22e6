"""A synthetic build shaped like ours, for benchmarking before (or beside) the real one.

Actions per document graph with Spanish descriptions, a year, agencies and lines of action,
written in the service's layout (`current -> stores/<id>/` with `store/`, `graph.nq`,
`report.json`). Deterministic: the same `actions` gives the same quads.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

BASE = "https://w3id.org/migracion-mx/id/"
MIG = "https://w3id.org/migracion-mx/def#"
WORDS = [
    "programa",
    "atención",
    "migrantes",
    "frontera",
    "derechos",
    "protección",
    "retorno",
    "integración",
    "niñas",
    "niños",
    "adolescentes",
    "refugio",
    "asilo",
    "trabajo",
    "salud",
    "educación",
    "documentación",
    "registro",
    "consular",
    "repatriación",
    "capacitación",
    "coordinación",
    "estatal",
    "federal",
]
DOCS = ("pem-2015", "pem-2018", "pmm-2018", "pmm-2022", "pmm-2024")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def quads(actions: int) -> list[ox.Quad]:
    out = []
    rdf_type = _n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = _n("http://www.w3.org/2004/02/skos/core#prefLabel")
    gyear = _n("http://www.w3.org/2001/XMLSchema#gYear")
    for a in range(40):
        agency = _n(f"{BASE}institucion/agencia-{a}")
        g = _n(BASE + "grafo/referencia")
        out.append(ox.Quad(agency, rdf_type, _n(MIG + "Agency"), g))
        out.append(ox.Quad(agency, label, ox.Literal(f"Agencia {a}", language="es"), g))
    for i in range(actions):
        key = DOCS[i % len(DOCS)]
        g = _n(BASE + "grafo/" + key)
        act = _n(f"{BASE}accion/{key}/{i}")
        words = " ".join(WORDS[(i * k + 3) % len(WORDS)] for k in range(1, 30))
        out += [
            ox.Quad(act, rdf_type, _n(MIG + "Action"), g),
            ox.Quad(act, _n(MIG + "description"), ox.Literal(words, language="es"), g),
            ox.Quad(act, _n(MIG + "year"), ox.Literal(key[-4:], datatype=gyear), g),
            ox.Quad(
                act, _n(MIG + "responsibleAgency"), _n(f"{BASE}institucion/agencia-{i % 40}"), g
            ),
            ox.Quad(act, _n(MIG + "contributesTo"), _n(f"{BASE}gcm/objetivo/{i % 23 + 1}"), g),
            ox.Quad(
                act,
                _n("http://www.w3.org/ns/prov#wasDerivedFrom"),
                _n(BASE + "documento/" + key),
                g,
            ),
            ox.Quad(act, _n(MIG + "sourceLineStart"), ox.Literal(i + 1), g),
            ox.Quad(act, _n(MIG + "sourceLineEnd"), ox.Literal(i + 2), g),
        ]
    return out


def write(root: Path, actions: int) -> Path:
    """Writes a synthetic build under `root` (a build_dir) and returns `root`."""
    build = root / "stores" / f"synthetic-{actions}"
    if (root / "current").exists():
        return root
    build.mkdir(parents=True)
    data = quads(actions)
    store = ox.Store(str(build / "store"))
    store.bulk_extend(data)
    store.flush()
    del store
    ox.serialize(sorted(data, key=str), str(build / "graph.nq"), ox.RdfFormat.N_QUADS)
    (build / "report.json").write_text('{"version": "synthetic"}', "utf-8")
    (root / "current").symlink_to(build.relative_to(root), target_is_directory=True)
    return root

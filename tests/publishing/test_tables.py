"""Each indicator dataset as a tidy CSV and as JSON-LD, written by the build."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from loaders.publishing.tables import jsonld, table
from tests.publishing.small import OBSERVATIONS, SmallBuild


def test_csv_is_tidy_with_a_header_row(small: SmallBuild) -> None:
    indicator = small.facts.indicators[0]
    csv_file = next(f for f in indicator.files if f.file.endswith(".csv"))
    data = (small.work / "dumps" / "indicadores" / csv_file.file).read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "observacion"
    assert len(header) == len(set(header))  # one column per variable
    assert len(body) == OBSERVATIONS == indicator.observations  # one row per observation
    assert all(len(row) == len(header) for row in body)
    assert len({row[0] for row in body}) == len(body)


def test_files_are_byte_identical_for_the_same_store(small: SmallBuild) -> None:
    store = ox.Store.read_only(str(small.work / "store"))
    iri = small.facts.indicators[0].iri
    folder = small.work / "dumps" / "indicadores"
    for f in small.facts.indicators[0].files:
        render = table if f.file.endswith(".csv") else jsonld
        assert render(store, iri) == (folder / f.file).read_bytes()


def test_jsonld_holds_every_observation(small: SmallBuild) -> None:
    indicator = small.facts.indicators[0]
    jsonld_file = next(f for f in indicator.files if f.file.endswith(".jsonld"))
    data = (small.work / "dumps" / "indicadores" / jsonld_file.file).read_bytes()
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.JSON_LD)
    query = (
        "PREFIX qb: <http://purl.org/linked-data/cube#> "
        "SELECT (COUNT(?o) AS ?n) WHERE { ?o qb:dataSet ?d }"
    )
    n = next(iter(store.query(query)))["n"]  # type: ignore[index]
    assert int(n.value) == OBSERVATIONS

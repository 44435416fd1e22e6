"""Filtered pages intersect the build's sorted member lists by binary search
(`service.api.snapshot._intersect_sorted`): the same numbers, in the same order, as a set
intersection of the whole lists, for every pair of facet values of the corpus's actions and
for generated lists."""

from __future__ import annotations

from array import array
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.api.snapshot import FILE_NAME, Snapshot, _intersect_sorted, open_snapshot

pytestmark = pytest.mark.slow


def _reference(lists: list[list[int]]) -> list[int]:
    return sorted(set(lists[0]).intersection(*lists[1:]))


def _mapped(numbers: list[int]) -> memoryview:
    return memoryview(array("I", numbers).tobytes()).cast("I")


@pytest.fixture(scope="module")
def snapshot(corpus_build) -> Snapshot:
    found = open_snapshot(Path(corpus_build.path) / FILE_NAME)
    assert found is not None and found.ordered
    return found


def test_every_pair_of_action_facets(snapshot: Snapshot) -> None:
    values = [(f, v) for f, by in snapshot.facets["actions"].items() for v in by]
    pairs = 0
    for (f1, v1), (f2, v2) in combinations(values, 2):
        if f1 == f2:
            continue
        got = list(snapshot.filter("actions", {f1: v1, f2: v2}))
        one, two = (
            snapshot.facet_members("actions", f1, v1),
            snapshot.facet_members("actions", f2, v2),
        )
        assert got == _reference([list(one), list(two)]), (f1, v1, f2, v2)
        pairs += 1
    assert pairs > 1000
    # objective 7 in 2022 (the growth bench's filtered page): the compendium's actions
    gcm7 = {"gcm": "https://w3id.org/migracion-mx/id/gcm/objetivo/7", "year": "2022"}
    assert len(snapshot.filter("actions", gcm7)) > 0


@given(st.lists(st.lists(st.integers(0, 5000), max_size=300), min_size=2, max_size=4))
def test_generated_lists(raw: list[list[int]]) -> None:
    lists = sorted((sorted(set(r)) for r in raw), key=len)
    got = _intersect_sorted([_mapped(r) for r in lists])
    assert list(got) == _reference(lists)

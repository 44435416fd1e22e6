"""Timelines as plain functions over a pyoxigraph store, through the named queries.

`program_timeline` runs `queries/program_timeline.rq`, `agency_timeline` runs
`queries/agency_timeline.rq` (renames followed in both directions inside the query) and, with
`parts=True`, the same query for every sub-organisation (`org:subOrganizationOf`, any
depth), merged per document. Both return plain dicts grouped by source document in year
order, so the API, the CLI and the tests share one reading of the graph. Parameters are
bound with `substitutions`, never pasted into query text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from loaders.vocab import Ids
from service.api.named_queries import NamedQuery, load_queries
from service.engine.process import _term

__all__ = ["agency_timeline", "program_timeline", "run_named", "sub_organizations"]

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
_PARTS = """
PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?agency ?part WHERE { ?part org:subOrganizationOf+ ?agency } ORDER BY ?part
"""


@cache
def _queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    return load_queries(directory)


def run_named(
    store: ox.Store, name: str, params: dict[str, str], ids: Ids | None = None
) -> list[dict[str, str]]:
    """The rows of the named query `name` with raw parameter values (as the API takes
    them: `agency=inm`), each row a dict of variable name -> lexical value."""
    query = _queries()[name]
    bindings = query.bindings(params, ids or Ids())
    subs = {ox.Variable(k): _term(v) for k, v in bindings.items()}
    solutions = store.query(query.text, substitutions=subs)
    names = [v.value for v in solutions.variables]
    return [
        {n: row[n].value for n in names if row[n] is not None}
        for row in solutions  # type: ignore[union-attr]
    ]


def _split(value: str | None) -> list[str]:
    return sorted(set((value or "").split()), key=_natural)


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key putting 1.5.2 before 1.5.10 (and obj2 before obj10)."""
    parts = re.split(r"(\d+)", text)
    return tuple((1, int(p), "") if p.isdigit() else (0, 0, p) for p in parts)


def program_timeline(store: ox.Store, program: str, ids: Ids | None = None) -> dict[str, Any]:
    """Every action about the programme `program` (its id, e.g. `programa-paisano`) per
    document: year, actions with their lines, agencies and targets, and the names each
    document gives it."""
    rows = run_named(store, "program_timeline", {"program": program}, ids)
    by_doc: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = by_doc.setdefault(
            row["document"],
            {"document": row["document"], "year": row["year"], "names": set(), "actions": []},
        )
        entry["names"].update(n for n in row.get("names", "").split(" | ") if n)
        entry["actions"].append(
            {
                "id": row["action"],
                "title": row.get("title"),
                "lines": [int(row["lineStart"]), int(row["lineEnd"])]
                if "lineStart" in row
                else None,
                "agencies": _split(row.get("agencies")),
                "collaborators": _split(row.get("collaborators")),
                "pemLines": _split(row.get("pemLineCodes")),
                "gcmObjectives": _split(row.get("gcmObjectiveNumbers")),
            }
        )
    entries = sorted(by_doc.values(), key=lambda e: (e["year"], e["document"]))
    for entry in entries:
        entry["names"] = sorted(entry["names"])
    return {
        "program": str((ids or Ids()).program(program)),
        "documents": [e["document"] for e in entries],
        "entries": entries,
    }


def sub_organizations(store: ox.Store, agency_iri: str) -> list[str]:
    """Every body below `agency_iri` (org:subOrganizationOf, any depth)."""
    subs = {ox.Variable("agency"): ox.NamedNode(agency_iri)}
    return [
        row["part"].value  # type: ignore[index]
        for row in store.query(_PARTS, substitutions=subs)
    ]


def agency_timeline(
    store: ox.Store, agency: str, *, parts: bool = False, ids: Ids | None = None
) -> dict[str, Any]:
    """What the agency `agency` (its id, e.g. `upm`) did per document under every name it
    had (renames both ways); with `parts`, also what its sub-organisations did."""
    ids = ids or Ids()
    iri = str(ids.agency(agency))
    members = [iri] + (sub_organizations(store, iri) if parts else [])
    by_doc: dict[tuple[str, str], dict[str, Any]] = {}
    collected: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for member in members:
        rows = run_named(store, "agency_timeline", {"agency": member.rsplit("/", 1)[-1]}, ids)
        for row in rows:
            key = (row["year"], row["document"])
            by_doc.setdefault(key, {"document": row["document"], "year": row["year"]})
            bag = collected[key]
            bag["names"].update(n for n in row.get("names", "").split(" | ") if n)
            bag["roles"].update(row.get("roles", "").split())
            bag["actions"].update(row.get("actionIds", "").split())
            bag["pemLines"].update(row.get("pemLineCodes", "").split())
            bag["gcmObjectives"].update(row.get("gcmObjectiveNumbers", "").split())
            bag["bodies"].add(member)
    entries = []
    for key in sorted(by_doc):
        entry, bag = by_doc[key], collected[key]
        entry.update(
            {
                "names": sorted(bag["names"]),
                "roles": sorted(bag["roles"]),
                "bodies": sorted(bag["bodies"]),
                "actions": sorted(bag["actions"], key=_natural),
                "pemLines": sorted(bag["pemLines"], key=_natural),
                "gcmObjectives": sorted(bag["gcmObjectives"], key=_natural),
            }
        )
        entries.append(entry)
    return {
        "agency": iri,
        "parts": members[1:],
        "documents": list(dict.fromkeys(e["document"] for e in entries)),
        "entries": entries,
    }

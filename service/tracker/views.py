"""Filtering, grouping and writing the tracker: one meaning for the page, the API and CSV.

Filters (every one optional, combined with AND; an empty value is no filter, as a plain GET
form sends it): `rows` (`lineas`, `programas`, `instituciones`), `pem` (a PEM objective or
line code), `gcm` (1-23), `agency`, `program` (ids), `status` (a code of the scale),
`document` (a document key) and `follow_up` (`none`: only lines with no evidence of
follow-up in any GCM report; `some`: the others). A status matches when its row's facets
hold the value: a line's PEM objective, the agencies responsible for its planned actions
or its evidence, the programmes they are about, the GCM objectives its evidence is filed
under.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from loaders.derive.tracker.scale import CHANGES, STATUSES
from loaders.vocab import Ids
from service.errors import InvalidParameter
from service.tracker.data import DOC_KEYS, Change, Status, TrackerData

__all__ = ["ROWS", "TrackerFilters", "change_rows", "parse_filters", "status_rows", "to_csv"]

ROWS = {"lineas": "linea", "programas": "programa", "instituciones": "institucion"}
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_PEM = re.compile(r"^[1-9](?:\.[1-9][0-9]?\.[1-9][0-9]?)?$")
_NAMES = ("rows", "pem", "gcm", "agency", "program", "status", "document", "follow_up")


@dataclass(frozen=True)
class TrackerFilters:
    rows: str | None = None
    pem: str | None = None
    gcm: int | None = None
    agency: str | None = None
    program: str | None = None
    status: str | None = None
    document: str | None = None
    follow_up: str | None = None

    def params(self) -> dict[str, str]:
        """The filters as query parameters (only those set)."""
        return {k: str(v) for k, v in vars(self).items() if v is not None}


def _bad(name: str, message: str) -> InvalidParameter:
    return InvalidParameter(message, name)


def parse_filters(query: Mapping[str, str], *, changes: bool = False) -> TrackerFilters:
    """The filters of a query string; empty values are ignored, bad ones raise
    `InvalidParameter` naming the parameter (Spanish message)."""
    given = {k: v.strip() for k, v in query.items() if k in _NAMES and v.strip()}
    rows = given.get("rows")
    if rows is not None and rows not in ROWS:
        raise _bad("rows", "rows debe ser lineas, programas o instituciones")
    pem = given.get("pem")
    if pem is not None and not _PEM.match(pem):
        raise _bad("pem", "pem debe ser un objetivo (1) o una línea de acción (1.2.3) del PEM")
    gcm: int | None = None
    if "gcm" in given:
        if not given["gcm"].isdigit() or not 1 <= int(given["gcm"]) <= 23:
            raise _bad("gcm", "gcm debe ser un número de objetivo del Pacto Mundial, de 1 a 23")
        gcm = int(given["gcm"])
    for name in ("agency", "program"):
        if name in given and (len(given[name]) > 200 or not _SLUG.match(given[name])):
            raise _bad(name, f"{name} debe ser un identificador, p. ej. inm o programa-paisano")
    status = given.get("status")
    codes = CHANGES if changes else STATUSES
    if status is not None and status not in codes:
        raise _bad("status", "status debe ser uno de: " + ", ".join(codes))
    document = given.get("document")
    if document is not None and document not in DOC_KEYS:
        raise _bad("document", "document debe ser uno de: " + ", ".join(DOC_KEYS))
    follow_up = given.get("follow_up")
    if follow_up is not None and follow_up not in ("none", "some"):
        raise _bad("follow_up", "follow_up debe ser none o some")
    return TrackerFilters(
        rows, pem, gcm, given.get("agency"), given.get("program"), status, document, follow_up
    )


def _facet_values(f: TrackerFilters, ids: Ids) -> dict[str, str]:
    out: dict[str, str] = {}
    if f.pem:
        out["pem"] = str(ids.pem_concept(f.pem))
    if f.gcm:
        out["gcm"] = str(ids.gcm_objective(f.gcm))
    if f.agency:
        out["agency"] = str(ids.agency(f.agency))
    if f.program:
        out["program"] = str(ids.program(f.program))
    return out


def status_rows(data: TrackerData, f: TrackerFilters, ids: Ids) -> list[Status]:
    """The statuses that pass the filters, in subject then time order."""
    wanted = _facet_values(f, ids)
    out = []
    for s in data.statuses:
        if not _passes(f, wanted, s.kind, s.code, s.doc, s.facets):
            continue
        if f.follow_up and (
            s.kind != "linea" or data.without_follow_up(s.subject) != (f.follow_up == "none")
        ):
            continue
        out.append(s)
    return out


def matrix(data: TrackerData, f: TrackerFilters, ids: Ids) -> list[tuple[str, dict[str, Status]]]:
    """Rows of the matrix: every subject with a status passing the filters, with all five
    documents' statuses (a filter picks rows; the row shows the whole history)."""
    kind = ROWS.get(f.rows or "lineas", "linea")
    keep = [s.subject for s in status_rows(data, TrackerFilters(**{**vars(f), "rows": None}), ids)
            if s.kind == kind]  # fmt: skip
    seen = dict.fromkeys(keep)
    return [(subject, data.by_subject[subject]) for subject in seen]


def change_rows(data: TrackerData, f: TrackerFilters, ids: Ids) -> list[Change]:
    """Change records passing the filters; `document` matches the later document."""
    wanted = _facet_values(f, ids)
    return [c for c in data.changes if _passes(f, wanted, c.kind, c.code, c.after, c.facets)]


def _passes(
    f: TrackerFilters,
    wanted: dict[str, str],
    kind: str,
    code: str,
    document: str,
    facets: dict[str, set[str]],
) -> bool:
    """The filters statuses and change records share: rows, status code, document, facets."""
    rows = ROWS.get(f.rows or "")
    return (
        (not rows or kind == rows)
        and (not f.status or code == f.status)
        and (not f.document or document == f.document)
        and all(v in facets.get(k, ()) for k, v in wanted.items())
    )


def counts(statuses: list[Status]) -> dict[str, Counter[str]]:
    """Per document, how many statuses of each code."""
    out: dict[str, Counter[str]] = {d: Counter() for d in DOC_KEYS}
    for s in statuses:
        out[s.doc][s.code] += 1
    return out


def _lines(data: TrackerData, iris: list[str], files: Mapping[str, str]) -> str:
    cited = []
    for iri in iris:
        ev = data.evidence.get(iri)
        if ev is not None and ev.start is not None:
            cited.append(f"{files.get(ev.doc, ev.doc)}:{ev.start}-{ev.end}")
    return " ".join(cited)


def to_csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


STATUS_HEADER = ["status", "subject_kind", "subject", "document", "value", "evidence_count",
                 "evidence", "source_lines"]  # fmt: skip
CHANGE_HEADER = ["change", "subject_kind", "subject", "from_document", "to_document", "type",
                 "name_before", "name_after", "agencies_before", "agencies_after", "evidence",
                 "source_lines"]  # fmt: skip


def status_table(data: TrackerData, rows: list[Status], files: Mapping[str, str]) -> bytes:
    return to_csv(STATUS_HEADER, [
        [s.iri, s.kind, s.subject, s.doc, s.code, len(s.evidence), " ".join(s.evidence),
         _lines(data, s.evidence, files)]
        for s in rows
    ])  # fmt: skip


def change_table(data: TrackerData, rows: list[Change], files: Mapping[str, str]) -> bytes:
    return to_csv(CHANGE_HEADER, [
        [c.iri, c.kind, c.subject, c.before, c.after, c.code, c.name_before or "",
         c.name_after or "", " ".join(c.agencies_before), " ".join(c.agencies_after),
         " ".join(c.evidence), _lines(data, c.evidence, files)]
        for c in rows
    ])  # fmt: skip


def status_node(
    data: TrackerData, s: Status, files: Mapping[str, str], base: str
) -> dict[str, Any]:
    """A status as a JSON-LD node (compacted against `context`); `statusCode`, `document`,
    `subjectKind` and `sourceLines` are plain JSON conveniences the context drops."""
    return {
        "id": s.iri, "type": "TrackerStatus", "trackedSubject": s.subject,
        "inDocument": f"{base}documento/{s.doc}", "trackerStatus": STATUSES[s.code],
        "evidenceCount": len(s.evidence), "statusEvidence": s.evidence,
        "viaCorrespondence": s.via.get("viaCorrespondence", []),
        "viaProgram": s.via.get("viaProgram", []), "viaAgency": s.via.get("viaAgency", []),
        "statusCode": s.code, "subjectKind": s.kind, "document": s.doc,
        "sourceLines": _lines(data, s.evidence, files).split(),
    }  # fmt: skip


def change_node(
    data: TrackerData, c: Change, files: Mapping[str, str], base: str
) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": c.iri, "type": "ChangeRecord", "trackedSubject": c.subject,
        "fromDocument": f"{base}documento/{c.before}", "toDocument": f"{base}documento/{c.after}",
        "changeType": CHANGES[c.code], "changeEvidence": c.evidence,
        "agencyBefore": c.agencies_before, "agencyAfter": c.agencies_after,
        "changeCode": c.code, "subjectKind": c.kind,
        "sourceLines": _lines(data, c.evidence, files).split(),
    }  # fmt: skip
    if c.name_before:
        node["nameBefore"] = c.name_before
    if c.name_after:
        node["nameAfter"] = c.name_after
    return node


def context() -> dict[str, Any]:
    """The inline JSON-LD context of the tracker's API bodies."""
    ref = {"@type": "@id"}
    return {
        "@vocab": "https://w3id.org/migracion-mx/def#", "id": "@id", "type": "@type",
        "hydra": "http://www.w3.org/ns/hydra/core#", "member": "hydra:member",
        "totalItems": "hydra:totalItems",
        "trackedSubject": ref, "statusEvidence": ref, "changeEvidence": ref,
        "viaCorrespondence": ref, "viaProgram": ref, "viaAgency": ref,
        "agencyBefore": ref, "agencyAfter": ref, "inDocument": ref, "fromDocument": ref,
        "toDocument": ref, "trackerStatus": {"@type": "@vocab"},
        "changeType": {"@type": "@vocab"},
        "nameBefore": {"@language": "es"}, "nameAfter": {"@language": "es"},
        "statusCode": None, "changeCode": None, "subjectKind": None, "document": None,
        "sourceLines": None,
    }  # fmt: skip

"""A resource's page as a document: its facts grouped in a fixed order of sections.

`sections` sorts the page model's outgoing properties into «qué es» (type and the texts and
figures that say what it is), «quién» (the bodies involved), «a qué sirve» (what it
contributes to, is about, matches), «otros datos» (the rest), each row captioned with the
property's Spanish label; `incoming` groups what links here by property, with counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from loaders.vocab import PREFIXES
from service.linked_data.describe import PageModel

MIG = PREFIXES["mig"]
_P = PREFIXES
Term = dict[str, str]

WHAT = (
    _P["rdf"] + "type", MIG + "description", MIG + "results", MIG + "challenge",
    _P["dcterms"] + "title", _P["skos"] + "prefLabel", MIG + "acronym", _P["skos"] + "altLabel",
    _P["skos"] + "notation", _P["skos"] + "definition", _P["rdfs"] + "comment", MIG + "year",
    MIG + "status", MIG + "actionCount", MIG + "percentage", MIG + "agencyCount",
    MIG + "value", MIG + "statedValue", MIG + "computedValue", MIG + "explanation",
    MIG + "quote", MIG + "text", MIG + "wording", MIG + "unitText", MIG + "valueQualifier",
    _P["dcterms"] + "issued", MIG + "periodStart", MIG + "periodEnd", _P["prov"] + "atTime",
    MIG + "discrepancyKind", MIG + "noResponsibleAgencyReason", MIG + "noChallengeReported",
    MIG + "noActionPlannedIn", _P["qb"] + "dataSet", MIG + "challengeCategory",
)  # fmt: skip
WHO = (
    MIG + "responsibleAgency", MIG + "collaboratingAgency", MIG + "participatingAgency",
    MIG + "operatedBy", _P["dcterms"] + "publisher", MIG + "agencyKind",
    _P["org"] + "subOrganizationOf", _P["org"] + "originalOrganization",
    _P["org"] + "resultingOrganization", _P["org"] + "changedBy", _P["org"] + "resultedFrom",
    MIG + "sharedAgency",
)  # fmt: skip
SERVES = (
    MIG + "contributesTo", MIG + "aboutProgram", MIG + "mentionsProgram", MIG + "gcmObjective",
    MIG + "mentionOf", MIG + "mentionedUnder", MIG + "forObjective", _P["skos"] + "broader",
    _P["skos"] + "inScheme", _P["skos"] + "topConceptOf", _P["skos"] + "relatedMatch",
    MIG + "candidateMatch", MIG + "pemLineOfAction", MIG + "gcmObjectiveMatched",
    MIG + "sharedProgram", MIG + "evidenceAction", MIG + "evidenceKind", MIG + "reportSection",
)  # fmt: skip
# Shown elsewhere on the page (the source section, the evidence table, the technical part).
ELSEWHERE = {
    _P["prov"] + "wasDerivedFrom", MIG + "sourceLineStart", MIG + "sourceLineEnd",
    MIG + "correspondenceScore", MIG + "published", MIG + "purposeSimilarity",
    MIG + "textSimilarity", MIG + "filingShare", MIG + "workEvidence", MIG + "evidenceCount",
    MIG + "filingVote", MIG + "fileName", MIG + "sha256",
}  # fmt: skip
SECTIONS = (("Qué es", WHAT), ("Quién", WHO), ("A qué sirve", SERVES))


@dataclass
class Row:
    """One property and its values, captioned."""

    prop: str
    caption: str
    values: list[tuple[Term, str]] = field(default_factory=list)


@dataclass
class Group:
    """What links here through one property."""

    prop: str
    caption: str
    items: list[tuple[str, str]]  # (IRI, title)


def sections(
    model: PageModel, caption: Callable[[str], str], named: Callable[[str], bool] = bool
) -> list[tuple[str, list[Row]]]:
    """(heading, rows) in the fixed order, then «Otros datos»; empty sections left out.
    Of its types, those `named` (labelled in Spanish) are shown when it has any."""
    rows: dict[str, Row] = {}
    for p, x, label in model.outgoing:
        if p in ELSEWHERE or (p == _P["skos"] + "prefLabel" and x.get("xml:lang") == "es"):
            continue
        rows.setdefault(p, Row(p, caption(p))).values.append((x, label))
    types = rows.get(_P["rdf"] + "type")
    if types is not None and any(named(x["value"]) for x, _ in types.values):
        types.values = [(x, lb) for x, lb in types.values if named(x["value"])]
    for row in rows.values():  # a text given in Spanish is shown in Spanish only
        if any(x.get("xml:lang") == "es" for x, _ in row.values):
            row.values = [(x, lb) for x, lb in row.values if x.get("xml:lang") in (None, "es")]
    out = []
    for heading, props in SECTIONS:
        found = [rows.pop(p) for p in props if p in rows]
        if found:
            out.append((heading, found))
    if rows:
        out.append(("Otros datos", sorted(rows.values(), key=lambda r: r.caption)))
    return out


def incoming(
    model: PageModel, caption: Callable[[str], str], title: Callable[[str, str], str]
) -> list[Group]:
    """What links here, grouped by property (largest group first), each item titled."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for x, p, label in model.incoming:
        if x.get("type") != "uri":
            continue
        groups.setdefault(p, []).append((x["value"], title(x["value"], label)))
    out = [Group(p, caption(p), sorted(items, key=lambda i: i[1])) for p, items in groups.items()]
    return sorted(out, key=lambda g: (-len(g.items), g.caption))

"""A timeline as a page shows it: the API's timeline (`service.api.timeline`) laid on an
axis of every source document, telling actions from figures.

Each document of the corpus gets a place on the axis: the subject's actions there, or only
figures (the 2024 report counts actions per objective and kind of body, it lists none), or
nothing (absent); for an agency, the names it appears under in that document (UPM in 2018,
UPMRIP from 2022), so a rename shows where it happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.api.index import MemberIndex
from service.api.kinds import MIG


@dataclass
class Stop:
    """One document on the axis."""

    document: str
    key: str
    year: str
    short: str
    actions: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # labels it appears under here
    mentions: list[tuple[str, int]] = field(default_factory=list)  # (mention, source line)

    @property
    def state(self) -> str:
        if self.actions:
            return "present"
        return "figures" if self.figures else "mentions" if self.mentions else "absent"


def short_name(key: str, year: str) -> str:
    """`PEM 2015`, `Informe PMM 2024`: a document's place on the axis."""
    return f"{'PEM' if key.startswith('pem') else 'Informe PMM'} {year}"


def stops(idx: MemberIndex, t: dict[str, Any]) -> list[Stop]:
    """Every source document in year order, with what the timeline `t` has there."""
    by_doc = {e["document"]["id"]: e for e in t["entries"] if e["document"]["id"]}
    acronyms = {  # the shortest acronym: INM rather than INAMI
        n["id"]: min(n["acronyms"] or [n["label"]], key=lambda a: (len(a), a)) for n in t["names"]
    }
    out = []
    for doc in idx.by_kind.get("documents", []):
        key = doc.rsplit("/", 1)[-1]
        year = min(idx.members[doc].facets.get("year", ()) or {""})
        stop = Stop(doc, key, year, short_name(key, year))
        for a in by_doc.get(doc, {}).get("actions", []):
            member = idx.members.get(a["id"])
            is_figure = member is not None and "observations" in member.kinds
            (stop.figures if is_figure else stop.actions).append(a)
            for who in a.get("roles", {}).values():
                stop.names.extend(acronyms.get(w, "") for w in who)
        stop.names = sorted({n for n in stop.names if n})
        out.append(stop)
    return sorted(out, key=lambda s: (s.year, s.key))


ROLE_PROPS = {
    "responsibleAgency": MIG + "responsibleAgency",
    "collaboratingAgency": MIG + "collaboratingAgency",
    "participatingAgency": MIG + "participatingAgency",
}


def role_names(labels: dict[str, str]) -> dict[str, str]:
    """The API's role keys (`responsibleAgency`) as the ontology names them in Spanish."""
    return {k: labels.get(p, k) for k, p in ROLE_PROPS.items()}


# A programme named in passing (mig:ProgramMention, e.g. the 2024 report's programmes under
# an objective, or a co-actor in a 2018 action), with the document and line.
MENTIONS = """
PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?r ?m ?doc ?line WHERE {
  ?m mig:mentionOf ?r ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?m mig:sourceLineStart ?line }
} ORDER BY ?m"""


def add_mentions(found: list[Stop], rows: list[dict[str, dict[str, str]]]) -> None:
    """Puts each mention (`MENTIONS` rows) on its document's stop."""
    by_doc = {s.document: s for s in found}
    for row in rows:
        stop = by_doc.get(row["doc"]["value"])
        if stop is not None:
            stop.mentions.append((row["m"]["value"], int(row.get("line", {}).get("value", 0))))

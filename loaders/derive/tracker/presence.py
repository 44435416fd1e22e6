"""Programmes and agencies per document, and what changed between consecutive documents.

A programme is `present` in a document that has an action about it (`mig:aboutProgram`) or
names it (`mig:ProgramMention`), else `absent`. A present programme is `renamed` when the
name the document uses most for it (its labels, found in the texts of those actions and
mentions) is new, and unlike every name earlier documents used (token-set similarity below
`SAME_NAME`); `operator-changed` when the bodies responsible for its actions share none with
the previous document that had any (a renamed body counts as itself).

An agency is `present` in a document whose actions it carries out or works on, or whose
figures name it (`mig:participatingAgency`); else `renamed` or `merged` when a body it became
(`org:ChangeEvent` with one or several originals) is present; else `absent`.

Change records between consecutive documents: `new` (absent before, present now),
`dropped` (present before, absent now), `continued` (present in both), `renamed` (a new name,
or a body now present under its successor), `transferred` (another operating body, or a
body merged into another). Each cites the actions, mentions or figures of both documents
and, for a body's change, the `org:ChangeEvent`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from loaders.derive.tracker.lines import Status, successors
from loaders.derive.tracker.read import Facts, Mention
from loaders.derive.tracker.scale import DOCUMENTS

__all__ = ["SAME_NAME", "Change", "agency_statuses", "changes", "program_statuses"]

SAME_NAME = 90  # rapidfuzz ratio (folded) at or above which two names are one spelling
# words that change no programme's identity: heads, inclusive-language additions
_PLAIN_WORDS = frozenset(
    {"programa", "proyecto", "piloto", "operativo", "guia", "para", "personas", "nacional"}
)
_PRESENT = {"present", "renamed", "operator-changed"}


@dataclass
class Change:
    subject: str
    kind: str  # "programa" or "institucion"
    before: str
    after: str
    code: str
    evidence: set[str] = field(default_factory=set)
    names: tuple[str, str] | None = None
    bodies: tuple[set[str], set[str]] | None = None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _names_used(names: set[str], texts: list[str]) -> Counter[str]:
    """How often each of `names` occurs in `texts`, longest first, never overlapping."""
    ordered = sorted(names, key=lambda n: (-len(n), n))
    if not ordered:
        return Counter()
    folded = {_fold(n): n for n in ordered}
    pattern = re.compile(r"\b(" + "|".join(re.escape(f) for f in folded) + r")\b")
    found: Counter[str] = Counter()
    for text in texts:
        for m in pattern.finditer(_fold(text)):
            found[folded[m.group(1)]] += 1
    return found


def _is_acronym(name: str) -> bool:
    return " " not in name.strip() and sum(c.isupper() for c in name) >= 2


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"\w+", _fold(name)) if len(w) >= 4} - _PLAIN_WORDS


def _new_name(name: str, earlier: list[str]) -> bool:
    """True when `name` is a new name, not a new spelling, of what `earlier` names."""
    if not earlier or name in earlier:
        return False
    before = set().union(*(_words(e) for e in earlier))
    unlike = all(fuzz.ratio(_fold(name), _fold(e)) < SAME_NAME for e in earlier)
    return unlike and bool(_words(name) - before)


def program_statuses(facts: Facts) -> list[Status]:
    out: list[Status] = []
    after = successors(facts)
    mentions_of: dict[tuple[str, str], list[Mention]] = {}
    for m in facts.mentions:
        mentions_of.setdefault((m.program, m.doc), []).append(m)
    for program in sorted(facts.program_names):
        labels = {n for n in facts.program_names[program] if not _is_acronym(n)}
        earlier: list[str] = []
        last_bodies: set[str] = set()
        for doc in DOCUMENTS:
            acts = facts.by_program.get((program, doc.key), [])
            mentions = mentions_of.get((program, doc.key), [])
            status = Status(program, "programa", doc.key, "absent")
            out.append(status)
            if not acts and not mentions:
                continue
            status.code = "present"
            status.evidence = {a.iri for a in acts} | {m.iri for m in mentions}
            texts = [t for a in acts for t in a.texts] + [m.wording for m in mentions]
            used = _names_used(labels, texts)
            status.names = [n for n, _ in sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))]
            bodies = {g for a in acts for g in a.responsible}
            status.agencies = bodies
            if status.names and _new_name(status.names[0], earlier):
                status.code = "renamed"
            if status.code == "present" and bodies and last_bodies:
                mapped = last_bodies | {s for g in last_bodies for s in after.get(g, ())}
                if not bodies & mapped:
                    status.code = "operator-changed"
            earlier += [n for n in status.names if n not in earlier]
            last_bodies = bodies or last_bodies
    return out


def agency_statuses(facts: Facts) -> list[Status]:
    present: dict[str, dict[str, set[str]]] = {d.key: {} for d in DOCUMENTS}
    for a in sorted(facts.acts.values(), key=lambda a: a.iri):
        for g in a.responsible | a.collaborators:
            present[a.doc].setdefault(g, set()).add(a.iri)
    for key, bodies in facts.participants.items():
        for g, figures in bodies.items():
            present.setdefault(key, {}).setdefault(g, set()).update(figures)
    seen = sorted({g for bodies in present.values() for g in bodies})
    after = successors(facts)
    events = {b: e for e, (before, _) in facts.changes.items() for b in before}
    out: list[Status] = []
    for agency in seen:
        for doc in DOCUMENTS:
            status = Status(agency, "institucion", doc.key, "absent")
            out.append(status)
            if agency in present[doc.key]:
                status.code = "present"
                status.evidence = set(present[doc.key][agency])
                continue
            heirs = {s for s in after.get(agency, ()) if s in present[doc.key]}
            if heirs:
                event = events[agency]
                status.code = "merged" if len(facts.changes[event][0]) > 1 else "renamed"
                status.agencies = heirs
                status.evidence = {event} | {e for h in heirs for e in present[doc.key][h]}
    return out


def changes(statuses: list[Status], facts: Facts) -> list[Change]:
    """The typed changes of each programme or agency between consecutive documents."""
    by_subject: dict[str, list[Status]] = {}
    for s in statuses:
        by_subject.setdefault(s.subject, []).append(s)
    events = {b: e for e, (before, _) in facts.changes.items() for b in before}
    out: list[Change] = []
    for subject, seq in sorted(by_subject.items()):
        for prev, cur in itertools.pairwise(seq):
            evidence = prev.evidence | cur.evidence
            was, now = prev.code in _PRESENT, cur.code in _PRESENT
            kind = cur.kind

            def add(code: str, *, c: Status = cur, p: Status = prev, ev: set[str] = evidence,
                    k: str = kind, s: str = subject) -> Change:  # fmt: skip
                change = Change(s, k, p.doc, c.doc, code, set(ev))
                out.append(change)
                return change

            if not was and now:
                add("new")
            elif was and cur.code == "absent":
                add("dropped")
            elif was and cur.code in ("renamed", "merged") and kind == "institucion":
                change = add("renamed" if cur.code == "renamed" else "transferred")
                change.evidence.add(events[subject])
                change.bodies = ({subject}, set(cur.agencies))
            elif was and now:
                add("continued")
                if cur.code == "renamed":
                    before = [s.names[0] for s in seq[: seq.index(cur)] if s.names]
                    change = add("renamed")
                    change.names = (before[-1] if before else "", cur.names[0])
                if cur.code == "operator-changed":
                    change = add("transferred")
                    change.bodies = (set(prev.agencies), set(cur.agencies))
    return out

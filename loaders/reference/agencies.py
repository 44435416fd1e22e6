"""The agency registry: curated reference data that gives each body one identity.

`reference/agencies.csv` holds one row per body (columns in `reference/README.md`). Loaders
resolve what a source writes with `AgencyRegistry.resolve` (one name or acronym, also forms
like "UPMRIP-SEGOB" or "la Secretaría de Gobernación (SEGOB)"), `resolve_list` (an
enumeration such as "SRE, SFP, CNS y SALUD", keeping the parts the registry lacks) and find
the bodies a free text names with `find_mentions`.

Matching favours precision over recall:
- acronyms match case-sensitively, as the sources write them; names match accent- and
  case-insensitively, across line breaks;
- `context_labels` (bare state names, common words like "Salud") resolve only when a whole
  cell or list item is that label, never in running text;
- `not_this` phrases (e.g. "Cartilla Nacional de Salud (CNS)", "Sistemas Estatales DIF") are
  recognised and suppressed, so the acronym inside them names nobody;
- a federal name followed by a state qualifier ("Secretaría de Salud del Estado de ...")
  names a state body, not the federal one, and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from rdflib.term import URIRef

from loaders.reference import read_rows, read_table
from loaders.text import fold, fold_keep_length, name_pattern
from loaders.vocab import Ids

__all__ = [
    "Agency",
    "AgencyRegistry",
    "Mention",
    "default_registry",
]

STATE_KIND = "gobierno-estatal"


@dataclass(frozen=True)
class Agency:
    """One row of the registry."""

    slug: str
    pref_label: str
    acronyms: tuple[str, ...]
    alt_labels: tuple[str, ...]
    kind: str
    parent: str | None
    name_from_public_knowledge: bool
    note: str = ""
    context_labels: tuple[str, ...] = ()
    not_this: tuple[str, ...] = ()
    name_evidence: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every full name the registry scans running text for."""
        return (self.pref_label, *self.alt_labels)


@dataclass(frozen=True)
class Mention:
    """A place in a text where the registry recognises a body."""

    agency: Agency
    start: int
    end: int
    matched: str


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


# A name followed by one of these belongs to a state or municipal body of the same name.
_LOCAL_QUALIFIER = re.compile(
    r"\s+(?:del\s+estado|de\s+la\s+ciudad|del\s+gobierno|de\s+los\s+estados|estatal|municipal"
    r"|de\s+la\s+cdmx)(?!\w)",
    re.IGNORECASE,
)
_ARTICLES = re.compile(r"^(?:(?:la|el|los|las|lo|al|del|de|a\s+trav[eé]s\s+de)\s+)+", re.I)
_TRAILING_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[^()]+)\)$", re.DOTALL)
_LIST_SEPARATORS = re.compile(r"\s*(?:[,;/]|\s+y\s+|\s+e\s+|\s+and\s+)\s*")
_FILLER = re.compile(r"^[\s,;:./()\-–y]*$|^(?:y|e|and)$")


class AgencyRegistry:
    """Lookup of agencies by acronym (case-sensitive) or by any name (folded)."""

    def __init__(self, agencies: list[Agency], ids: Ids | None = None) -> None:
        self.ids = ids or Ids()
        self.agencies = {a.slug: a for a in agencies}
        self._by_acronym: dict[str, Agency] = {}
        self._by_name: dict[str, Agency] = {}
        self._by_context: dict[str, Agency] = {}
        suppressed: set[str] = set()
        for agency in agencies:
            for acronym in agency.acronyms:
                self._by_acronym[acronym] = agency
            for name in agency.names:
                self._by_name[fold(name)] = agency
            for label in agency.context_labels:
                self._by_context[fold(label)] = agency
            suppressed.update(fold(p) for p in agency.not_this)
        self._suppressed = suppressed
        self._names_re = self._compile_names([*self._by_name, *suppressed])
        self._acronyms_re = self._compile_acronyms(list(self._by_acronym))

    @staticmethod
    def _compile_names(names: list[str]) -> re.Pattern[str] | None:
        if not names:
            return None
        ordered = sorted(set(names), key=lambda n: (-len(n), n))
        alternatives = "|".join(name_pattern(n) for n in ordered)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    @staticmethod
    def _compile_acronyms(acronyms: list[str]) -> re.Pattern[str] | None:
        if not acronyms:
            return None
        ordered = sorted(set(acronyms), key=lambda a: (-len(a), a))
        one = "|".join(re.escape(a) for a in ordered)
        # "UPMRIP-SEGOB", "SRE-INM", "PFPNNAS-DIF": hyphen-joined acronyms form one token.
        return re.compile(rf"(?<![\w-])(?:{one})(?:-(?:{one}))*(?!\w)")

    @classmethod
    def from_csv_text(cls, text: str, ids: Ids | None = None) -> AgencyRegistry:
        rows = read_rows(text, "agencies.csv")
        agencies = [
            Agency(
                slug=row["slug"].strip(),
                pref_label=row["pref_label_es"].strip(),
                acronyms=_split(row["acronyms"]),
                alt_labels=_split(row["alt_labels"]),
                kind=row["kind"].strip(),
                parent=row["parent"].strip() or None,
                name_from_public_knowledge=row["name_source"].strip() == "public-knowledge",
                note=(row.get("note") or "").strip(),
                context_labels=_split(row.get("context_labels")),
                not_this=_split(row.get("not_this")),
                name_evidence=(row.get("name_evidence") or "").strip(),
            )
            for row in rows
        ]
        return cls(agencies, ids)

    # --- identity -------------------------------------------------------------------------

    def iri(self, agency: Agency) -> URIRef:
        return self.ids.agency(agency.slug)

    def kind_iri(self, agency: Agency) -> URIRef:
        """The agency's concept in the `id/tipo-institucion` scheme."""
        return self.ids.agency_kind(agency.kind)

    def parent(self, agency: Agency) -> Agency | None:
        return self.agencies.get(agency.parent) if agency.parent else None

    def ancestors(self, agency: Agency) -> list[Agency]:
        """Parent, grandparent, ... (INM -> [SEGOB])."""
        chain: list[Agency] = []
        current = self.parent(agency)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent(current)
        return chain

    def states(self) -> list[Agency]:
        """The 32 state governments (not their secretariats and institutes)."""
        return [a for a in self.agencies.values() if a.kind == STATE_KIND and not a.parent]

    # --- resolving one name ---------------------------------------------------------------

    def resolve(self, mention: str) -> Agency | None:
        """The agency an acronym or a name stands for, or None when the registry lacks it.

        Accepts a bare acronym ("INM"), a hyphen compound ("UPMRIP-SEGOB": the unit, as the
        rest are its parents), a name with or without articles ("la Secretaría de
        Gobernación"), a name followed by its acronym ("... (SEGOB)") and a context label
        ("Guanajuato" -> the state government). A compound of unrelated bodies ("SRE-INM")
        is not one agency: use `resolve_all`.
        """
        cleaned = mention.strip().strip(".,;:").strip()
        if cleaned.startswith("(") and cleaned.endswith(")"):
            cleaned = cleaned[1:-1].strip()
        found = self._resolve_plain(cleaned)
        if found is not None:
            return found
        without_article = _ARTICLES.sub("", cleaned)
        if without_article != cleaned:
            found = self._resolve_plain(without_article)
            if found is not None:
                return found
        parts = self._compound(cleaned)
        if parts is not None and len(parts) == 1:
            return parts[0]
        trailing = _TRAILING_ACRONYM.match(without_article)
        if trailing:
            return self.resolve(trailing["name"]) or self.resolve(trailing["acronym"])
        return None

    def _resolve_plain(self, text: str) -> Agency | None:
        key = fold(text)
        return self._by_acronym.get(text) or self._by_name.get(key) or self._by_context.get(key)

    def _compound(self, token: str) -> list[Agency] | None:
        """The bodies of a hyphen compound, dropping those that are parents of another."""
        if "-" not in token or self._acronyms_re is None:
            return None
        if not self._acronyms_re.fullmatch(token):
            return None
        found: list[Agency] = []
        rest = token
        while rest:
            for acronym in sorted(self._by_acronym, key=len, reverse=True):
                if rest == acronym or rest.startswith(acronym + "-"):
                    agency = self._by_acronym[acronym]
                    if agency not in found:
                        found.append(agency)
                    rest = rest[len(acronym) + 1 :]
                    break
            else:
                return None
        parents = {p.slug for a in found for p in self.ancestors(a)}
        return [a for a in found if a.slug not in parents]

    # --- lists and running text -----------------------------------------------------------

    def resolve_all(self, text: str) -> list[Agency]:
        """Every body a cell names, in order, without repeats ("SRE-INM", "SRE y SEGOB")."""
        return [agency for _, agency in self.resolve_list(text) if agency is not None]

    def resolve_list(self, text: str) -> list[tuple[str, Agency | None]]:
        """An enumeration split into (as written, agency or None), left to right.

        Known names and acronyms are found first (so "Secretaría del Trabajo y Previsión
        Social" is not cut at "y"); what lies between them is split at commas and "y" and
        each piece resolved alone (state names resolve here); a piece the registry does not
        know comes back with None so the caller can report it.
        """
        whole = self.resolve(text)
        if whole is not None:
            return [(text.strip(), whole)]
        result: list[tuple[str, Agency | None]] = []
        seen: set[str] = set()

        def add(written: str, agency: Agency | None) -> None:
            if agency is None:
                result.append((written, None))
            elif agency.slug not in seen:
                seen.add(agency.slug)
                result.append((written, agency))

        def gap(segment: str) -> None:
            for piece in _LIST_SEPARATORS.split(segment):
                piece = _ARTICLES.sub("", piece.strip(" .:()-–\n\t"))
                if piece and not _FILLER.match(piece):
                    add(piece, self.resolve(piece))

        cursor = 0
        for mention in self.find_mentions(text):
            gap(text[cursor : mention.start])
            add(mention.matched, mention.agency)
            cursor = max(cursor, mention.end)
        gap(text[cursor:])
        return result

    def find_mentions(self, text: str) -> Iterator[Mention]:
        """Every registry name or acronym in `text`, left to right, longest match first.

        A hyphen compound yields one mention per body it names (same span); "Name (ACR)" of
        one body yields a single mention spanning both.
        """
        spans: list[tuple[int, int, list[Agency]]] = []
        folded = fold_keep_length(text)
        if self._names_re is not None:
            for match in self._names_re.finditer(folded):
                key = re.sub(r"\s+", " ", match.group(0))
                agency = self._by_name.get(key)
                if agency is None or key in self._suppressed:
                    spans.append((match.start(), match.end(), []))
                    continue
                if agency.kind != STATE_KIND and _LOCAL_QUALIFIER.match(folded, match.end()):
                    continue
                spans.append((match.start(), match.end(), [agency]))
        if self._acronyms_re is not None:
            for match in self._acronyms_re.finditer(text):
                token = match.group(0)
                single = self._by_acronym.get(token)
                agencies = [single] if single else (self._compound(token) or [])
                spans.append((match.start(), match.end(), agencies))
        # Longest span wins where spans overlap; suppressed spans win and yield nothing.
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int, list[Agency]]] = []
        for start, end, agencies in spans:
            if kept and start < kept[-1][1]:
                continue
            if (
                kept
                and len(agencies) == 1
                and kept[-1][2] == agencies
                and re.fullmatch(r"\s*\(", text[kept[-1][1] : start])
                and text[end : end + 1] == ")"
            ):
                kept[-1] = (kept[-1][0], end + 1, agencies)
                continue
            kept.append((start, end, agencies))
        for start, end, agencies in kept:
            for agency in agencies:
                yield Mention(agency, start, end, text[start:end])


@cache
def default_registry(base: str | None = None) -> AgencyRegistry:
    """The registry shipped in `loaders/reference/agencies.csv`."""
    text = read_table("agencies.csv")
    return AgencyRegistry.from_csv_text(text, Ids(base) if base else None)

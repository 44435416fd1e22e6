"""Program identity: one `mig:Program` per named programme, service, system or campaign.

`reference/programs.csv` is the curated registry (columns in `reference/README.md`):
canonical name, aliases, acronyms and operating agencies. Loaders call `resolve(name)` for an
exact (folded) name, `match(name)` for a scored fuzzy match that also returns the unsure
candidates (for the build's curation file), and `find_mentions(text)` to set
`mig:aboutProgram` from running text. A name the registry does not know still gets a stable
IRI from its slug (`slug_for`), so the same wording in two documents meets in one resource.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process
from slugify import slugify

from loaders.reference import read_rows, read_table
from loaders.text import fold, fold_keep_length, name_pattern

__all__ = [
    "MatchResult",
    "Program",
    "ProgramMention",
    "ProgramRegistry",
    "default_programs",
    "program_slug",
]

# Scores are rapidfuzz 0-100. At or above ACCEPT a fuzzy match is taken; between REVIEW and
# ACCEPT the candidates go to curation instead.
ACCEPT = 92.0
REVIEW = 75.0

_GENERIC_WORDS = re.compile(
    r"^(?:(?:el|la|los|las|del|de|programa|estrategia|proyecto|mecanismo|sistema)\s+)+"
)


_QUOTES = re.compile(r"[\"“”«»‘’]")


def program_slug(name: str) -> str:
    """The IRI slug of a program name: lower case, accents folded, hyphens."""
    return slugify(name, max_length=80, word_boundary=True)


@dataclass(frozen=True)
class Program:
    slug: str
    pref_label: str
    aliases: tuple[str, ...]
    agency: str | None
    acronyms: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.pref_label, *self.aliases)


@dataclass(frozen=True)
class MatchResult:
    """The outcome of `ProgramRegistry.match`: the program when sure, and the candidates."""

    program: Program | None
    score: float
    candidates: tuple[tuple[Program, float], ...] = field(default=())

    @property
    def unsure(self) -> bool:
        """No program taken, but some came close enough to deserve a curator's look."""
        return self.program is None and bool(self.candidates)


@dataclass(frozen=True)
class ProgramMention:
    program: Program
    start: int
    end: int
    matched: str


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def _score(a: str, b: str, **_: object) -> float:
    """Mean of token-set (tolerates extra words) and token-sort (penalises them) ratios."""
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


def _core(name: str) -> str:
    """Folded name without leading articles and generic heads, for fuzzy comparison."""
    folded = re.sub(r"(\d)\s*x\s*(\d)", r"\1x\2", fold(_QUOTES.sub(" ", name)))
    return _GENERIC_WORDS.sub("", folded)


class ProgramRegistry:
    """Lookup of curated programs by canonical name, alias or acronym."""

    def __init__(self, programs: list[Program]) -> None:
        self.programs = {p.slug: p for p in programs}
        self._by_name = {fold(n): p for p in programs for n in p.names}
        self._by_acronym = {a: p for p in programs for a in p.acronyms}
        self._choices: list[tuple[str, Program]] = []
        for program in programs:
            for name in program.names:
                self._choices.append((_core(name), program))
        names = sorted(self._by_name, key=lambda n: (-len(n), n))
        self._names_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(name_pattern(n) for n in names) + r")(?!\w)")
            if names
            else None
        )
        acronyms = sorted(self._by_acronym, key=lambda a: (-len(a), a))
        self._acronyms_re = (
            re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in acronyms) + r")(?!\w)")
            if acronyms
            else None
        )

    @classmethod
    def from_csv_text(cls, text: str) -> ProgramRegistry:
        rows = read_rows(text, "programs.csv")
        programs = []
        for row in rows:
            agencies = _split(row.get("agency"))
            programs.append(
                Program(
                    slug=row["slug"].strip(),
                    pref_label=row["pref_label_es"].strip(),
                    aliases=_split(row["aliases"]),
                    agency=agencies[0] if agencies else None,
                    acronyms=_split(row.get("acronyms")),
                    agencies=agencies,
                    note=(row.get("note") or "").strip(),
                )
            )
        return cls(programs)

    def resolve(self, name: str) -> Program | None:
        """The program an exact name, alias (accents and case aside) or acronym stands for."""
        cleaned = _QUOTES.sub("", name).strip().strip(".,;:").strip()
        return self._by_acronym.get(cleaned) or self._by_name.get(fold(cleaned))

    def match(self, name: str, *, accept: float = ACCEPT, review: float = REVIEW) -> MatchResult:
        """Exact resolution first, then fuzzy matching of the folded core of the name.

        Returns the program when the best score reaches `accept` and no other program comes
        within 3 points of it; otherwise `program` is None and `candidates` lists every
        program scoring at least `review`, best first, for a curator to decide.
        """
        exact = self.resolve(name)
        if exact is None:
            # "Ventanillas de Salud (VDS)": a registry acronym in parentheses decides.
            found = {self._by_acronym.get(a.strip()) for a in re.findall(r"\(([^()]+)\)", name)}
            found.discard(None)
            if len(found) == 1:
                exact = found.pop()
        if exact is not None:
            return MatchResult(exact, 100.0, ((exact, 100.0),))
        query = _core(re.sub(r"\s*\([^()]*\)", "", name))
        if not query:
            return MatchResult(None, 0.0)
        best: dict[str, tuple[Program, float]] = {}
        for _choice, score, index in process.extract(
            query, [c for c, _ in self._choices], scorer=_score, limit=None
        ):
            program = self._choices[index][1]
            if score >= review and score > best.get(program.slug, (program, -1.0))[1]:
                best[program.slug] = (program, float(score))
        candidates = tuple(sorted(best.values(), key=lambda pair: (-pair[1], pair[0].slug)))
        if not candidates:
            return MatchResult(None, 0.0)
        top, top_score = candidates[0]
        clear = len(candidates) == 1 or candidates[1][1] < top_score - 3
        if top_score >= accept and clear:
            return MatchResult(top, top_score, candidates)
        return MatchResult(None, top_score, candidates)

    def find_mentions(self, text: str) -> Iterator[ProgramMention]:
        """Every registry program named in `text` (names across line breaks, acronyms
        case-sensitive), left to right, longest match first."""
        spans: list[tuple[int, int, Program]] = []
        if self._names_re is not None:
            for m in self._names_re.finditer(fold_keep_length(text)):
                spans.append((m.start(), m.end(), self._by_name[re.sub(r"\s+", " ", m[0])]))
        if self._acronyms_re is not None:
            for m in self._acronyms_re.finditer(text):
                spans.append((m.start(), m.end(), self._by_acronym[m[0]]))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        last_end = -1
        for start, end, program in spans:
            if start < last_end:
                continue
            last_end = end
            yield ProgramMention(program, start, end, text[start:end])

    def slug_for(self, name: str) -> str:
        """The registry's slug for `name`, or one derived from the name itself."""
        program = self.resolve(name)
        return program.slug if program else program_slug(name)


@cache
def default_programs() -> ProgramRegistry:
    text = read_table("programs.csv")
    return ProgramRegistry.from_csv_text(text)

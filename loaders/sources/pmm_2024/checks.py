"""What sections II, IV and V of the 2024 report restate about section III's figures.

The report repeats its counts in prose several times: totals (sections II and IV), actions
per kind of body (IV), the objectives with fewest actions (IV.a), per-kind rankings (IV.a.1 to
IV.a.5) and conclusions (V). Each restatement becomes a `Statement`; `compare` sets them
against section III and names each disagreement, with both places, for a "contradiction"
Finding. Nothing here corrects the report: every figure stays as stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.sources.pmm_2024.sections import (
    KIND_PATTERNS,
    Line,
    Section,
    kind_of,
    pair_kinds,
    plain,
)

_WORDS = {"una sola": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6}
_KIND_RE = re.compile(
    "|".join(f"(?P<k{i}>(?<!\\w)(?:{p})(?!\\w))" for i, (_, p) in enumerate(KIND_PATTERNS)),
    re.IGNORECASE,
)
SUBSECTION_KINDS = {
    "IV.a.1": "administracion-publica-federal",
    "IV.a.2": "gobierno-estatal",
    "IV.a.3": "poder-judicial",
    "IV.a.4": "organismo-constitucional-autonomo",
    "IV.a.5": "organizacion-sociedad-civil",
}
_OBJECTIVE_REF = re.compile(r"(?:objetivos?|el|y)\s+(\d{1,2})\s+\(")
_COUNT_REF = re.compile(
    r"acciones\s+\((\d+)\)|con\s+(\d+|tres|cuatro|cinco|dos)\s+acciones|(una sola) acción", re.I
)
_PAREN_OBJECTIVES = re.compile(r"\((?:objetivos?\s+)?([\d ,y]+)\)")


@dataclass(frozen=True)
class Statement:
    """A figure restated outside section III. `objective`/`kind` None means "all"."""

    line: int
    where: str
    objective: int | None
    kind: str | None
    value: int
    measure: str = "actions"  # or "bodies", "objectives", "at-least", "at-most"


def _sentences(line: Line) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+(?=[A-ZÁÉÍÓÚÑ])", plain(line.text)) if s]


def _value(token: str) -> int:
    return int(token) if token.isdigit() else _WORDS[token.lower()]


def totals(sections: dict[str, Section]) -> list[Statement]:
    """Totals of actions and of participating bodies (sections II and IV)."""
    found: list[Statement] = []
    for key in ("II", "IV"):
        for line in sections.get(key, Section(key, Line(0, ""))).lines:
            text = plain(line.text)
            for match in re.finditer(r"(?:totalizando|se contabilizaron)\s+(\d+)", text):
                found.append(Statement(line.number, key, None, None, int(match.group(1))))
            for sentence in _sentences(line):
                if sentence.startswith("Se contabilizan"):
                    for kind, value in pair_kinds(sentence).items():
                        found.append(Statement(line.number, key, None, kind, value))
                if re.search(r"participación de \d+ dependencias", sentence):
                    for kind, value in pair_kinds(sentence).items():
                        found.append(Statement(line.number, key, None, kind, value, "bodies"))
    return found


def fewest(section: Section) -> list[Statement]:
    """IV.a: "... (objetivo 19) con tres acciones reportadas; ... (objetivo 11) ..."."""
    found: list[Statement] = []
    for line in section.lines:
        text = plain(line.text)
        if "menos acciones" not in text:
            continue
        pending: list[int] = []
        for token in re.finditer(r"\(objetivo (\d+)\)|con (\w+) acciones", text):
            if token.group(1):
                pending.append(int(token.group(1)))
            elif token.group(2).lower() in _WORDS or token.group(2).isdigit():
                value = _value(token.group(2))
                found += [Statement(line.number, "IV.a", o, None, value) for o in pending]
                pending = []
    return found


def per_kind(key: str, section: Section) -> list[Statement]:
    """IV.a.1-5: counts per objective for the subsection's kind, its total and objectives."""
    kind = SUBSECTION_KINDS[key]
    found: list[Statement] = []
    for line in section.lines:
        for sentence in _sentences(line):
            refs = [(m.start(), int(m.group(1))) for m in _OBJECTIVE_REF.finditer(sentence)]
            if "no se presentaron actividades" in sentence:
                found += [Statement(line.number, key, o, kind, 0) for _, o in refs]
                continue
            cursor = 0
            for count in _COUNT_REF.finditer(sentence):
                value = _value(next(g for g in count.groups() if g))
                for position, objective in refs:
                    if cursor <= position < count.start():
                        found.append(Statement(line.number, key, objective, kind, value))
                cursor = count.end()
            total = re.search(r"(?:un total de|presentaron)\s+(\d+)", sentence)
            if total and "Suprema Corte" not in line.text:
                found.append(Statement(line.number, key, None, kind, int(total.group(1))))
            spread = re.search(r"distribuidas en (\d+) objetivos", sentence)
            if spread:
                found.append(
                    Statement(line.number, key, None, kind, int(spread.group(1)), "objectives")
                )
            bodies = re.search(r"colaboración de (\d+) organizaciones", sentence)
            if bodies:
                found.append(
                    Statement(line.number, key, None, kind, int(bodies.group(1)), "bodies")
                )
    return found


def conclusions(section: Section) -> list[Statement]:
    """V: objectives said to have no actions of a kind, more than or at most N actions."""
    found: list[Statement] = []
    for line in section.lines:
        for sentence in _sentences(line):
            objectives = [
                int(n)
                for group in _PAREN_OBJECTIVES.findall(sentence)
                for n in re.findall(r"\d+", group)
            ]
            if "ausencia de acciones" in sentence or "ninguna acción" in sentence:
                kinds = {kind_of(m) for m in _KIND_RE.finditer(line.text)}
                kind = kinds.pop() if len(kinds) == 1 else None
                found += [Statement(line.number, "V", o, kind, 0) for o in objectives]
            over = re.search(r"como el ((?:\d+|,|\s|o|y|el)+?) superan las (\d+)", sentence)
            if over:
                for n in re.findall(r"\d+", over.group(1)):
                    found.append(
                        Statement(line.number, "V", int(n), None, int(over.group(2)), "at-least")
                    )
            under = re.search(r"el ((?:\d+|,|\s|y)+?) apenas llegan a (\d+)", sentence)
            if under:
                for n in re.findall(r"\d+", under.group(1)):
                    found.append(
                        Statement(line.number, "V", int(n), None, int(under.group(2)), "at-most")
                    )
    return found


def restatements(found: dict[str, Section]) -> list[Statement]:
    statements = totals(found)
    if "IV.a" in found:
        statements += fewest(found["IV.a"])
    for key in SUBSECTION_KINDS:
        if key in found:
            statements += per_kind(key, found[key])
    if "V" in found:
        statements += conclusions(found["V"])
    return statements


@dataclass(frozen=True)
class Baseline:
    """Section III's figures: totals and splits per objective, with the lines stating them."""

    totals: dict[int, tuple[int, int]]  # objective -> (total, line)
    splits: dict[int, dict[str, int]]  # objective -> kind -> count
    complete: frozenset[int]  # objectives whose split adds up to the total

    def kind_value(self, objective: int, kind: str) -> int | None:
        if kind in self.splits.get(objective, {}):
            return self.splits[objective][kind]
        return 0 if objective in self.complete else None


def _kind_label(kind: str | None) -> str:
    return kind.replace("-", " ") if kind else "all bodies"


def compare(statement: Statement, base: Baseline) -> str | None:
    """Why `statement` disagrees with section III, or None when it agrees (or cannot say)."""
    where = f"line {statement.line} ({statement.where})"
    if statement.objective is not None and statement.measure in ("actions", "at-least", "at-most"):
        if statement.objective not in base.totals:
            return None
        total, line = base.totals[statement.objective]
        if statement.kind is None:
            bad = {
                "actions": total != statement.value,
                "at-least": total <= statement.value,
                "at-most": total > statement.value,
            }[statement.measure]
            said = {"actions": "", "at-least": "more than ", "at-most": "at most "}
            if bad:
                return (
                    f"{where} gives objective {statement.objective} {said[statement.measure]}"
                    f"{statement.value} actions; section III (line {line}) gives {total}"
                )
            return None
        expected = base.kind_value(statement.objective, statement.kind)
        if expected is not None and expected != statement.value:
            return (
                f"{where} gives objective {statement.objective} {statement.value} actions by "
                f"{_kind_label(statement.kind)}; section III (line {line}) gives {expected}"
            )
        return None
    if statement.measure == "actions":
        if statement.kind is None:
            expected = sum(t for t, _ in base.totals.values())
        else:
            expected = sum(s.get(statement.kind, 0) for s in base.splits.values())
        if expected != statement.value:
            return (
                f"{where} gives {statement.value} actions for {_kind_label(statement.kind)}; "
                f"section III's per-objective figures add up to {expected}"
            )
    if statement.measure == "objectives" and statement.kind is not None:
        covered = sorted(o for o, s in base.splits.items() if s.get(statement.kind))
        if len(covered) != statement.value:
            return (
                f"{where} says {_kind_label(statement.kind)} reported actions under "
                f"{statement.value} objectives; section III gives them actions under "
                f"{len(covered)} ({', '.join(map(str, covered))})"
            )
    return None

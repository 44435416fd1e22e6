"""Curated explanations for agency mentions the registry deliberately leaves unresolved.

`reference/unresolved-explained.csv` lists (file, line, text, reason). An
"unresolved-agency" finding at that file and line whose message contains the text is
explained: it is kept in the report as a "note" with the reason, so that the build's count
of *unexplained* agency mentions ("unresolved-agency") can be asserted to be zero. A row
that matches no finding is itself reported (stale curation).
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.model import Finding
from loaders.reference import read_rows, read_table

__all__ = ["Explanation", "apply", "read_explanations"]


@dataclass(frozen=True)
class Explanation:
    file: str
    line: int
    text: str
    reason: str


def read_explanations(text: str | None = None) -> list[Explanation]:
    text = read_table("unresolved-explained.csv") if text is None else text
    rows = read_rows(text, "unresolved-explained.csv")
    return [
        Explanation(r.required("file"), r.integer("line"), r.required("text"), r.text("reason"))
        for r in rows
    ]


def apply(findings: list[Finding], explanations: list[Explanation] | None = None) -> list[Finding]:
    """The findings with every explained "unresolved-agency" turned into a "note"."""
    rows = read_explanations() if explanations is None else explanations
    used: set[Explanation] = set()
    out: list[Finding] = []
    for finding in findings:
        match = next(
            (
                e
                for e in rows
                if finding.kind == "unresolved-agency"
                and (e.file, e.line) == (finding.file, finding.line)
                and e.text in finding.message
            ),
            None,
        )
        if match is None:
            out.append(finding)
            continue
        used.add(match)
        message = f"{finding.message} (explained: {match.reason})"
        out.append(Finding(finding.file, finding.line, "note", message))
    for stale in rows:
        if stale not in used:
            message = f"unresolved-explained.csv row matches no finding: {stale.text!r}"
            out.append(Finding(stale.file, stale.line, "warning", message))
    return out

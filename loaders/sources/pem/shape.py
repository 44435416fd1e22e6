"""The PEM's shape, and the check that a document's blocks follow it.

Why: a truncated or reshuffled release of a PEM document (with a new hash) must stop the
build, not become a partial scheme. The PEM has 5 objectives, 26 strategies and 195 lines
of action; `SHAPE` gives each strategy's number of lines of action, as
pem-2018-acciones.txt states them block by block. The loaders check a document's structure
against it (through `loaders.outline.Outline`); they never mint concepts from it.
"""

from __future__ import annotations

from loaders.errors import SourceError
from loaders.outline import Outline

SHAPE: dict[str, int] = {
    "1.1": 6, "1.2": 9, "1.3": 7, "1.4": 7, "1.5": 10,
    "2.1": 5, "2.2": 6, "2.3": 7, "2.4": 8, "2.5": 7,
    "3.1": 6, "3.2": 9, "3.3": 4, "3.4": 7, "3.5": 10, "3.6": 8,
    "4.1": 10, "4.2": 9, "4.3": 6, "4.4": 8, "4.5": 7, "4.6": 9,
    "5.1": 8, "5.2": 10, "5.3": 8, "5.4": 4,
}  # fmt: skip


def headings(*, objectives: bool = True) -> list[str]:
    """The PEM's objectives and strategies in order: "objective 1", "strategy 1.1", ..."""
    names: list[str] = []
    for strategy in SHAPE:
        objective = f"objective {strategy.split('.')[0]}"
        if objectives and objective not in names:
            names.append(objective)
        names.append(f"strategy {strategy}")
    return names


def check_blocks(blocks: list[tuple[str, int]], file: str, end: int, excerpt: bool) -> None:
    """`blocks` are (line-of-action code, first line) in the document's order, the text
    ending at line `end`. Strategies must come in the PEM's order, each one's blocks
    together and, in a whole document, covering all its lines of action (their order
    within a strategy is the document's own affair); raises SourceError where not."""
    outline = Outline(file, headings(objectives=False), excerpt=excerpt)
    seen: set[str] = set()

    def complete(strategy: str | None, line: int) -> None:
        if strategy is None or excerpt or strategy not in SHAPE:
            return
        for k in range(1, SHAPE[strategy] + 1):
            if f"{strategy}.{k}" not in seen:
                where = "the text ends" if line == end else "its strategy's blocks end here"
                raise SourceError(file, line, f"line of action {strategy}.{k} is missing: {where}")

    current: str | None = None
    for code, line in blocks:
        strategy = code.rsplit(".", 1)[0]
        if strategy != current:
            complete(current, line)
            outline.see(f"strategy {strategy}", line)
            current = strategy
        seen.add(code)
    complete(current, end)
    outline.end(end)

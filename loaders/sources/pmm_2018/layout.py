"""The layout of the 2018 GCM report: objectives, their bullets (actions) and future aims.

Rules, one per quirk of the text:
- everything before the first "Objetivo N. <title>" and from "Retos y Conclusiones" on is
  context, not actions;
- a top-level bullet "- ..." starts an action; plain paragraphs and numbered lines that
  follow (page breaks included) continue it;
- a line ending with ":" opens a list: the bullets that follow ("- 1) ...", "- 2012",
  " - ...") are items of the same action, until a plain paragraph, a top-level bullet after a
  list of sub-bullets, or a top-level bullet that opens with a connector ("Asimismo", "De
  igual forma", "Otra", "Para", ...), which starts the next action;
- a sub-bullet " - ..." outside a list is an action of its own (Finding);
- "Objetivos a futuro" (with or without a leading "- ") opens the future aims: numbered or
  dash items of one style; an item of another style ends them and is read as an action
  (the report lists some actions after its aims: Finding);
- footnote lines ("⁵ Programa Especial ...") are dropped wherever they fall.

The layout also records, in order, the headings that give the document its shape (each
"Objetivo N." and "Retos y Conclusiones"): `loaders.sources.pmm_2018.loader` checks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING_RE = re.compile(r"^Objetivo\s+(\d{1,2})\.\s+(.+?)\s*$")
END_RE = re.compile(r"^Retos y Conclusiones\s*$")
FUTURE_RE = re.compile(r"^(?:-\s*)?Objetivos a futuro\s*$")
FOOTNOTE_RE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
TOP_RE = re.compile(r"^-\s+(.*)$")
SUB_RE = re.compile(r"^\s+-\s+(.*)$")
NUMBERED_RE = re.compile(r"^\s*(\d+)\.\s+(.*)$")
OPENER_RE = re.compile(
    r"^(?:Asimismo|De igual (?:forma|manera)|Otra|Otro|Para|Además|Por (?:otra parte|otro lado"
    r"|su parte)|También|Aunado|Adicionalmente|Paralelamente|En adición|Finalmente"
    r"|De esta manera|Con (?:el|este))\b"
)
_ITEM_NUMBER_RE = re.compile(r"^(\d+)\)\s")
CLOSING = "Retos y Conclusiones"


@dataclass
class Block:
    """An action or a future aim: its lines (number, text) in order."""

    parts: list[tuple[int, str]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][0]


@dataclass
class Objective:
    number: int
    title: str
    line: int
    actions: list[Block] = field(default_factory=list)
    future: list[Block] = field(default_factory=list)


@dataclass
class Layout:
    objectives: list[Objective] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    headings: list[tuple[str, int]] = field(default_factory=list)  # (name, line)


class _Reader:
    def __init__(self) -> None:
        self.layout = Layout()
        self.objective: Objective | None = None
        self.mode = "context"  # context | actions | future
        self.future_style: str | None = None
        self.list_open = False
        self.list_style: str | None = None
        self.list_line = 0
        self.list_items: list[str] = []

    def _new_action(self, number: int, text: str) -> None:
        self._close_list(number)
        assert self.objective is not None
        self.objective.actions.append(Block([(number, text)]))
        self._after_text(number, text)

    def _close_list(self, number: int) -> None:
        if self.list_open and self.list_style is None:
            self.layout.notes.append(
                (self.list_line, f"line {self.list_line} announces a list that the text omits")
            )
        numbers = [int(m.group(1)) for m in map(_ITEM_NUMBER_RE.match, self.list_items) if m]
        if numbers and numbers != list(range(1, len(numbers) + 1)):
            self.layout.notes.append(
                (self.list_line, f"the numbered items after line {self.list_line} skip a number "
                 f"({', '.join(map(str, numbers))})")
            )  # fmt: skip
        self.list_open, self.list_style, self.list_items = False, None, []

    def _after_text(self, number: int, text: str) -> None:
        if text.rstrip().endswith(":"):
            self.list_open, self.list_style, self.list_line = True, None, number
            self.list_items = []

    def _append(self, number: int, text: str) -> None:
        assert self.objective is not None
        if not self.objective.actions:
            self.layout.notes.append((number, "text before the objective's first bullet"))
            self.objective.actions.append(Block())
        self.objective.actions[-1].parts.append((number, text))

    def _item(self, number: int, text: str, style: str) -> None:
        self.list_style = self.list_style or style
        self.list_items.append(text)
        self._append(number, text)

    def action_line(self, number: int, raw: str) -> None:
        top, sub = TOP_RE.match(raw), SUB_RE.match(raw)
        if top:
            text = top.group(1)
            in_list = self.list_open and self.list_style != "sub" and not OPENER_RE.match(text)
            if in_list and self.objective and self.objective.actions:
                self._item(number, text, "top")
            else:
                self._new_action(number, text)
        elif sub:
            text = sub.group(1)
            if self.list_open and self.objective and self.objective.actions:
                self._item(number, text, "sub")
            else:
                self.layout.notes.append(
                    (number, "sub-bullet outside a list: read as an action of its own")
                )
                self._new_action(number, text)
        else:
            text = raw.strip()
            if NUMBERED_RE.match(raw) and self.list_open:
                self._item(number, text, "num")
                return
            if self.list_open:
                self.list_style = self.list_style or "text"
                self._close_list(number)
            self._append(number, text)
            self._after_text(number, text)

    def future_line(self, number: int, raw: str) -> bool:
        """Handle a line of the future aims; False when it ends them."""
        assert self.objective is not None
        numbered, sub, top = NUMBERED_RE.match(raw), SUB_RE.match(raw), TOP_RE.match(raw)
        style = "num" if numbered else "sub" if sub else "top" if top else None
        if style is None:
            if self.objective.future:
                self.objective.future[-1].parts.append((number, raw.strip()))
            return True
        if self.future_style not in (None, style):
            self.layout.notes.append(
                (number, f"bullet after the future objectives of objective "
                 f"{self.objective.number}: read as an action")
            )  # fmt: skip
            return False
        self.future_style = style
        match = numbered or sub or top
        assert match is not None
        self.objective.future.append(Block([(number, match.groups()[-1])]))
        return True

    def line(self, number: int, raw: str) -> None:
        if not raw.strip() or FOOTNOTE_RE.match(raw):
            return
        heading = HEADING_RE.match(raw)
        if heading:
            self._close_list(number)
            self.objective = Objective(int(heading.group(1)), heading.group(2), number)
            self.layout.objectives.append(self.objective)
            self.layout.headings.append((f"objective {self.objective.number}", number))
            self.mode = "actions"
            return
        if END_RE.match(raw):
            self._close_list(number)
            self.mode = "context"
            self.layout.headings.append((CLOSING, number))
            return
        if self.mode == "context":
            return
        if FUTURE_RE.match(raw.strip()):
            self._close_list(number)
            self.mode, self.future_style = "future", None
            return
        if self.mode == "future":
            if self.future_line(number, raw):
                return
            self.mode = "actions"
        self.action_line(number, raw)


def parse_layout(text: str) -> Layout:
    reader = _Reader()
    for number, raw in enumerate(text.splitlines(), start=1):
        reader.line(number, raw)
    reader._close_list(0)
    return reader.layout

"""Evaluate the curated claims (`loaders/reference/claims.csv`) against the documents' data.

A claim is a small expression over what the document itself states: numbers and quoted
words that must appear on the claim's lines (so a row cannot invent a figure), and a few
functions that read the document's graph or text:

- `value(dataset, local)`, `rank(dataset, local)`: an observation of the 2024 cubes
  (id/indicador/<dataset>/observacion/<local>) and its rank among the dataset's
  observations of the same kind of body (1 = the largest; ties share a rank);
- `covered(kind)`: under how many objectives section III gives a kind of body actions;
- `mentioned(phrase, n)`: whether the document's actions under GCM objective n say it;
- `items_after(line)`: the list items right after a line; `table_after(line)`: whether a
  table follows it; `heading(phrase)`: whether a section heading says it;
- `initials(name)`: a name's initials (the words' capitals, "de", "la" ... skipped);
- `max(a, b, ...)`: the largest of its arguments;
- `date(text)`: a Spanish date ("20 de mayo de 2013"); `k(n)`: a constant the text gives
  in words or leaves implicit (days in a year).

`A = B` between numbers holds when B, rounded or cut at A's decimals, is A: a report that
writes 89.38% for 89.3888% truncates, which is not a contradiction.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date

from rdflib import Graph
from rdflib.namespace import QB
from rdflib.term import Literal, URIRef

from loaders.checks import Check, Kind, Stated
from loaders.errors import TableError
from loaders.reference.claims import ClaimRow
from loaders.text import fold
from loaders.vocab import MIG, Ids

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        1,
    )
}
_SMALL = {"de", "del", "la", "las", "los", "el", "y", "e", "para", "en", "a", "por", "con"}
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+\.)\s")
_HEADING = re.compile(r"^(?:[IVX]+\.|[a-e](?:\.\d)?\.|\d+\.)\s|^[^a-z]{6,}$")
_MEASURES = (MIG.actionCount, MIG.percentage, MIG.agencyCount)
_NAMES = ("value", "rank", "covered", "mentioned", "items_after", "table_after", "heading",
          "initials", "date", "k", "max")  # fmt: skip
_IDENTIFIER_ARGS = ("value", "rank", "covered")
Value = int | float | str | bool | Date


def numbers(text: str) -> set[str]:
    """The numbers a line states, normalised: "970 mil 467" -> 970467, "1,140,001" ->
    1140001, "$1,070'049,035" -> 1070049035."""
    text = re.sub(r"(\d+) mil (\d{1,3})\b", lambda m: f"{m[1]}{int(m[2]):03d}", text)
    text = re.sub(r"(?<=\d)[,'’]\s?(?=\d{3}\b)", "", text)
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def spanish_date(text: str) -> Date:
    m = re.fullmatch(r"(\d{1,2}) de (\w+) de (\d{4})", text.strip().lower())
    if not m or m[2] not in _MONTHS:
        raise ValueError(f"not a date: {text!r}")
    return Date(int(m[3]), _MONTHS[m[2]], int(m[1]))


def initials(name: str) -> str:
    return "".join(w[0].upper() for w in name.split() if w.lower() not in _SMALL)


@dataclass
class Document:
    """What a claim may read: the document's key, text lines and graph."""

    key: str
    lines: list[str]
    graph: Graph
    ids: Ids


@dataclass
class _Run:
    row: ClaimRow
    doc: Document
    stated: list[Stated] = field(default_factory=list)

    def fail(self, message: str) -> TableError:
        return TableError(self.row.file, self.row.row, message)

    def _line_of(self, found: Callable[[str], bool], what: str) -> int:
        for n in self.row.lines:
            if 0 < n <= len(self.doc.lines) and found(self.doc.lines[n - 1]):
                return n
        raise self.fail(f"{what} is not on line(s) {self.row.lines} of {self.doc.key}")

    def literal(self, node: ast.Constant) -> Value:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.fail(f"unsupported literal {value!r}")
        text = ast.get_source_segment(self.row.expression, node) or str(value)
        if isinstance(value, str):
            line = self._line_of(lambda t: fold(value) in fold(t), repr(value))
        else:
            line = self._line_of(lambda t: text in numbers(t), text)
        self.stated.append(Stated(line, text.strip("'\"")))
        return value

    # -- functions over the graph and the text --------------------------------------------
    def _observations(self, dataset: str) -> list[tuple[URIRef, float, URIRef | None, int]]:
        graph, iri = self.doc.graph, self.doc.ids.dataset(dataset)
        out = []
        for obs in graph.subjects(QB.dataSet, iri):
            values = [graph.value(obs, m) for m in _MEASURES if graph.value(obs, m) is not None]
            line = graph.value(obs, MIG.sourceLineStart)
            if values and isinstance(values[0], Literal) and isinstance(line, Literal):
                kind = graph.value(obs, MIG.agencyKind)
                out.append((URIRef(str(obs)), float(values[0].toPython()),
                            URIRef(str(kind)) if kind else None, int(line.toPython())))  # fmt: skip
        if not out:
            raise self.fail(f"no observations in dataset {dataset!r}")
        return out

    def _observation(self, dataset: str, local: str) -> tuple[float, URIRef | None, int]:
        iri = self.doc.ids.observation(dataset, local)
        for obs, value, kind, line in self._observations(dataset):
            if obs == iri:
                shown = int(value) if value.is_integer() else value
                self.stated.append(Stated(line, str(shown)))
                return value, kind, line
        raise self.fail(f"no observation {local!r} in dataset {dataset!r}")

    def value(self, dataset: str, local: str) -> float:
        return self._observation(dataset, local)[0]

    def rank(self, dataset: str, local: str) -> int:
        value, kind, _ = self._observation(dataset, local)
        peers = [v for _, v, k, _ in self._observations(dataset) if k == kind]
        return 1 + sum(1 for v in peers if v > value)

    def covered(self, kind: str) -> int:
        wanted = self.doc.ids.agency_kind(kind)
        return sum(
            1
            for _, v, k, _ in self._observations("pmm-2024-acciones-por-objetivo-y-tipo")
            if k == wanted and v > 0
        )

    def mentioned(self, phrase: str, objective: int) -> bool:
        target, graph = self.doc.ids.gcm_objective(objective), self.doc.graph
        return any(
            fold(phrase) in fold(str(graph.value(action, MIG.description) or ""))
            for action in graph.subjects(MIG.contributesTo, target)
        )

    def items_after(self, line: int) -> int:
        count = 0
        for text in self.doc.lines[line:]:
            if not text.strip():
                continue
            if not _ITEM.match(text):
                break
            count += 1
        return count

    def table_after(self, line: int) -> bool:
        return any(text.lstrip().startswith("|") for text in self.doc.lines[line:])

    def heading(self, phrase: str) -> bool:
        """Whether a heading in the text says `phrase` (the table of contents, whose lines
        end in a page number after a tab, does not count)."""
        return any(
            _HEADING.match(text.strip())
            and not re.search(r"\t\d+\s*$", text)
            and fold(phrase) in fold(text)
            for text in self.doc.lines
        )

    # -- the expression ---------------------------------------------------------------------
    def eval(self, node: ast.expr) -> Value:
        if isinstance(node, ast.Constant):
            return self.literal(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            operand = self.eval(node.operand)
            if not isinstance(operand, int | float):
                raise self.fail("minus needs a number")
            return -operand
        if isinstance(node, ast.BinOp):
            left, right = self.eval(node.left), self.eval(node.right)
            if not (isinstance(left, int | float) and isinstance(right, int | float)):
                raise self.fail("arithmetic needs numbers")
            ops: dict[type[ast.operator], Callable[[float, float], float]] = {
                ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
                ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b,
            }  # fmt: skip
            if type(node.op) not in ops:
                raise self.fail("only + - * / are allowed")
            return ops[type(node.op)](left, right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name not in _NAMES or node.keywords:
                raise self.fail(f"unknown function {name!r}")
            if name == "k":
                arg = node.args[0]
                if not isinstance(arg, ast.Constant) or not isinstance(arg.value, int | float):
                    raise self.fail("k() takes a number")
                return arg.value
            args: list[Value] = []
            for arg in node.args:
                if name in _IDENTIFIER_ARGS and isinstance(arg, ast.Constant):
                    args.append(str(arg.value))
                elif (
                    name in ("items_after", "table_after", "mentioned")
                    and isinstance(arg, ast.Constant)
                    and isinstance(arg.value, int)
                ):
                    args.append(int(arg.value))  # a line or objective number, not a stated figure
                else:
                    args.append(self.eval(arg))
            plain: dict[str, Callable[..., Value]] = {
                "initials": initials,
                "date": spanish_date,
                "max": lambda *xs: max(xs),
            }
            function: Callable[..., Value] = plain.get(name) or getattr(self, name)
            return function(*args)
        raise self.fail(f"unsupported expression: {ast.dump(node)[:60]}")


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def _equal(left: Value, right: Value, left_text: str) -> bool:
    if isinstance(left, int | float) and isinstance(right, int | float):
        d = _decimals(left_text)
        cut = math.floor(right * 10**d) / 10**d
        return math.isclose(round(right, d), left) or math.isclose(cut, left)
    return left == right


def _given(node: ast.expr) -> bool:
    """Whether an operand is a number the text gives as is (a literal or k(n))."""
    if isinstance(node, ast.Constant):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "k"


def _show(value: Value) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _compare(run: _Run, node: ast.Compare) -> tuple[bool, list[Value]]:
    values = [run.eval(node.left), *(run.eval(c) for c in node.comparators)]
    texts = [ast.get_source_segment(run.row.expression, n) or "" for n in
             (node.left, *node.comparators)]  # fmt: skip
    ok = True
    for i, op in enumerate(node.ops):
        a, b = values[i], values[i + 1]
        if isinstance(op, ast.Eq):
            ok &= _equal(a, b, texts[i])
        elif isinstance(op, ast.NotEq):
            ok &= not _equal(a, b, texts[i])
        elif isinstance(a, int | float | Date) and isinstance(b, type(a) | int | float):
            checks: dict[type[ast.cmpop], Callable[[object, object], bool]] = {
                ast.Lt: lambda x, y: x < y, ast.LtE: lambda x, y: x <= y,  # type: ignore[operator]
                ast.Gt: lambda x, y: x > y, ast.GtE: lambda x, y: x >= y,  # type: ignore[operator]
            }  # fmt: skip
            if type(op) not in checks:
                raise run.fail("unsupported comparison")
            ok &= checks[type(op)](a, b)
        else:
            raise run.fail(f"cannot compare {a!r} and {b!r}")
    return ok, values


def evaluate(row: ClaimRow, doc: Document) -> Check:
    """The row's verdict against the document's data, with the statements it rests on."""
    run = _Run(row, doc)
    source = re.sub(r"(?<![<>=!])=(?!=)", "==", row.expression)
    run.row = ClaimRow(row.file, row.row, row.document, row.lines, row.kind, row.quote,
                       source, row.note)  # fmt: skip
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as error:
        raise run.fail(f"claim does not parse: {error.msg}") from None
    if isinstance(tree, ast.Compare):
        ok, values = _compare(run, tree)
        operands = [tree.left, *tree.comparators]
        derived = [_show(v) for v, n in zip(values, operands, strict=True) if not _given(n)]
        computed = " ; ".join(derived or [_show(v) for v in values])
    else:
        result = run.eval(tree)
        if not isinstance(result, bool):
            raise run.fail("a claim must be a comparison or a yes/no function")
        ok, computed = result, str(result).lower()
    where = ", ".join(map(str, row.lines))
    es = (
        f"Línea {where}: «{row.quote}». Con los datos del propio documento se calcula "
        f"{computed}: la afirmación ({row.expression}) "
        + ("se confirma." if ok else "no concuerda con ellos.")
    )
    en = (
        f"Line {where}: the document claims {row.expression}; its own data gives {computed}: "
        + ("confirmed." if ok else "it disagrees.")
        + (f" {row.note}" if row.note else "")
    )
    kind: Kind = row.kind  # type: ignore[assignment]
    said = {s.line for s in run.stated}
    run.stated += [Stated(line) for line in row.lines if line not in said]
    stated = tuple(sorted(set(run.stated)))
    return Check(doc.key, kind, ok, stated, computed, es, en, quote=row.quote)

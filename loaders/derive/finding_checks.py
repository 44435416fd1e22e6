"""The loaders' contradiction and inconsistency findings as structured `Check`s.

The PEM and 2024 loaders already compare what a document says in two places and report
each disagreement as a `Finding` whose message names both lines and values. Those messages
come from a handful of fixed templates in this repository; each template is matched here
and turned into a `Check` with its kind, the statements (line, value), what was computed,
and an explanation in Spanish beside the English message. A finding that matches no
template stays a finding only (`unmatched` tells the report).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from loaders.checks import Check, Kind, Stated
from loaders.model import Finding

_KIND_ES = {
    "administracion publica federal": "la Administración Pública Federal",
    "administracion-publica-federal": "la Administración Pública Federal",
    "gobierno estatal": "las entidades federativas",
    "gobierno-estatal": "las entidades federativas",
    "poder judicial": "el Poder Judicial",
    "poder-judicial": "el Poder Judicial",
    "poder legislativo": "el Poder Legislativo",
    "organismo constitucional autonomo": "los organismos constitucionales autónomos",
    "organismo-constitucional-autonomo": "los organismos constitucionales autónomos",
    "organizacion sociedad civil": "las organizaciones de la sociedad civil",
    "organizacion-sociedad-civil": "las organizaciones de la sociedad civil",
    "all bodies": "todas las instituciones",
}


def _slug(label: str | None) -> str | None:
    return None if not label or label == "all bodies" else label.replace(" ", "-")


def _es(label: str | None) -> str:
    return _KIND_ES.get(label or "all bodies", label or "")


def _de(label: str | None) -> str:
    """ "de" + the kind's Spanish name, contracted ("del Poder Judicial")."""
    name = _es(label)
    return "del " + name[3:] if name.startswith("el ") else "de " + name


Rule = tuple[re.Pattern[str], Callable[[re.Match[str], str, Finding], Check]]


def _split(m: re.Match[str], doc: str, f: Finding) -> Check:
    o, parts, s, t, line = m["o"], m["parts"], m["sum"], m["total"], int(m["line"])
    return Check(
        doc, "suma", False, (Stated(line, t),), s,
        f"El objetivo {o} declara {t} acciones (línea {line}), pero su desglose por tipo de "
        f"institución ({parts}) suma {s}.",
        f.message, objective=int(o),
    )  # fmt: skip


def _against_iii(m: re.Match[str], doc: str, f: Finding) -> Check:
    line, where, o, said, v = int(m["line"]), m["where"], m["o"], m["said"] or "", m["v"]
    label, other, t = m["kind"], int(m["other"]), m["t"]
    kind: Kind = "orden" if said else "cifra-repetida"
    said_es = {"more than ": "más de ", "at most ": "a lo sumo "}.get(said, "")
    by = f" {_de(label)}" if label else ""
    return Check(
        doc, kind, False, (Stated(line, f"{said}{v}".strip()), Stated(other, t)), t,
        f"La línea {line} (apartado {where}) atribuye al objetivo {o} {said_es}{v} acciones"
        f"{by}; el apartado III (línea {other}) le da {t}.",
        f.message, objective=int(o), agency_kind=_slug(label),
    )  # fmt: skip


def _total(m: re.Match[str], doc: str, f: Finding) -> Check:
    line, where, v, label, s = int(m["line"]), m["where"], m["v"], m["kind"], m["sum"]
    return Check(
        doc, "suma", False, (Stated(line, v),), s,
        f"La línea {line} (apartado {where}) da {v} acciones {_de(label)}; las cifras por "
        f"objetivo del apartado III suman {s}.",
        f.message, agency_kind=_slug(label),
    )  # fmt: skip


def _twice(m: re.Match[str], doc: str, f: Finding) -> Check:
    line, where, v, what, label = int(m["line"]), m["where"], m["v"], m["what"], m["kind"]
    other, where2, u = int(m["other"]), m["where2"], m["u"]
    what_es = "instituciones participantes" if what == "participating bodies" else "acciones"
    return Check(
        doc, "cifra-repetida", False, (Stated(line, v), Stated(other, u)), "",
        f"La línea {line} (apartado {where}) da {v} {what_es} {_de(label)}; la línea "
        f"{other} (apartado {where2}) da {u}.",
        f.message, agency_kind=_slug(label),
    )  # fmt: skip


def _spread(m: re.Match[str], doc: str, f: Finding) -> Check:
    line, where, label, v, n, which = (
        int(m["line"]), m["where"], m["kind"], m["v"], m["n"], m["which"]
    )  # fmt: skip
    return Check(
        doc, "conteo", False, (Stated(line, v),), n,
        f"La línea {line} (apartado {where}) dice que {_es(label)} informaron acciones en {v} "
        f"objetivos; el apartado III les da acciones en {n} ({which}).",
        f.message, agency_kind=_slug(label),
    )  # fmt: skip


def _kinds_sum(m: re.Match[str], doc: str, f: Finding) -> Check:
    line, s, t, other = int(m["line"]), m["sum"], m["t"], int(m["other"])
    return Check(
        doc, "suma", False, (Stated(line, ""), Stated(other, t)), s,
        f"Las acciones por tipo de institución de la línea {line} suman {s}, no las {t} "
        f"acciones de la línea {other}.",
        f.message,
    )  # fmt: skip


def _categories(m: re.Match[str], doc: str, f: Finding) -> Check:
    line, v, other, n = int(m["line"]), m["v"], int(m["other"]), m["n"]
    return Check(
        doc, "conteo", False, (Stated(line, v), Stated(other, "")), n,
        f"La línea {line} dice que los retos se agrupan en {v} categorías; el glosario "
        f"(apartado VI, desde la línea {other}) define {n}.",
        f.message,
    )  # fmt: skip


def _wording(m: re.Match[str], doc: str, f: Finding) -> Check:
    code, file1, l1, w1, file2, l2, w2 = (
        m["code"], m["f1"], int(m["l1"]), m["w1"], m["f2"], int(m["l2"]), m["w2"]
    )  # fmt: skip
    other = file2.removesuffix("-acciones.txt")
    return Check(
        doc, "nombre", False, (Stated(l1, w1), Stated(l2, w2, other)), "",
        f"La línea de acción {code} del PEM se titula de dos maneras: «{w1}» ({file1}:{l1}) y "
        f"«{w2}» ({file2}:{l2}).",
        f.message,
    )  # fmt: skip


def _no_action(m: re.Match[str], doc: str, f: Finding) -> Check:
    code, n = m["code"], m["n"]
    return Check(
        doc, "conteo", False, (Stated(f.line, "0"),), n,
        f"La línea de acción {code} dice que no hay acciones programadas para 2018, pero "
        f"describe {n}.",
        f.message,
    )  # fmt: skip


def _order(m: re.Match[str], doc: str, f: Finding) -> Check:
    a, b = m["a"], m["b"]
    return Check(
        doc, "numeracion", False, (Stated(f.line, a),), b,
        f"El bloque {a} aparece después del bloque {b}: fuera del orden numérico.",
        f.message,
    )  # fmt: skip


def _cut(m: re.Match[str], doc: str, f: Finding) -> Check:
    code, end, more = m["code"], m["end"], m["more"]
    return Check(
        doc, "nombre", False, (Stated(f.line, end),), f"{end} {more}",
        f"El título de la línea de acción {code} parece cortado: termina en «{end}», que en "
        f"otros lugares sigue con «{more}».",
        f.message,
    )  # fmt: skip


_KIND = r"(?P<kind>[a-z][a-z -]+?)"
RULES: list[Rule] = [
    (re.compile(r"objective (?P<o>\d+): the split by kind of body \((?P<parts>[^)]*)\) adds up "
                r"to (?P<sum>\d+), not to the stated total (?P<total>\d+) \(line (?P<line>\d+)\)"),
     _split),
    (re.compile(r"line (?P<line>\d+) \((?P<where>[\w.]+)\) gives objective (?P<o>\d+) "
                r"(?P<said>more than |at most )?(?P<v>\d+) actions(?: by " + _KIND + r")?; "
                r"section III \(line (?P<other>\d+)\) gives (?P<t>\d+)$"), _against_iii),
    (re.compile(r"line (?P<line>\d+) \((?P<where>[\w.]+)\) gives (?P<v>\d+) actions for "
                + _KIND + r"; section III's per-objective figures add up to (?P<sum>\d+)$"),
     _total),
    (re.compile(r"line (?P<line>\d+) \((?P<where>[\w.]+)\) gives (?P<v>\d+) "
                r"(?P<what>actions|participating bodies) for " + _KIND + r"; line (?P<other>\d+) "
                r"\((?P<where2>[\w.]+)\) gives (?P<u>\d+)$"), _twice),
    (re.compile(r"line (?P<line>\d+) \((?P<where>[\w.]+)\) says " + _KIND + r" reported actions "
                r"under (?P<v>\d+) objectives; section III gives them actions under (?P<n>\d+) "
                r"\((?P<which>[^)]*)\)$"), _spread),
    (re.compile(r"the actions per kind of body on line (?P<line>\d+) add up to (?P<sum>\d+), "
                r"not to the (?P<t>\d+) actions of line (?P<other>\d+)$"), _kinds_sum),
    (re.compile(r"line (?P<line>\d+) says the challenges fall into (?P<v>\d+) categories; the "
                r"glossary \(section VI, from line (?P<other>\d+)\) defines (?P<n>\d+)$"),
     _categories),
    (re.compile(r"PEM (?P<code>[\d.]+): (?P<f1>[\w-]+\.txt):(?P<l1>\d+) reads '(?P<w1>[^']*)', "
                r"(?P<f2>[\w-]+\.txt):(?P<l2>\d+) reads '(?P<w2>[^']*)'"), _wording),
    (re.compile(r"line of action (?P<code>[\d.]+): says no action is planned for 2018 but "
                r"describes (?P<n>\d+)"), _no_action),
    (re.compile(r"block (?P<a>[\d.]+) comes after block (?P<b>[\d.]+): out of numeric order"),
     _order),
    (re.compile(r"title of (?P<code>[\d.]+) looks cut short: it ends in '(?P<end>[^']*)', which "
                r"elsewhere is followed by '(?P<more>[^']*)'"), _cut),
]  # fmt: skip


def check_of(finding: Finding, doc_key: str) -> Check | None:
    """The `Check` a contradiction or inconsistency finding describes, or None."""
    for pattern, make in RULES:
        match = pattern.search(finding.message)
        if match:
            return make(match, doc_key, finding)
    return None


def checks_from(findings: list[Finding], keys: dict[str, str]) -> tuple[list[Check], list[Finding]]:
    """Checks for the findings of kind contradiction/inconsistency (`keys`: file -> document
    key), and the ones no template matched."""
    checks: list[Check] = []
    unmatched: list[Finding] = []
    for finding in findings:
        if finding.kind not in ("contradiction", "inconsistency") or finding.file not in keys:
            continue
        check = check_of(finding, keys[finding.file])
        if check is None:
            unmatched.append(finding)
        else:
            checks.append(check)
    return checks, unmatched

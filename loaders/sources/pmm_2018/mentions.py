"""Figures and programme names in the 2018 report's action texts.

Figures: a number ("377,928", "3 mil 960", "26, 524,933", "$1,070'049,035", "89.38%")
followed by what it counts ("descargas", "tesis de maestría"). Years, dates, article
numbers, list markers and durations are not figures. Programme names: the spans the report
emphasises (*Programa de Coinversión Social*), names the programme registry knows, and
"Programa|Sistema|Ventanillas|... <Name> (ACRONYM)" forms; emphasised names of laws and
bodies are not programmes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from loaders.model import LoadContext
from loaders.reference.retired import is_generic

_MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
_NUMBER = re.compile(
    r"(?<![\w.,/\-])(\d{1,3}(?:,\s?\d{3}|'\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"((?:\s+millones(?:\s+\d{1,3}(?![\d,]))?)?(?:\s+mil(?:\s+\d{1,3}(?![\d,]))?)?)"
    r"(\s*%)?(?![\d°)])"
)
_SKIP_BEFORE = re.compile(
    r"(?:art[ií]culos?|fracci[oó]n|objetivo|pag\.|acuerdo|reuni[oó]n|Cap[ií]tulo)\s+$|"
    rf"(?:{_MONTHS})\s+(?:de|del)\s+$",
    re.I,
)
_STOP = {
    "en", "que", "y", "e", "o", "desde", "durante", "a", "al", "con", "para", "por", "se",
    "entre", "hasta", "como", "comparado", "más", "menos", "sobre", "los", "las", "el", "la",
}  # fmt: skip
_INNER = {"de", "del", "la", "las", "el", "los"}
_DURATIONS = {"años", "meses", "días", "horas", "minutos", "semanas", "año", "mes", "día"}
_CURRENCIES = ("dólares canadienses", "dólares", "pesos", "mdp")
_QUALIFIERS = re.compile(
    r"(un poco más de|más de|aproximadamente|aprox\.|hasta|casi|cerca de|menos de)\s+$", re.I
)
_ARTICLE_LISTS = re.compile(r"art[ií]culos?\s+[\d,\sy]+", re.I)
_WORD = re.compile(r"\s*([A-Za-zÁÉÍÓÚÑáéíóúñü][\w/\-]*)")


@dataclass(frozen=True)
class Figure:
    value: int | Decimal
    counts: str
    unit: str | None
    qualifier: str | None
    start: int


def _value(digits: str, words: str) -> int | Decimal:
    if not words.strip():
        clean = re.sub(r"[,'\s]", "", digits)
        return Decimal(clean) if "." in clean else int(clean)
    total, current = 0, int(re.sub(r"\D", "", digits))
    for token in re.findall(r"\d+|millones|mil", words):
        if token == "millones":
            total, current = total + current * 1_000_000, 0
        elif token == "mil":
            total, current = total + current * 1000, 0
        else:
            current = int(token)
    return total + current


def _phrase(text: str, percent: bool) -> str:
    """The words right after a number, up to punctuation or a connector (at most six)."""
    words: list[str] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        word = match.group(1)
        if text[previous_end : match.start(1)].strip() or len(words) >= 6:
            break
        lowered = word.lower()
        if lowered in _STOP and not (percent and not words and lowered in ("de", "del")):
            break
        if not words and lowered in _INNER and not percent:
            break
        words.append(word)
        previous_end = match.end(1)
    while words and words[-1].lower() in _INNER:
        words.pop()
    return " ".join(words)


def figures(line: str) -> list[Figure]:
    """The figures one cleaned line states, left to right."""
    text = _ARTICLE_LISTS.sub(lambda m: " " * len(m.group(0)), line)
    found: list[Figure] = []
    for match in _NUMBER.finditer(text):
        digits, words, percent = match.group(1), match.group(2), match.group(3)
        if not words.strip() and not percent and re.fullmatch(r"(?:19|20)\d\d", digits):
            continue  # a year
        if _SKIP_BEFORE.search(text[: match.start()]):
            continue
        after = text[match.end() :]
        if re.match(rf"\s+de\s+(?:{_MONTHS})\b", after, re.I):
            continue  # a date
        counts = _phrase(after, bool(percent))
        unit = "%" if percent else None
        for currency in _CURRENCIES:
            if counts.lower().startswith(currency):
                unit = currency
                break
        if not counts and not percent:
            continue
        if counts.split(" ")[0].lower() in _DURATIONS:
            continue
        qualifier = _QUALIFIERS.search(text[: match.start()])
        found.append(
            Figure(
                _value(digits, words),
                counts,
                unit,
                qualifier.group(1) if qualifier else None,
                match.start(),
            )
        )
    return found


_EMPHASIS = re.compile(r"\*\*?([^*]+?)\*\*?")
_NOT_PROGRAM = re.compile(
    r"^(?:Ley|Lineamientos|Procuradur[ií]as?|Organizaci[oó]n|Comisi[oó]n|Consejo|Secretar[ií]a"
    r"|Instituto|Sistemas|Manual|Prontuario|Memor[aá]ndum|E-Book|Primer Encuentro"
    r"|Coalici[oó]n|Medidas|Alianzas|Encuestas|Centro de Estudios|Centro de Investigaci[oó]n)\b"
)
_NAMED_WITH_ACRONYM = re.compile(
    r"\b((?:Programa|Sistema|Estrategia|Ventanillas?|Semana|Procedimiento|Mecanismo|Protocolo"
    r"|Centro|Proyecto|Campaña|Tarjeta)(?:\s+(?:[A-ZÁÉÍÓÚÑ][\w\-]*|de|del|la|las|el|los|y|a|al"
    r"|en|para|sobre|entre))*?\s+[A-ZÁÉÍÓÚÑ][\w\-]*)\s+\(([A-Z][A-Za-z\-]{1,15})\)"
)
_QUOTES = str.maketrans("", "", '“”"«»')


def program_names(raw: str, ctx: LoadContext) -> list[tuple[int, str]]:
    """(position in the raw line, name) of the programmes a raw line names."""
    names: list[tuple[int, str]] = []
    for match in _EMPHASIS.finditer(raw):
        name = re.sub(r"\s+", " ", match.group(1).translate(_QUOTES)).strip(" .,;:")
        if len(name) < 4 or _NOT_PROGRAM.match(name) or ctx.agencies.resolve(name):
            continue
        if is_generic(name):
            continue
        names.append((match.start(), name))
    plain = raw.replace("*", " ")
    for match in _NAMED_WITH_ACRONYM.finditer(plain):
        if ctx.agencies.resolve(match.group(2)) or ctx.agencies.resolve(match.group(1)):
            continue
        if not is_generic(match.group(1)):
            names.append((match.start(), re.sub(r"\s+", " ", match.group(1))))
    for mention in ctx.programs.find_mentions(plain):
        if mention.matched[:1].isupper():  # "matrícula consular" in lower case is generic
            names.append((mention.start, mention.program.pref_label))
    return sorted(names)

"""Where a programme's name stands in a sentence, and whether that place makes it context.

`program_roles.py` asks, for each place an action's text names a programme, whether the
programme is the action's work or named in passing. A place is passing (`passing_cue`) when:

- **cue**: a co-actor, venue, data-source, model or "besides" cue governs it in the same
  sentence ("con la participación de PGR, INM, Grupo BETA", "durante las Ferias ..., la
  Semana Binacional de Salud", "en los diferentes eventos de la Semana Nacional de
  Educación Financiera", "los aeropuertos ... en los que opera el PRIM", "la información
  derivada de la aplicación del Protocolo ...", "tomando como referencia la Estrategia
  Somos Mexicanos", "Adicionalmente a la labor que se realiza ... mediante los programas de
  Ventanillas de Salud"): the cue starts at most `CUE_SPAN` characters before the name
  (twice that for a "besides" that opens the sentence: it governs the whole introductory
  clause), or further when only a list of names lies between, and no colon stands between
  (a colon opens a list the cue does not govern);
- **aside**: it stands inside a parenthesis that says more than the name ("(la suma de las
  movilidades, repatriados, PTAT y MML)"); a parenthesis holding only a name or an acronym
  glosses the words before it and is no aside;
- **item**: it is the complement of one item, not the first, in an enumeration of three or
  more items of other work ("servicios de orientaciones, consejería, ..., consultas médicas
  y afiliaciones al Seguro Popular"); an item that is the name itself ("Paisano, Grupos Beta
  y OPIs") is a programme the action covers;
- **listed activity**: it stands after a colon that opens a list of activities or
  programmes ("se realizaron las siguientes actividades: Cursos ... para Oficiales de
  Protección a la Infancia (OPIS) ...", a social audit "En los siguientes programas
  federales: 1. Programa Sembrando Vida; ..."): one item among many the action covers.

A programme whose figures the results count (a number right before its name: "se han
expedido 56,929 tarjetas de visitante regional") is the action's output (`counted`).
"""

from __future__ import annotations

import itertools
import re

from loaders.text import fold_keep_length, name_pattern

__all__ = ["CUE_SPAN", "Place", "counted", "passing_cue", "places"]

Place = tuple[int, int]  # start, end of a name in the text

CUE_SPAN = 80
_QUOTES = re.compile(r"[\"“”«»‘’*]")
_CUE = re.compile(
    # co-actors and participants
    r"\b(?:en coordinacion con|con la participacion de|colaboracion con|participo|"
    r"participaron|participan|"
    # venues: events, and places where another programme operates
    r"durante (?:el|la|los|las)|"
    r"en (?:el marco de )?(?:los|las) (?:\w+ ){0,2}(?:eventos|jornadas|ferias|foros) de|"
    r"(?:donde|(?:en )?(?:el|la|los|las) que|(?:en )?(?:el|la) cual|(?:en )?(?:los|las) cuales)"
    r" (?:opera|operan|funciona|funcionan)|"
    # data sources and models
    r"(?:derivad|provenient|obtenid)[oa]s? de|tomando como (?:referencia|modelo|base)|"
    # what the action is done besides
    r"adicionalmente a|ademas de)\b"
)
# a sentence that opens with "besides ..." governs its whole introductory clause
_BESIDES = re.compile(r"\s*(?:adicionalmente a|ademas de)\b")
_BESIDES_SPAN = 2 * 80
_SENTENCE_END = re.compile(r"[.;](?=\s|$)")
_ARTICLE = r"(?:(?:con|a|de|en)\s+)?(?:el|la|los|las|del|al|sus?)\s+"
# between a cue and the name: other names of a list (each capitalised), then an article
_LIST_OF_NAMES = re.compile(
    rf"(?:\s*(?:{_ARTICLE})?[*\"“]?[A-ZÁÉÍÓÚÑ0-9][^,;.:]{{0,80}}?(?:,|\s+y\s+|\s+e\s+))*"
    rf"\s*(?:{_ARTICLE})?[*\"“]?\s*$"
)
_ITEM_SPLIT = re.compile(r",\s*|\s+(?:y|e)\s+")
_ITEMS_BEFORE, _SHORT_ITEM, _OWN = 2, 6, 4
_CONTENT_WORD = re.compile(r"\b[a-záéíóúñ]{4,}\b")
_ACTIVITY_LIST = re.compile(
    r"\b(?:las|los) siguientes (?:actividades|acciones|cursos|talleres|eventos|programas)"
    r"(?: \w+)?\s*:"
)
_FIGURE_BEFORE = re.compile(r"\d[\d,.]*\s+$")


def places(text: str, names: list[str]) -> list[Place]:
    """Where the names occur in `text` (acronyms case-sensitive, whole words)."""
    folded = fold_keep_length(_QUOTES.sub(" ", text))
    found: set[Place] = set()
    for name in names:
        if name.isupper() and len(name) <= 6:
            pattern, haystack = rf"(?<![\w-]){re.escape(name)}(?!\w)", text
        else:
            pattern, haystack = rf"(?<!\w){name_pattern(_QUOTES.sub(' ', name))}(?!\w)", folded
        found |= {(m.start(), m.end()) for m in re.finditer(pattern, haystack)}
    return sorted(found)


def _sentence(text: str, at: int) -> int:
    """Where the sentence holding position `at` starts."""
    return max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)


def _after_cue(text: str, folded: str, start: int, at: int) -> bool:
    cues = list(_CUE.finditer(folded, start, at))
    if not cues:
        return False
    cue = cues[-1]
    if ":" in text[cue.end() : at]:  # a colon opens a list the cue does not govern
        return False
    opening = _BESIDES.match(folded, start)
    span = _BESIDES_SPAN if opening and opening.end() == cue.end() else CUE_SPAN
    return at - cue.start() <= span or bool(_LIST_OF_NAMES.fullmatch(text[cue.end() : at]))


def _aside(text: str, at: int, end: int) -> bool:
    opened = text.rfind("(", 0, at)
    if opened < 0 or ")" in text[opened:at]:
        return False
    closed = text.find(")", end)
    if closed < 0:
        return False
    rest = text[opened + 1 : at] + " " + text[end:closed]
    return len(_CONTENT_WORD.findall(rest)) >= 2


def _item(text: str, start: int, at: int) -> bool:
    """The name completes an item of an enumeration of other work: a few words of the item
    stand before the name, and at least `_ITEMS_BEFORE` short items written in lower case
    ("consultas médicas": work, not the names of bodies or programmes) precede it."""
    cuts = [m for m in _ITEM_SPLIT.finditer(text, start, at)]
    if len(cuts) < _ITEMS_BEFORE + 1:
        return False
    own = text[cuts[-1].end() : at]
    if not _CONTENT_WORD.search(re.sub(_ARTICLE + "$", "", own)) or len(own.split()) > _OWN:
        return False
    before = [text[a.end() : b.start()] for a, b in itertools.pairwise(cuts)][-_ITEMS_BEFORE:]
    return all(len(i.split()) <= _SHORT_ITEM and i == i.lower() for i in before)


def _listed_activity(folded: str, at: int) -> bool:
    return any(m.end() <= at for m in _ACTIVITY_LIST.finditer(folded, 0, at))


def passing_cue(text: str, place: Place) -> str | None:
    """Why the name at `place` is context, or None (see the module docstring)."""
    at, end = place
    folded = fold_keep_length(text)
    start = _sentence(text, at)
    if _after_cue(text, folded, start, at):
        return "cue"
    if _aside(text, at, end):
        return "aside"
    if _item(text, start, at):
        return "item"
    if _listed_activity(folded, at):
        return "listed-activity"
    return None


def counted(text: str, names: list[str]) -> bool:
    """Some figure stands right before a name: the text counts the programme's items."""
    return any(_FIGURE_BEFORE.search(text[max(0, at - 20) : at]) for at, _ in places(text, names))

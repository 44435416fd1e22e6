"""Who does an action: the grammatical subject(s) of a Spanish action text.

Plans and reports state an action as "La SRE realizará…", "El INM, en coordinación con la
COMAR, implementará…", "La UPM, el CONAPO y la STPS llevarán a cabo…" or, in lettered lists,
"Se generarán…: a) la SS producirá…; b) el INM generará…". `attribute` splits a text into
clauses (sentences, `;`, `:` and `a)`/`1)` items) and, in each, looks for an agency phrase
(an article plus a registry name, an acronym or a capitalised body name, or a list of them)
directly followed by a finite verb, at the start of the clause or after a comma. Those are
the responsible bodies; bodies named after "en coordinación con", "en colaboración con",
"junto con", "a través de", "con la participación de" or "colaboran" are collaborators.

A subject whose verb is in the preterite ("La Cámara de Diputados asignó…") states a past
fact, not who carries out the action, and is skipped. Names the registry does not resolve
are returned in `unresolved` (never guessed from a parent body); a text without an
identifiable subject gets a `reason` in English. Pure functions, reusable by every loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from loaders.reference.agencies import Agency, AgencyRegistry

_ARTICLE = re.compile(r"(?:el|la|los|las)\s+", re.IGNORECASE)
_WORD = re.compile(r"\s*([^\s,;:()]+)")
_ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑ]{2,}[A-Za-zÁÉÍÓÚÑ]*$")
_CAP = re.compile(r"^[A-ZÁÉÍÓÚÑ]")
_CONNECTORS = {"de", "del", "la", "las", "los", "el", "y", "e", "para", "en", "contra", "a"}
_NOT_A_NAME = {"Se", "Asimismo", "Además", "Lo", "Esto", "Dichos", "Dicho", "Dicha", "Dichas"}
_FUTURE = re.compile(r"^[a-záéíóúñü]+r(?:á|án)$")
_PAST = re.compile(r"^[a-záéíóúñü]{3,}(?:ó|aron|ieron)$")
_PRESENT = {
    "continúa", "proyecta", "tiene", "contempla", "ha", "han", "cuenta", "estima",
    "participa", "colabora", "mantiene", "realiza", "es", "está", "coordina",
}  # fmt: skip
_INSERT_STARTS = {"en", "a", "al", "bajo", "junto", "con", "como", "mediante", "para"}
_BODY_HEADS = {
    "Órgano", "Área", "Dirección", "Unidad", "Subsecretaría", "Secretaría", "Instituto",
    "Comisión", "Coordinación", "Oficina", "Red", "Procuraduría", "Fiscalía", "Consejo",
    "Sistema", "Banco", "Escuela", "Cámara", "Gobierno", "Centro", "Colegio", "Comité",
}  # fmt: skip
_COLLAB = re.compile(
    r"(?:(?:en coordinación|en colaboración|en conjunto|junto|conjuntamente)\s+con"
    r"|con la participación de(?:l)?|colaboración de(?:l)?|colaboran|a través de(?:l)?)\s+",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"(?<=[.;:])\s+|\s+(?=[a-h]\)\s)|\s+(?=\d\)\s)")
_ITEM = re.compile(r"^(?:[a-h]|\d)\)\s+")
# where a subject may start besides the clause start: after a comma, after a closing quote
_SUBJECT_STARTS = re.compile(r',\s*|[”"]\s+(?=(?:el|la|los|las)\s)')


@dataclass(frozen=True)
class Unit:
    """One named body in a text: the words used and the agency they resolve to, if any."""

    text: str
    agency: Agency | None
    end: int


@dataclass
class Responsibility:
    """The bodies a text makes responsible or collaborating, and what stayed unresolved."""

    responsible: list[Agency] = field(default_factory=list)
    collaborators: list[Agency] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    unresolved_acting: list[str] = field(default_factory=list)
    past_subjects: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str | None:
        """Why no agency is responsible (English), or None when one is."""
        if self.responsible:
            return None
        if self.unresolved_acting:
            names = ", ".join(f"'{n}'" for n in self.unresolved_acting)
            return f"The body the text names as acting ({names}) is not in the agency registry."
        if self.past_subjects:
            names = ", ".join(f"'{n}'" for n in self.past_subjects)
            return f"The text names only a past act by {names}, not who carries out the action."
        return "The text names no acting body (impersonal or nominal construction)."


def _add(items: list[Any], item: object) -> None:
    if item not in items:
        items.append(item)


def _mention_at(text: str, pos: int, registry: AgencyRegistry) -> Unit | None:
    for mention in registry.find_mentions(text[pos:]):
        if mention.start != 0:
            return None
        rest = text[pos + mention.end :]
        if re.match(r"\s+(?:de|del|de la|de los)\s+[A-ZÁÉÍÓÚÑ]", rest):
            return None  # a unit of that body: read as a longer name
        return Unit(mention.matched, mention.agency, pos + mention.end)
    return None


def _paren(text: str, end: int) -> tuple[str, int]:
    match = re.match(r"\s*\(([^()]{1,40})\)", text[end:])
    return (match.group(1).strip(), end + match.end()) if match else ("", end)


def _name_at(text: str, pos: int, registry: AgencyRegistry, *, articled: bool) -> Unit | None:
    """A body named at `pos`: a registry name, an acronym, or (after an article) a
    capitalised name such as "Subsecretaría de Desarrollo Urbano y Vivienda de la SEDATU"."""
    unit = _mention_at(text, pos, registry)
    if unit is not None:
        inner, end = _paren(text, unit.end)
        return Unit(unit.text, unit.agency, end)
    words = list(_WORD.finditer(text, pos))
    if not words or words[0].start(1) != pos or not _CAP.match(words[0].group(1)):
        return None
    first = words[0].group(1)
    if first in _NOT_A_NAME or (not articled and not _ACRONYM.match(first)):
        return None
    end = words[0].end(1)
    last_gap = end
    for word in words[1:]:
        if text[last_gap : word.start(1)].strip():
            break  # punctuation between words ends the name
        token = word.group(1)
        if token in {"y", "e"}:
            following = text[word.end(1) :].lstrip()
            following = (
                _ARTICLE.sub("", following, count=1) if _ARTICLE.match(following) else following
            )
            head = following.split(" ", 1)[0].strip(",.;:")
            if _ACRONYM.match(head) or _mention_at(following, 0, registry):
                break  # "la SRE y la STPS": a list of bodies, not one name
        if _CAP.match(token) or token in _CONNECTORS:
            last_gap = word.end(1)
            if _CAP.match(token):
                end = word.end(1)
            continue
        break
    name = text[pos:end]
    inner, end = _paren(text, end)
    agency = registry.resolve(name) or (registry.resolve(inner) if inner else None)
    return Unit(name if not inner else f"{name} ({inner})", agency, end)


def _chain(text: str, pos: int, registry: AgencyRegistry) -> list[Unit]:
    """Bodies listed at `pos`: "el INM, la STPS y la PGR", each with its own article."""
    units: list[Unit] = []
    article = _ARTICLE.match(text, pos)
    unit = _name_at(text, article.end() if article else pos, registry, articled=bool(article))
    while unit is not None:
        units.append(unit)
        sep = re.compile(r"\s*,\s*(?=(?:el|la|los|las)\s)|\s+(?:y|e)\s+").match(text, unit.end)
        if sep is None:
            break
        article = _ARTICLE.match(text, sep.end())
        start = article.end() if article else sep.end()
        unit = _name_at(text, start, registry, articled=bool(article))
    return units


def _verb_after(text: str, end: int) -> str | None:
    """The finite verb that follows a subject ending at `end`, allowing an insert such as
    ", en coordinación con la COMAR," before it; None when no verb follows."""
    insert_words: list[str] = []
    for word in _WORD.finditer(text, end):
        token = word.group(1)
        if _FUTURE.match(token) or token in _PRESENT or _PAST.match(token):
            insert = text[end : word.start(1)].strip()
            if insert_words and insert_words[-1] == "se":
                return None  # "…, se informará": impersonal, the names were not its subject
            if not insert or insert.startswith(",") or insert_words[0] in _INSERT_STARTS:
                return token
            return None
        if len(insert_words) > 60:
            return None
        insert_words.append(token.lower())
    return None


def _report(unit: Unit, unresolved: list[str]) -> None:
    """Record an unresolved collaborator when it looks like a body, not a programme."""
    words = unit.text.split()
    named = _ACRONYM.match(words[0]) or (
        words[0] in _BODY_HEADS and sum(bool(_CAP.match(w)) for w in words) >= 2
    )
    if unit.agency is None and named:
        _add(unresolved, unit.text)


def _collaborators(clause: str, registry: AgencyRegistry, result: Responsibility) -> None:
    for marker in _COLLAB.finditer(clause):
        through = marker.group(0).lower().startswith("a través")
        for unit in _chain(clause, marker.end(), registry):
            if unit.agency is not None:
                _add(result.collaborators, unit.agency)
            elif not through or unit.text.split(" ", 1)[0] in {"OIC", "Órgano", "Área"}:
                _report(unit, result.unresolved)


def _subject(clause: str, registry: AgencyRegistry, result: Responsibility) -> None:
    starts = [0] + [m.end() for m in _SUBJECT_STARTS.finditer(clause)]
    for start in starts:
        units = _chain(clause, start, registry)
        if not units:
            continue
        verb = _verb_after(clause, units[-1].end)
        if verb is None:
            continue
        if _PAST.match(verb):
            for unit in units:
                _add(result.past_subjects, unit.text)
            continue
        for unit in units:
            if unit.agency is not None:
                _add(result.responsible, unit.agency)
            else:
                _add(result.unresolved, unit.text)
                _add(result.unresolved_acting, unit.text)
        return


def clauses(text: str) -> list[str]:
    """Sentences, `;`/`:` parts and lettered or numbered items, list markers removed."""
    parts = (_ITEM.sub("", part.strip()) for part in _CLAUSES.split(text))
    return [part for part in parts if part]


def attribute(text: str, registry: AgencyRegistry) -> Responsibility:
    """The responsible and collaborating bodies of an action text, in order of mention."""
    result = Responsibility()
    for clause in clauses(text):
        _subject(clause, registry, result)
        _collaborators(clause, registry, result)
    result.collaborators = [a for a in result.collaborators if a not in result.responsible]
    return result

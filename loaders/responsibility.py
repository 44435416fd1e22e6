"""Who does an action: the grammatical subject(s) of a Spanish action text.

Plans and reports state an action as "La SRE realizará…", "El INM, en coordinación con la
COMAR, implementará…", "La UPM, el CONAPO y la STPS llevarán a cabo…" or, in lettered lists,
"Se generarán…: a) la SS producirá…; b) el INM generará…". `attribute` splits a text into
clauses (sentences, `;`, `:` and `a)`/`1)` items) and, in each, looks for an agency phrase
(an article plus a registry name, an acronym or a capitalised body name, or a list of them)
directly followed by a finite verb, at the start of the clause or after a comma. Those are
the responsible bodies; bodies named after "en coordinación con", "en colaboración con",
"junto con", "a través de", "con la participación de" or "colaboran" are collaborators.

A report of past actions also names who acted in the passive ("operado por el INM"), in an
inverted clause ("que llevó a cabo el INM") or as the channel of an impersonal verb ("a
través del INM se tiene"); bodies "conformado por", "coordinado por", "con el apoyo de" or
"financiado por" are collaborators. In a plan, a subject whose verb is in the preterite ("La
Cámara de Diputados asignó…") states a past fact, not who carries out the planned action,
and is skipped; in a report (`report=True`) a past act IS the action, so its subject is
responsible. Names the registry does not resolve are returned in `unresolved` (never
guessed from a parent body); a name that is not a body (a guide, a protocol, a programme,
a week of events) is neither responsible nor reported as an unknown body. A text without an
identifiable subject gets a `reason`, in Spanish (`reason_es`) and English (`reason`).
Pure functions, reusable by every loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from loaders import spanish_cues as cue
from loaders.reference.agencies import Agency, AgencyRegistry


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
    text: str = field(default="", repr=False)  # the whole text: where acronyms are spelled out

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

    @property
    def reason_es(self) -> str | None:
        """Why no agency is responsible, in Spanish for the people who read the pages."""
        if self.responsible:
            return None
        if self.unresolved_acting:
            names = ", ".join(f"«{n}»" for n in self.unresolved_acting)
            return (
                f"La institución que el texto nombra como responsable ({names}) no está en el"
                " registro de instituciones."
            )
        if self.past_subjects:
            names = ", ".join(f"«{n}»" for n in self.past_subjects)
            return (
                f"El texto solo nombra un hecho pasado de {names}, no quién lleva a cabo la"
                " acción planeada."
            )
        return (
            "El texto no nombra a ninguna institución que lleve a cabo la acción"
            " (construcción impersonal o nominal)."
        )


def _add(items: list[Any], item: object) -> None:
    if item not in items:
        items.append(item)


def _mention_at(text: str, pos: int, registry: AgencyRegistry) -> Unit | None:
    for mention in registry.find_mentions(text[pos:]):
        if mention.start != 0:
            return None
        rest = text[pos + mention.end :]
        of = re.match(r"\s+(?:de|del|de la|de los)\s+(?=[A-ZÁÉÍÓÚÑ])", rest)
        if of:
            # "el Servicio Nacional de Empleo de la STPS": the unit, when the registry
            # knows it within the body named after it; otherwise a longer name
            parent = next(registry.find_mentions(rest[of.end() :]), None)
            if parent is None or parent.start != 0 or parent.agency.slug != mention.agency.parent:
                return None
            end = pos + mention.end + of.end() + parent.end
            return Unit(text[pos:end], mention.agency, end)
        return Unit(mention.matched, mention.agency, pos + mention.end)
    return None


def _unit_of(name: str, registry: AgencyRegistry) -> Agency | None:
    """The registry body a unit's name places it in ("Dirección de Estadística del INM")."""
    if name.split(" ", 1)[0] not in cue.UNIT_HEADS:
        return None
    for match in re.finditer(r"\s(?:de la|de los|del|de)\s+", name):
        mention = next(registry.find_mentions(name[match.end() :]), None)
        if mention is not None and mention.start == 0:
            return mention.agency
    return None


def _paren(text: str, end: int) -> tuple[str, int]:
    match = re.match(r"\s*\(([^()]{1,40})\)", text[end:])
    if match is None:
        return "", end
    # "(DHS, por sus siglas en inglés)": the acronym before the gloss
    return match.group(1).split(",")[0].strip(), end + match.end()


def _name_at(text: str, pos: int, registry: AgencyRegistry, *, articled: bool) -> Unit | None:
    """A body named at `pos`: a registry name, an acronym, or (after an article) a
    capitalised name such as "Subsecretaría de Desarrollo Urbano y Vivienda de la SEDATU"."""
    unit = _mention_at(text, pos, registry)
    if unit is not None:
        inner, end = _paren(text, unit.end)
        return Unit(unit.text, unit.agency, end)
    words = list(cue.WORD.finditer(text, pos))
    if not words or words[0].start(1) != pos or not cue.CAP.match(words[0].group(1)):
        return None
    first = words[0].group(1)
    if first in cue.NOT_A_NAME or (not articled and not cue.ACRONYM.match(first)):
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
                cue.ARTICLE.sub("", following, count=1)
                if cue.ARTICLE.match(following)
                else following
            )
            head = following.split(" ", 1)[0].strip(",.;:")
            if cue.ACRONYM.match(head) or _mention_at(following, 0, registry):
                break  # "la SRE y la STPS": a list of bodies, not one name
        if cue.CAP.match(token) or token in cue.CONNECTORS:
            last_gap = word.end(1)
            if cue.CAP.match(token):
                end = word.end(1)
            continue
        break
    name = text[pos:end]
    inner, end = _paren(text, end)
    agency = (
        registry.resolve(name)
        or (registry.resolve(inner) if inner else None)
        or _unit_of(name, registry)
    )
    return Unit(name if not inner else f"{name} ({inner})", agency, end)


_SEPARATOR = re.compile(r"\s*,\s*(?=(?:el|la|los|las)\s)|\s+(?:y|e)\s+")
_LOOSE_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:y|e)\s+")


def _chain(text: str, pos: int, registry: AgencyRegistry, *, loose: bool = False) -> list[Unit]:
    """Bodies listed at `pos`: "el INM, la STPS y la PGR", each with its own article (or,
    `loose`, a list after "entre ellas" whose names go without one)."""
    units: list[Unit] = []
    article = cue.ARTICLE.match(text, pos)
    unit = _name_at(text, article.end() if article else pos, registry, articled=bool(article))
    while unit is not None:
        units.append(unit)
        sep = (_LOOSE_SEPARATOR if loose else _SEPARATOR).match(text, unit.end)
        if sep is None:
            break
        article = cue.ARTICLE.match(text, sep.end())
        start = article.end() if article else sep.end()
        unit = _name_at(text, start, registry, articled=bool(article))
    return units


def _verb_after(text: str, end: int, limit: int = 60) -> str | None:
    """The finite verb that follows a subject ending at `end`, allowing an insert such as
    ", en coordinación con la COMAR," before it; None when no verb follows."""
    insert_words: list[str] = []
    for word in cue.WORD.finditer(text, end):
        token = word.group(1)
        if (
            cue.FUTURE.match(token)
            or token in cue.PRESENT
            or cue.is_past(token)
            or cue.SUBJUNCTIVE_PAST.match(token)
        ):
            insert = text[end : word.start(1)].strip()
            if insert_words and insert_words[-1] == "se":
                return None  # "…, se informará": impersonal, the names were not its subject
            if not insert or insert.startswith(",") or insert_words[0] in cue.INSERT_STARTS:
                return token
            return None
        if len(insert_words) > limit:
            return None
        insert_words.append(token.lower())
    return None


def _acronym_of_body(acronym: str, text: str) -> bool:
    """An acronym the registry lacks names a body unless the text spells it out as something
    else: "niñas, niños y adolescentes (NNA)", or a capitalised name with its initials
    ("Semana de Educación Financiera" for SEF, "Programa Temporal de Regularización
    Migratoria" for PTRM) whose head is not a body's."""
    spelled = re.search(rf"((?:\S+\s+){{1,8}})\(\s*{re.escape(acronym)}\b", text)
    if spelled:
        return any(w in cue.BODY_HEADS for w in spelled.group(1).split())
    for name in re.finditer(
        r"[A-ZÁÉÍÓÚÑ]\w+(?:,?\s+(?:de|del|la|las|los|y|el|para)?\s*[A-ZÁÉÍÓÚÑ]\w+)+", text
    ):
        capitals = [w for w in name.group(0).split() if cue.CAP.match(w)]
        for start in range(len(capitals)):  # "La Semana de Educación Financiera"
            if "".join(w[0] for w in capitals[start:]) == acronym:
                return capitals[start] in cue.BODY_HEADS
    return True


def _looks_like_body(unit: Unit, text: str = "") -> bool:
    """A name that can only be a body: a body head ("Secretaría", "Instituto", "Grupo")
    with another capitalised word, or an acronym the text spells out as one ("Grupo de
    Trabajo de Movilidad Laboral (GTML)"). Guides, protocols, programmes and weeks of events
    ("Guía del Viajero", "Semana de Educación Financiera (SEF)", "PTRM") are not bodies."""
    if unit.agency is not None:
        return True
    words = unit.text.split()
    if cue.ACRONYM.match(words[0]):
        return _acronym_of_body(words[0], text)
    return words[0] in cue.BODY_HEADS and sum(bool(cue.CAP.match(w)) for w in words) >= 2


def _report(unit: Unit, unresolved: list[str]) -> None:
    """Record an unresolved collaborator when it looks like a body, not a programme."""
    if unit.agency is None and _looks_like_body(unit):
        _add(unresolved, unit.text)


def _partner_spans(clause: str, registry: AgencyRegistry) -> list[tuple[int, int]]:
    """Where the clause lists the bodies it works with ("en coordinación con la SRE y el
    INM"): none of them is the subject of the verb that follows."""
    spans = []
    for marker in cue.COLLAB.finditer(clause):
        units = _chain(clause, marker.end(), registry)
        spans.append((marker.start(), units[-1].end if units else marker.end()))
    return spans


def _collaborators(clause: str, registry: AgencyRegistry, result: Responsibility) -> None:
    for marker in cue.COLLAB.finditer(clause):
        through = marker.group(0).lower().startswith("a través")
        units = _chain(clause, marker.end(), registry)
        among = cue.AMONG_THEM.match(clause, marker.end())
        if among and not any(u.agency for u in units):  # a generic head names no body
            units = _chain(clause, among.end(), registry, loose=True)
        for unit in units:
            if unit.agency is not None:
                _add(result.collaborators, unit.agency)
            elif not through or unit.text.split(" ", 1)[0] in {"OIC", "Órgano", "Área"}:
                _report(unit, result.unresolved)


def _acting(units: list[Unit], result: Responsibility) -> None:
    for unit in units:
        if unit.agency is not None:
            _add(result.responsible, unit.agency)
        else:
            _add(result.unresolved, unit.text)
            _add(result.unresolved_acting, unit.text)


def _subject(clause: str, registry: AgencyRegistry, result: Responsibility, report: bool) -> bool:
    """The subject of the clause's finite verb; True when the clause names one."""
    starts = [0] + [m.end() for m in cue.SUBJECT_STARTS.finditer(clause)]
    partners = _partner_spans(clause, registry)
    mid = [
        m.start()
        for m in cue.MID_SUBJECT.finditer(clause)
        if not any(a <= m.start() < b for a, b in partners)
    ]
    for start in starts + mid:
        units = [u for u in _chain(clause, start, registry) if _looks_like_body(u, result.text)]
        if not units:
            continue
        # a body in mid-clause is a subject only when its verb follows closely
        verb = _verb_after(clause, units[-1].end, 60 if start in starts else 8)
        if verb is None:
            continue
        if cue.is_past(verb) and not report:
            for unit in units:
                _add(result.past_subjects, unit.text)
            continue
        _acting(units, result)
        return True
    return False


def _channel_verb(rest: str, report: bool) -> bool:
    """What follows "a través de la SRE" is an impersonal verb ("se tiene") or, in a report,
    the clause's own verb after a comma ("El gobierno de México a través de la SRE, puso…";
    in a plan, "b) a través del CONAFREC, someterá…" leaves the RENAPO of the item's
    sentence as the subject)."""
    match = re.match(r"\s*,?\s*(se\s+)?([a-záéíóúñ]+)", rest)
    if match is None:
        return False
    verb = match.group(2)
    finite = bool(cue.FUTURE.match(verb) or verb in cue.PRESENT or cue.is_past(verb))
    return bool(match.group(1)) or (report and finite)


def _other_agents(
    clause: str, registry: AgencyRegistry, result: Responsibility, report: bool
) -> bool:
    """Who acts when no subject precedes a verb: the channel of an impersonal verb ("a
    través del INM se tiene"), an inverted subject ("que llevó a cabo el INM")."""
    found = False
    for marker in cue.CHANNEL.finditer(clause):
        units = [
            u for u in _chain(clause, marker.end(), registry) if _looks_like_body(u, result.text)
        ]
        if not units:
            continue
        on_behalf = marker.group(0).strip(" ,").lower().startswith("por parte")
        if on_behalf or _channel_verb(clause[units[-1].end :], report):
            _acting(units, result)
            found = True
    for marker in cue.INVERTED.finditer(clause):
        units = [
            u for u in _chain(clause, marker.end(), registry) if _looks_like_body(u, result.text)
        ]
        if units:
            _acting(units, result)
            found = True
    for marker in cue.PARTIES.finditer(clause):
        units = [
            u for u in _chain(clause, marker.end(), registry) if _looks_like_body(u, result.text)
        ]
        if units and report:
            _acting(units, result)
            found = True
        for unit in units if not report else []:
            if unit.agency is not None:
                _add(result.collaborators, unit.agency)
    return found


def _passive(clause: str, registry: AgencyRegistry, result: Responsibility, acting: bool) -> None:
    """The agent of a passive ("operado por el INM") acts, unless the clause already names
    its subject: then the agent works with it ("el INM fue parte del Proyecto…, realizado
    por la OIM")."""
    for marker in cue.PASSIVE_AGENT.finditer(clause):
        units = [
            u for u in _chain(clause, marker.end(), registry) if _looks_like_body(u, result.text)
        ]
        if acting:
            for unit in units:
                if unit.agency is not None:
                    _add(result.collaborators, unit.agency)
        else:
            _acting(units, result)


def clauses(text: str) -> list[str]:
    """Sentences, `;`/`:` parts and lettered or numbered items, list markers removed."""
    parts = (cue.ITEM.sub("", part.strip()) for part in cue.CLAUSES.split(text))
    return [part for part in parts if part]


def attribute(text: str, registry: AgencyRegistry, *, report: bool = False) -> Responsibility:
    """The responsible and collaborating bodies of an action text, in order of mention.

    `report=True` reads a report of past actions, where a subject in the preterite is the
    body that acted; a plan (the default) reads such a subject as context."""
    result = Responsibility(text=text)
    for clause in clauses(text):
        acting = _subject(clause, registry, result, report)
        if not acting:  # "la SFP a través del OIC del INM, analizará": the SFP acts
            acting = _other_agents(clause, registry, result, report)
        if report:  # in a plan, "acciones realizadas por el INM" is context
            _passive(clause, registry, result, acting)
        _collaborators(clause, registry, result)
    result.collaborators = [a for a in result.collaborators if a not in result.responsible]
    return result

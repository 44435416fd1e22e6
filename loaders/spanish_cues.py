"""The Spanish cues that say who acts in an action text (used by `loaders.responsibility`).

Word lists and patterns only, kept apart from the reading itself so that a curator can see
at a glance which verbs, insertions and connectors the reader knows: a subject's verb in
the future, present or past; the phrases that introduce collaborators ("en coordinación
con", "conformado por"), the agent of a passive ("operado por"), an inverted subject ("que
llevó a cabo el"), the parties to a joint act ("Convenio ... entre"), the channel of an
impersonal verb ("a través del"); the heads of body names ("Secretaría", "Instituto").
"""

from __future__ import annotations

import re

ARTICLE = re.compile(r"(?:el|la|los|las)\s+", re.IGNORECASE)
WORD = re.compile(r"\s*([^\s,;:()]+)")
ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑ]{2,}[A-Za-zÁÉÍÓÚÑ]*$")
CAP = re.compile(r"^[A-ZÁÉÍÓÚÑ]")
CONNECTORS = {"de", "del", "la", "las", "los", "el", "y", "e", "para", "en", "contra", "a"}
NOT_A_NAME = {"Se", "Asimismo", "Además", "Lo", "Esto", "Dichos", "Dicho", "Dicha", "Dichas"}
FUTURE = re.compile(r"^[a-záéíóúñü]+r(?:á|án)$")
PAST_REGULAR = re.compile(r"^[a-záéíóúñü]{3,}(?:ó|aron|ieron)$")
# irregular preterites the sources use ("la SRE puso al servicio", "el INM fue parte")
PAST_IRREGULAR = {
    "puso", "pusieron", "hizo", "hicieron", "tuvo", "tuvieron", "dio", "dieron", "fue",
    "fueron", "condujo", "produjo", "obtuvo", "obtuvieron", "mantuvo", "propuso", "dispuso",
    "impuso", "suscribió", "estuvo", "estuvieron", "hubo",
}  # fmt: skip


def is_past(token: str) -> bool:
    """A verb in the preterite: a regular ending or one of the irregular forms."""
    return bool(PAST_REGULAR.match(token)) or token in PAST_IRREGULAR


PRESENT = {
    "continúa", "proyecta", "tiene", "contempla", "ha", "han", "cuenta", "estima",
    "participa", "colabora", "mantiene", "realiza", "es", "está", "coordina",
    "opera", "operan", "implementa", "genera", "brinda", "ofrece", "otorga", "coopera",
    "impulsa", "promueve", "lleva", "desarrolla", "emite", "expide", "notifica", "utiliza",
    "utilizan", "realizan", "cuentan", "tienen", "participan", "imparte", "instrumenta",
    "atiende", "publica", "difunde", "encuentra", "trabaja", "otorgan", "brindan",
    "ofrecen", "apoya", "gestiona", "elabora", "integra", "administra", "fortalece",
    "recluta", "aporta", "implementan", "coordinan", "desarrollan", "emiten",
}  # fmt: skip
# in a report, a purpose clause still names who acts: "para que el INM regularizara"
SUBJUNCTIVE_PAST = re.compile(r"^[a-záéíóúñü]{3,}(?:ara|iera|aran|ieran)$")
INSERT_STARTS = {"en", "a", "al", "bajo", "junto", "con", "como", "mediante", "para"}
BODY_HEADS = {
    "Órgano", "Área", "Dirección", "Unidad", "Subsecretaría", "Secretaría", "Instituto",
    "Comisión", "Coordinación", "Oficina", "Red", "Procuraduría", "Fiscalía", "Consejo",
    "Sistema", "Banco", "Escuela", "Cámara", "Gobierno", "Centro", "Colegio", "Comité",
    "Agencia", "Servicio", "Delegación", "Delegaciones", "Procuradurías", "Secretarías",
    "Grupo", "Organización", "Fondo", "Departamento", "Consulado", "Consulados",
    "Embajada", "Registro", "Financiera", "Tribunal", "Suprema", "Senado", "Congreso",
}  # fmt: skip
COLLAB = re.compile(
    r"(?:(?:en coordinación|en colaboración|en conjunto|junto|conjuntamente)\s+con"
    r"|con la participación de(?:l)?|colaboración de(?:l)?|colaboran|a través de(?:l)?"
    r"|con el apoyo de(?:l)?|con apoyo de(?:l)?|conformad[oa]s? por|integrad[oa]s? por"
    r"|coordinad[oa]s? por|financiad[oa]s? por|colabora(?:n)? con)\s+",
    re.IGNORECASE,
)
# "con el apoyo de las instancias ... que participan en la atención de NNA, entre ellas el
# Sistema Nacional DIF, ...": a generic head, then the bodies it stands for
AMONG_THEM = re.compile(r"[^.;]{0,160}?\bentre (?:ellas|ellos|las que|los que)\b[,:]?\s+")
# "operado por el INM", "realizada por la SRE": the agent of a passive names who acted
PASSIVE_AGENT = re.compile(
    r"\b(?:operad|realizad|implementad|desarrollad|elaborad|impulsad|instrumentad|ejecutad"
    r"|organizad|diseñad|puest[oa]s? en marcha)"
    r"[oa]?s?\s+por\s+(?=(?:el|la|los|las)\s|[A-ZÁÉÍÓÚÑ])",
)
# "que llevó a cabo el Instituto Nacional de Migración": the subject after its verb
INVERTED = re.compile(
    r"\bque\s+(?:llevó|lleva|llevan|llevaron|realizó|realiza|implementó|implementa"
    r"|desarrolló|desarrolla|opera|operó|impulsó|impulsa|coordina|coordinó|emite|expide"
    r"|otorga)(?:\s+a\s+cabo)?\s+(?=(?:el|la|los|las)\s)"
)
# the parties to a joint act: "mediante el Convenio de Colaboración entre la SRE y el INADEM
# se coordina…", "colaboración interinstitucional mediante la CONAVI, la SHF…", "Participan
# la AMEXCID y la GIZ". In a report they are who acted; in a plan, partners of the subject.
PARTIES = re.compile(
    r"\b[Pp]articipan?\s+(?=(?:el|la|los|las)\s)"
    r"|\b(?:[Cc]onvenio|[Aa]cuerdo|[Cc]ontrato)(?:\s+de\s+[Cc]olaboración)?\s+entre\s+"
    r"(?=(?:el|la|los|las)\s)"
    r"|\bcolaboración\s+interinstitucional\s+(?:mediante|entre)\s+(?=(?:el|la|los|las)\s)"
)
# "a través del INM se tiene…", "por medio de la SRE se contacta…": the channel of an
# impersonal verb at the start of a clause is the body that acts
CHANNEL = re.compile(
    r"(?:^|,\s*|\s)(?:a través|por medio|por conducto|por parte)\s+de(?:l)?\s+", re.I
)
# a body named with its article in the middle of a clause, not governed by a preposition:
# "a partir de 2007 y hasta la fecha el INM ha consolidado…"
MID_SUBJECT = re.compile(
    r"(?<=\s)(?<!\sde\s)(?<!\sa\s)(?<!\scon\s)(?<!\spor\s)(?<!\sen\s)(?<!\spara\s)"
    r"(?<!\sentre\s)(?<!\ssobre\s)(?<!\sante\s)(?<!\sdesde\s)(?<!\shacia\s)(?<!\shasta\s)"
    r"(?<!\smediante\s)(?<!\ssin\s)(?<!\stras\s)(?:el|la|los|las)\s+(?=[A-ZÁÉÍÓÚÑ])"
)
CLAUSES = re.compile(r"(?<=[.;:])\s+|\s+(?=[a-h]\)\s)|\s+(?=\d\)\s)")
ITEM = re.compile(r"^(?:[a-h]|\d)\)\s+")
# where a subject may start besides the clause start: after a comma, after a closing quote
SUBJECT_STARTS = re.compile(
    r',\s*|[”"]\s+(?=(?:el|la|los|las)\s)'
    r"|^(?:También|Asimismo|Además|Adicionalmente|Igualmente|Finalmente|Actualmente)\s+"
    r"(?=(?:el|la|los|las)\s)"
)

# heads of a body's internal units: "las Delegaciones de la SRE" act for the SRE when the
# registry has no row of their own
UNIT_HEADS = {
    "Delegaciones", "Delegación", "Dirección", "Oficinas", "Oficina", "Representaciones",
    "Representación", "Área", "Coordinación", "Subdirección", "Centro",
}  # fmt: skip

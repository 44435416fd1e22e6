"""How alike two Spanish texts are: TF-IDF over Snowball stems, cosine similarity.

The crosswalk compares what a PEM line of action and a GCM objective are for, and what the
actions filed under each do. Counting shared words by hand misses inflections ("migrante",
"migrantes", "migratoria") and weighs "acciones" like "trata": Snowball's Spanish stemmer
(`snowballstemmer`) folds the inflections, scikit-learn's TF-IDF weighs each stem by how rare
it is across every text compared, and the cosine of two TF-IDF vectors is 0 for texts with no
stem in common and 1 for texts with the same stems in the same proportions. Words of less
than four letters and a short list of words every action or line uses (the verbs that open
every line, "personas migrantes", "mecanismos") are left out.

Snowball leaves word families apart that a reader takes as one ("discriminatorias" and
"discriminación", "xenofóbicas" and "xenofobia"): `Similarity(corpus, by="chars")` compares
the same content words by their character 4- and 5-grams (scikit-learn's `char_wb`), which
those families share.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Literal

import snowballstemmer

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["Similarity", "content_words", "shared_topics", "shared_words", "stems"]

# Words every action of every document uses: they say nothing about a purpose.
_COMMON = frozenset(
    " ".join(
        [
            "para como este esta estos estas sobre entre desde hasta donde cual cuales cuando",
            "tambien dicha dicho dichas dichos mediante traves asimismo ademas otros otras",
            "accion acciones realizar realizara realizaran llevar cabo marco materia fin",
            "mexico mexicano mexicana mexicanos mexicanas gobierno nacional federal",
            "personas persona migrante migrantes migracion migratoria migratorias migratorio",
            "promover fortalecer impulsar generar fomentar establecer desarrollar crear ampliar",
            "facilitar implementar instrumentar garantizar mejorar reforzar apoyar potenciar",
            "concertar celebrar diseñar disenar incluir adecuar evaluar vigilar utilizar",
            "mecanismos mecanismo acciones programas programa coordinacion interinstitucional",
        ]
    ).split()
)
_WORD = re.compile(r"[^\W\d_]{4,}")
_INFINITIVE = re.compile(r"(?:ar|er|ir)$")


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("spanish")


@cache
def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stems(text: str) -> list[str]:
    """The text's content words as accent-folded Snowball stems, in order."""
    words = [w.casefold() for w in _WORD.findall(text)]
    kept = [w for w in words if _fold(w) not in _COMMON]
    return [_fold(s) for s in _stemmer().stemWords(kept)]


def content_words(text: str) -> str:
    """The text's content words, accent-folded and lower-cased, one space apart."""
    return " ".join(f for f in (_fold(w) for w in _WORD.findall(text)) if f not in _COMMON)


def shared_words(text: str, other: str) -> list[str]:
    """The content words of `text` whose stems `other` also has, once per stem, in order:
    what two wordings have in common, as a reader would quote it."""
    theirs = set(stems(other))
    seen: set[str] = set()
    words: list[str] = []
    for word in _WORD.findall(text):
        if _fold(word) in _COMMON:
            continue
        stem = _fold(_stemmer().stemWord(word.casefold()))
        if stem in theirs and stem not in seen:
            seen.add(stem)
            words.append(word.casefold())
    return words


@cache
def _stem(word: str) -> str:
    return _fold(_stemmer().stemWord(word.casefold()))


def shared_topics(text: str, heading: str) -> list[str]:
    """`shared_words` without the heading's verbs: the words of `text` that name what the
    heading is about (its nouns and adjectives), not what it does ("erradicar", "reducir":
    an objective to eradicate trafficking is not about eradicating child labour)."""
    words = [w for w in _WORD.findall(heading) if _fold(w) not in _COMMON]
    verbs = {_stem(w) for w in words if _INFINITIVE.search(_fold(w))}
    verbs -= {_stem(w) for w in words if not _INFINITIVE.search(_fold(w))}
    return [w for w in shared_words(text, heading) if _stem(w) not in verbs]


class Similarity:
    """Cosine similarities between texts of one corpus (the IDF is the corpus's).

    scikit-learn is imported when the first one is made, not with this module: it takes
    most of the build's start-up (~1.8 s), which a build stopped by a damaged source, or
    any command that only imports the pipeline, need not pay."""

    def __init__(self, corpus: Sequence[str], by: Literal["stems", "chars"] = "stems") -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._vectorizer: TfidfVectorizer
        if by == "stems":
            self._vectorizer = TfidfVectorizer(analyzer=stems, sublinear_tf=True, norm="l2")
        else:
            self._vectorizer = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(4, 5),
                preprocessor=content_words,
                sublinear_tf=True,
                norm="l2",
            )
        self._vectorizer.fit(list(corpus))

    def matrix(self, left: Sequence[str], right: Sequence[str]) -> list[list[float]]:
        """`result[i][j]` is the cosine of `left[i]` and `right[j]`, rounded to 4 places
        (so that the build's output does not depend on the last bits of a float)."""
        from sklearn.metrics.pairwise import cosine_similarity

        if not left or not right:
            return [[0.0] * len(right) for _ in left]
        a = self._vectorizer.transform(list(left))
        b = self._vectorizer.transform(list(right))
        return [[round(float(x), 4) for x in row] for row in cosine_similarity(a, b)]

"""The build's search index (`search.sqlite`, `loaders.publishing.search_index`), read-only.

Opened with SQLite's `immutable` URI flag: the file never changes while a build is served,
so SQLite takes no locks and keeps no journal. One connection per thread (FastAPI runs
plain `def` routes in a thread pool). Ranking is FTS5's BM25 with per-column weights: an
acronym or notation of the row's own (`ident`) weighs most, then its names, its exact
words, its text, and last the names of its agencies and programmes.

A query that matches nothing is tried once more with each unknown word replaced by the
closest indexed word (typos: "pasiano" -> "paisano"), and says so (`Result.corrected`).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz, process

from loaders.publishing import search_index
from loaders.publishing.search_index import SEARCH_FILE
from loaders.search_text import exact
from service.errors import Unavailable
from service.search.query import Query, parse, suggest_expression

log = logging.getLogger("uvicorn.error")
WEIGHTS = "10.0, 4.0, 1.0, 0.3, 1.5, 0.5"  # ident, title, body, rel, exact, relx
_RANK = f"bm25(fts, {WEIGHTS})"


@dataclass(frozen=True, slots=True)
class Hit:
    row: int
    iri: str
    cls: str
    score: float  # BM25, higher is better (FTS5's value negated, 4 decimals)


@dataclass(frozen=True)
class Row:
    iri: str
    cls: str
    title: str
    text: str
    lines: str
    passage: bool


@dataclass
class Result:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    corrected: str = ""  # the query actually run, when typos were corrected


class SearchIndex:
    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise Unavailable(f"the build has no search index ({path.name}); rebuild it")
        self.path = path
        self._uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        self._local = threading.local()
        rows = self._con().execute("SELECT id, iri, cls FROM doc ORDER BY id").fetchall()
        self._iri = {r[0]: (r[1], r[2]) for r in rows}
        self._rows: dict[str, list[int]] = {}  # an IRI's rows (itself, passages about it)
        for r in rows:
            self._rows.setdefault(r[1], []).append(r[0])

    @classmethod
    def in_build(cls, root: Path) -> SearchIndex:
        return cls(root / SEARCH_FILE)

    @classmethod
    def for_build(cls, root: Path, scratch: Path) -> SearchIndex:
        """The build's index; a build written before there was one (or by a tool that
        writes only the store) gets one built from its `graph.nq` into `scratch`."""
        if (root / SEARCH_FILE).is_file():
            return cls.in_build(root)
        log.warning("%s has no %s: indexing its graph.nq into %s", root, SEARCH_FILE, scratch)
        sources = root / "sources"
        nquads = (root / "graph.nq").read_bytes()
        return cls(search_index.write(scratch, nquads, sources if sources.is_dir() else None))

    def _con(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            self._local.con = con
        return con

    @cached_property
    def _vocabulary(self) -> list[str]:
        con = self._con()
        con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, fts, row)")
        return [r[0] for r in con.execute("SELECT term FROM temp.vocab WHERE length(term) > 3")]

    def _match(self, expr: str, limit: int | None = None, rows: str | None = None) -> list[Hit]:
        """The rows matching the FTS5 expression `expr`, best first; with `rows` (a JSON
        array of row ids), only those. `+rowid` keeps SQLite from handing the list to FTS5
        as lookups (one full-text query per id, measured 10x slower): the match is walked
        once, the others dropped before they are scored."""
        if not expr:
            return []
        sql = f"SELECT rowid, {_RANK} AS r FROM fts WHERE fts MATCH ?"
        args: tuple[object, ...] = (expr,)
        if rows is not None:
            sql += " AND +rowid IN (SELECT value FROM json_each(?))"
            args += (rows,)
        sql += " ORDER BY r, rowid"
        if limit is not None:
            sql += " LIMIT ?"
            args += (limit,)
        try:
            found = self._con().execute(sql, args).fetchall()
        except sqlite3.OperationalError:  # a query FTS5 cannot run is a query with no hits
            return []
        iri = self._iri
        return [Hit(r[0], *iri[r[0]], round(-r[1], 4)) for r in found]

    def search(
        self, text: str, limit: int | None = None, among: Iterable[str] | None = None
    ) -> Result:
        """Every row matching `text`, best first (ties in index order); with `among`, only
        the rows of those IRIs.

        `among` is what a filtered page asks (`results.ranked`): BM25's statistics are the
        whole index's whatever the rows kept, so the rows come with the scores and in the
        order they have unrestricted, but only those are scored (a common word at 50x the
        corpus matched 72,000 actions, to keep a few thousand). Typos are corrected only
        when nothing in the whole index matches, as without `among`."""
        rows = None if among is None else self._rows_json(among)
        query = parse(text)
        hits = self._match(query.fts(), limit, rows)
        if hits or query.empty:
            return Result(query, hits)
        if rows is not None and self._match(query.fts(), 1):
            return Result(query, [])  # it matches, only not among these
        corrected = self._correct(text)
        if corrected and corrected != text:
            again = parse(corrected)
            return Result(again, self._match(again.fts(), limit, rows), corrected)
        return Result(query, [])

    def _rows_json(self, iris: Iterable[str]) -> str:
        """The rows of `iris`, as the JSON array `_match` hands SQLite's `json_each`."""
        found = self._rows
        return json.dumps([row for iri in iris for row in found.get(iri, ())])

    def _correct(self, text: str) -> str:
        """`text` with each unknown word (of more than 3 letters) replaced by the closest
        indexed word; quotes, `-` and `*` around a word stay where they were."""
        vocabulary = self._vocabulary
        known = set(vocabulary)
        out = []
        for word in text.split():
            core = word.strip('"-*')
            folded = exact(core) if core.isalpha() else ""
            if len(folded) <= 3 or folded in known:
                out.append(word)
                continue
            best = process.extractOne(folded, vocabulary, scorer=fuzz.ratio, score_cutoff=80)
            out.append(word.replace(core, best[0]) if best else word)
        return " ".join(out)

    def suggest(self, text: str, classes: tuple[str, ...], limit: int = 8) -> list[Hit]:
        """Named resources (agencies, programmes, objectives, ...) whose words start so."""
        found: list[Hit] = []
        seen: set[str] = set()
        for hit in self._match(suggest_expression(text), 200):
            if hit.cls in classes and hit.iri not in seen:
                seen.add(hit.iri)
                found.append(hit)
                if len(found) >= limit:
                    break
        return found

    def match_any(self, text: str, classes: tuple[str, ...], limit: int = 50) -> list[Hit]:
        """Rows of `classes` matching any word of `text`, best first (for reconciliation)."""
        query = parse(text)
        expr = " OR ".join(c.fts() for g in query.groups for c in g)
        if not expr or not classes:
            return []
        marks = ",".join("?" * len(classes))
        sql = (
            f"SELECT fts.rowid, {_RANK} AS r FROM fts JOIN doc ON doc.id = fts.rowid "
            f"WHERE fts MATCH ? AND doc.cls IN ({marks}) AND doc.passage = 0 "
            "ORDER BY r, fts.rowid LIMIT ?"
        )
        try:
            rows = self._con().execute(sql, (expr, *classes, limit)).fetchall()
        except sqlite3.OperationalError:
            return []
        return [Hit(r[0], *self._iri[r[0]], score=round(-r[1], 4)) for r in rows]

    def names(self, iri: str) -> list[str]:
        """The title and curated names of a resource (folded aliases included)."""
        con = self._con()
        out = [
            str(r[0])
            for r in con.execute("SELECT title FROM doc WHERE iri = ? AND passage = 0", (iri,))
        ]
        out += [str(r[0]) for r in con.execute("SELECT alias FROM alias WHERE iri = ?", (iri,))]
        return out

    def rows(self, hits: list[Hit]) -> list[Row]:
        con = self._con()
        out = []
        for h in hits:
            r = con.execute(
                "SELECT iri, cls, title, text, lines, passage FROM doc WHERE id = ?", (h.row,)
            ).fetchone()
            out.append(Row(r[0], r[1], r[2], r[3], r[4], bool(r[5])))
        return out

    def label(self, iri: str) -> str:
        """The display label of any named IRI of the build ('' when it has none)."""
        r = self._con().execute("SELECT label FROM label WHERE iri = ?", (iri,)).fetchone()
        return str(r[0]) if r else ""

    def kind_class(self, iri: str) -> str:
        r = self._con().execute("SELECT cls FROM doc WHERE iri = ? LIMIT 1", (iri,)).fetchone()
        return str(r[0]) if r else ""

    def title(self, iri: str) -> str:
        r = (
            self._con()
            .execute("SELECT title FROM doc WHERE iri = ? AND passage = 0 LIMIT 1", (iri,))
            .fetchone()
        )
        return str(r[0]) if r else ""

    def aliases(self, folded: str) -> list[tuple[str, str]]:
        """(iri, class) of the curated names equal to `folded`."""
        rows = (
            self._con()
            .execute("SELECT iri, cls FROM alias WHERE alias = ? ORDER BY iri", (folded,))
            .fetchall()
        )
        return [(str(a), str(b)) for a, b in rows]

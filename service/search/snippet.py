"""A snippet: the window of a row's text with the most query words, words marked.

Computed from the row's stored text (FTS5's own `snippet()` would show the analysed,
stemmed column). A word is marked when its exact form or its stem is one the query looks
for, or starts with a prefix the query gives.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from loaders.search_text import tokens
from service.search.query import Query

WINDOW = 32  # words


def segments(text: str, query: Query) -> list[tuple[str, bool]]:
    """The snippet as (text, is_match) pieces, with '…' where the text is cut."""
    words = query.words()
    prefixes = tuple(query.prefixes())  # `startswith` takes them all at once
    toks = list(tokens(text))
    if not toks:
        return [(text[:200], False)] if text else []
    if prefixes:
        hit = [t.exact in words or t.stem in words or t.exact.startswith(prefixes) for t in toks]
    else:
        hit = [t.exact in words or t.stem in words for t in toks]
    best, best_count = 0, -1
    count = sum(hit[:WINDOW])
    for start in range(0, max(1, len(toks) - WINDOW + 1)):
        if start:
            count += hit[start + WINDOW - 1] if start + WINDOW - 1 < len(hit) else 0
            count -= hit[start - 1]
        if count > best_count:
            best, best_count = start, count
    window = toks[best : best + WINDOW]
    out: list[tuple[str, bool]] = []
    pos = window[0].start
    if best > 0:
        out.append(("…", False))
    for t, h in zip(window, hit[best : best + WINDOW], strict=True):
        if t.start > pos:
            out.append((text[pos : t.start], False))
        out.append((text[t.start : t.end], h))
        pos = t.end
    end = window[-1].end
    if end < len(text):
        tail = text[end:] if best + WINDOW >= len(toks) else "…"
        out.append((tail, False))
    return out


def plain(parts: list[tuple[str, bool]]) -> str:
    return "".join(p for p, _ in parts)


def html(parts: list[tuple[str, bool]]) -> Markup:
    return Markup("").join(
        Markup("<mark>{}</mark>").format(p) if hit else escape(p) for p, hit in parts
    )


def marked(parts: list[tuple[str, bool]]) -> list[str]:
    """The distinct words marked in the snippet, in order."""
    seen: list[str] = []
    for p, hit in parts:
        if hit and p not in seen:
            seen.append(p)
    return seen

"""Content negotiation: pick the best of a table of offers for an `Accept` header.

RFC 9110 §12.5.1 rules: q-values, `type/*` and `*/*` ranges, comma-separated lists; the
most specific range that matches an offer gives its q; `q=0` excludes; ties go to the
server's order (the table's order). Aliases (`application/json` for SPARQL JSON) count
only when named exactly, so `text/*` means the offer's own type. A missing or empty header
accepts anything. Small enough to own rather than pull a library for (python-mimeparse is
unmaintained, werkzeug's `MIMEAccept` would bring werkzeug).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from starlette.datastructures import Headers


class Offer(NamedTuple):
    """A format the server can produce: the media type it answers with, and aliases.

    A named tuple, not a dataclass: `negotiate` hashes its table of offers on every request,
    and a tuple hashes in C (a frozen dataclass calls a Python `__hash__` per offer).
    """

    media_type: str
    key: str  # what the producer needs (an engine format name, "html", ...)
    extension: str = ""
    aliases: tuple[str, ...] = ()


# Headers up to this long are memoised (browsers and clients send a handful of them, and
# parsing one costs as much as a cheap query); a longer one is parsed every time, so the
# memo holds at most (512 + 1024) x 512 bytes whatever headers clients invent.
CACHED_HEADER_CHARS = 512


def parse_accept(header: str) -> tuple[tuple[str, str, float], ...]:
    """`(type, subtype, q)` for each media range, lower-cased; malformed parts skipped."""
    if len(header) > CACHED_HEADER_CHARS:
        return _parse_accept(header)
    return _parse_accept_cached(header)


@lru_cache(maxsize=512)
def _parse_accept_cached(header: str) -> tuple[tuple[str, str, float], ...]:
    return _parse_accept(header)


def _parse_accept(header: str) -> tuple[tuple[str, str, float], ...]:
    ranges = []
    for part in header.split(","):
        fields = part.split(";")
        media = fields[0].strip().lower()
        if "/" not in media:
            if media == "*":  # seen from some clients: treat as */*
                media = "*/*"
            else:
                continue
        main, _, sub = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append((main.strip(), sub.strip(), q))
    return tuple(ranges)


def _quality(ranges: tuple[tuple[str, str, float], ...], media_type: str) -> tuple[int, float]:
    """(specificity, q) of the most specific range matching `media_type`; (-1, 0) if none."""
    main, _, sub = media_type.partition("/")
    best = (-1, 0.0)
    for r_main, r_sub, q in ranges:
        if r_main == main and r_sub == sub:
            spec = 2
        elif r_main == main and r_sub == "*":
            spec = 1
        elif r_main == "*" and r_sub == "*":
            spec = 0
        else:
            continue
        if spec > best[0]:
            best = (spec, q)
    return best


def accept_header(headers: Headers) -> str | None:
    """The Accept field, with repeated header lines joined into one list (RFC 9110 §5.3)."""
    values = headers.getlist("accept")
    return ", ".join(values) if values else None


def negotiate(accept: str | None, offers: Sequence[Offer]) -> Offer | None:
    """The offer the client prefers (server order breaks ties), or None when none fits."""
    if not accept or not accept.strip():
        return offers[0] if offers else None
    if len(accept) > CACHED_HEADER_CHARS:
        return _negotiate(accept, tuple(offers))
    return _negotiate_cached(accept, tuple(offers))


@lru_cache(maxsize=1024)
def _negotiate_cached(accept: str, offers: tuple[Offer, ...]) -> Offer | None:
    return _negotiate(accept, offers)


def _negotiate(accept: str, offers: tuple[Offer, ...]) -> Offer | None:
    ranges = parse_accept(accept)
    best: Offer | None = None
    best_q = 0.0
    for offer in offers:
        q = _quality(ranges, offer.media_type)[1]
        for alias in offer.aliases:  # an alias counts only when named exactly
            spec, alias_q = _quality(ranges, alias)
            if spec == 2:
                q = max(q, alias_q)
        if q > best_q:
            best, best_q = offer, q
    return best


def by_extension(extension: str, offers: Sequence[Offer]) -> Offer | None:
    """The offer named by a file extension such as `ttl` (no dot)."""
    for offer in offers:
        if offer.extension == extension:
            return offer
    return None

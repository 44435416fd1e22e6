"""Alphabetical order as a Spanish reader expects it: accents and case do not decide the
order (`Órgano` sorts with `organismo`), by the Unicode Collation Algorithm (pyuca, the
default table: `ñ` sorts as a variant of `n`, not after it as Spanish tailoring would)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from pyuca import Collator  # type: ignore[import-untyped]

T = TypeVar("T")


@lru_cache(maxsize=1)
def _collator() -> Collator:
    return Collator()


def key(text: str) -> tuple[int, ...]:
    """The sort key of `text`."""
    return tuple(_collator().sort_key(text))


def sorted_by(items: Iterable[T], text: Callable[[T], str]) -> list[T]:
    """`items` in alphabetical order of `text(item)`."""
    return sorted(items, key=lambda item: key(text(item)))

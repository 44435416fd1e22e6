"""The outline a source document must follow: its headings, in order, none missing.

Why: the build checks each file's SHA-256, but a new release of a document comes with a new
hash, and a truncated file or one with blocks out of place would then parse into a partial
or scrambled graph. So each loader lists the headings its document must show, in order
(objectives, strategies, sections, a closing marker), and feeds an `Outline` the headings it
meets: the first heading out of place, repeated or skipped raises SourceError at its line,
and a text that ends before the outline does raises SourceError at its last line.

An excerpt (a test fixture, a few blocks of a document) may start anywhere, skip headings
and end early, but the headings it shows must still come in the document's order.
"""

from __future__ import annotations

from collections.abc import Sequence

from loaders.errors import SourceError


def last_line(text: str) -> int:
    """The 1-based number of the text's last non-blank line (1 for an empty text)."""
    lines = text.split("\n")
    for number in range(len(lines), 0, -1):
        if lines[number - 1].strip():
            return number
    return 1


class Outline:
    """Checks headings met while reading against the document's expected sequence."""

    def __init__(self, file: str, expected: Sequence[str], *, excerpt: bool = False) -> None:
        self.file = file
        self.expected = list(expected)
        self.excerpt = excerpt
        self._index = {name: i for i, name in enumerate(self.expected)}
        self._seen: dict[str, int] = {}
        self._position = -1  # index in `expected` of the last heading met

    @property
    def current(self) -> str | None:
        """The last heading met, or None before the first."""
        return self.expected[self._position] if self._position >= 0 else None

    def knows(self, name: str) -> bool:
        return name in self._index

    def see(self, name: str, line: int) -> None:
        """Record heading `name` at `line`; raise SourceError if it is out of place."""
        index = self._index.get(name)
        if index is None:
            raise SourceError(self.file, line, f"unexpected heading {name!r}")
        if name in self._seen:
            raise SourceError(
                self.file, line, f"{name} appears again (first at line {self._seen[name]})"
            )
        if index < self._position:
            raise SourceError(
                self.file,
                line,
                f"{name} is out of place: it comes after {self.current}"
                f" (line {self._seen[self.expected[self._position]]})",
            )
        if index > self._position + 1 and not self.excerpt:
            missing = self.expected[self._position + 1]
            raise SourceError(self.file, line, f"{missing} is missing before {name}")
        self._seen[name] = line
        self._position = index

    def end(self, line: int) -> None:
        """The text ends at `line`: raise SourceError if expected headings never came."""
        if self.excerpt or self._position == len(self.expected) - 1:
            return
        missing = self.expected[self._position + 1 :]
        after = f" after {self.current}" if self.current else ""
        more = f" ({len(missing)} expected headings missing, up to {missing[-1]})"
        raise SourceError(
            self.file,
            line,
            f"the text ends{after} before {missing[0]}" + (more if len(missing) > 1 else ""),
        )

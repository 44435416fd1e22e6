"""The errors the loaders raise: the root of the project's one error tree.

The whole tree (these, and the service's errors below `ServiceError`) is drawn in
`service/errors.py`, with the one place that maps errors to HTTP statuses.
"""

from __future__ import annotations


class MigrakgError(Exception):
    """Base of every error this project raises on purpose."""


class SourceError(MigrakgError):
    """A source document cannot be used as it is; names the file and, where known, the line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class TableError(SourceError):
    """A curated reference table (loaders/reference/*.csv) with a row that cannot be read."""


class ValidationFailed(MigrakgError):
    """The graph does not conform to the shapes; `report` is pySHACL's text report."""

    def __init__(self, report: str) -> None:
        self.report = report
        super().__init__("the graph does not conform to the SHACL shapes:\n" + report)


class StoreError(MigrakgError):
    """The store at `path` cannot be opened, built or published."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")

"""Curated reference tables (CSV) shipped with the loaders; see README.md beside this file."""

from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent


def read_table(name: str) -> str:
    """The text of the reference table `name` (e.g. "agencies.csv")."""
    return (REFERENCE_DIR / name).read_text("utf-8")

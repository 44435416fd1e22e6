"""Where tests find the repository's files, whatever folder a test module sits in."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"

"""Text repair shared by the loaders: rejoining hard-wrapped lines."""

from __future__ import annotations

import re
from collections.abc import Iterable


def join_wrapped(lines: Iterable[str]) -> str:
    """Hard-wrapped lines as one text, white space collapsed. A line ending in a hyphen glued
    to a word ("ONU-", "becas-y-") is joined without a space and keeps the hyphen: in these
    documents such breaks fall inside compounds and URLs, not inside syllable-split words;
    a free-standing dash ("Paisano -") is punctuation and keeps its space."""
    text = ""
    for line in (part.strip() for part in lines):
        if not line:
            continue
        glued = text.endswith("-") and len(text) > 1 and not text[-2].isspace()
        text += line if (not text or glued) else " " + line
    return re.sub(r"\s+", " ", text).strip()

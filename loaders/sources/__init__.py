"""The source documents: one package per document, and the one table of their parsers.

A parser is `parse(text, *, ctx) -> ParseResult`: pure, no I/O (see `loaders.model`). The
build (`loaders.pipeline.run`) looks each document of `data/sources/manifest.toml` up here
by its key. A sixth document: a package beside these, and one line in `PARSERS`.
"""

from __future__ import annotations

from collections.abc import Callable

from loaders.model import LoadContext, ParseResult
from loaders.sources.pem import pem_2015, pem_2018
from loaders.sources.pmm_2018 import loader as pmm_2018
from loaders.sources.pmm_2022 import loader as pmm_2022
from loaders.sources.pmm_2024 import loader as pmm_2024

Parser = Callable[[str, LoadContext], ParseResult]

# document key (data/sources/manifest.toml) -> its parser
PARSERS: dict[str, Parser] = {
    "pem-2015": lambda text, ctx: pem_2015.parse(text, ctx=ctx),
    "pem-2018": lambda text, ctx: pem_2018.parse(text, ctx=ctx),
    "pmm-2018": lambda text, ctx: pmm_2018.parse(text, ctx=ctx),
    "pmm-2022": lambda text, ctx: pmm_2022.parse(text, ctx=ctx),
    "pmm-2024": lambda text, ctx: pmm_2024.parse(text, ctx=ctx),
}


def parser_for(key: str) -> Parser:
    """The parser of the document `key`."""
    return PARSERS[key]

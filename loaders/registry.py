"""Which parser reads which document: the one table the build consults."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from loaders.model import LoadContext, ParseResult

Parser = Callable[..., ParseResult]

# document key -> module holding `parse(text, *, ctx) -> ParseResult`
PARSERS: dict[str, str] = {
    "pem-2015": "loaders.pem_2015",
    "pem-2018": "loaders.pem_2018",
    "pmm-2018": "loaders.pmm_2018",
    "pmm-2022": "loaders.pmm_2022",
    "pmm-2024": "loaders.pmm_2024",
}


def parser_for(key: str) -> Callable[[str, LoadContext], ParseResult]:
    module = importlib.import_module(PARSERS[key])

    def run(text: str, ctx: LoadContext) -> ParseResult:
        return module.parse(text, ctx=ctx)

    return run

"""Where the service publishes things: absolute URLs under one public base URL.

The catalog, VoID and schema.org need absolute download and endpoint URLs, but the build does
not know where it will be served. So the build writes its files with `DEFAULT_PUBLIC_URL`
(what `make serve` listens on), and the service renders the same documents again for its
own `public_base_url` (or, when that setting is empty, for the URL the request came in on).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"

DUMPS_PATH = "/dumps/"
SOURCES_PATH = "/dumps/fuentes/"
TABLES_PATH = "/dumps/indicadores/"
RELEASES_PATH = "/versiones"


@dataclass(frozen=True)
class PublicUrls:
    """The service's public URLs under `base` (no trailing slash)."""

    base: str = DEFAULT_PUBLIC_URL

    @classmethod
    def at(cls, base: str | None) -> PublicUrls:
        return cls((base or DEFAULT_PUBLIC_URL).rstrip("/"))

    @property
    def home(self) -> str:
        return self.base + "/"

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def api(self) -> str:
        return self.base + "/api"

    @property
    def api_description(self) -> str:
        return self.base + "/openapi.json"

    @property
    def catalog(self) -> str:
        return self.base + "/catalog"

    @property
    def void(self) -> str:
        return self.base + "/.well-known/void"

    @property
    def ontology_doc(self) -> str:
        return self.base + "/def"

    @property
    def releases(self) -> str:
        """The page that lists the releases."""
        return self.base + RELEASES_PATH

    def release(self, file: str) -> str:
        """A release's ledger file."""
        return self.base + RELEASES_PATH + "/" + file

    def dump(self, file: str) -> str:
        return self.base + DUMPS_PATH + file

    def source(self, file: str) -> str:
        return self.base + SOURCES_PATH + file

    def table(self, file: str) -> str:
        """An indicator dataset's CSV or JSON-LD file."""
        return self.base + TABLES_PATH + file

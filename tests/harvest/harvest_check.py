"""What a stock CKAN makes of our catalog: ckanext-dcat's own parser, CKAN's own validation.

Run by `make harvest-check` in `.venv-ckan` (CKAN and ckanext-dcat from PyPI, pinned apart
from the project's `.venv`). For each serialization the service offers (Turtle, JSON-LD,
RDF/XML), fetched from a real `migrakg serve` on 127.0.0.1, it:

1. parses the catalog with ckanext-dcat's `RDFParser` and its `euro_dcat_ap_3` profile into
   CKAN dataset dicts (what the DCAT RDF harvester does before it creates a package);
2. names each dataset as the harvester does (`munge_title_to_name` of the title);
3. validates each dict with CKAN's `default_create_package_schema` through
   `ckan.lib.navl.dictization_functions.validate`, with a real SQLAlchemy session on a
   PostgreSQL database holding CKAN's own tables (the name validators query it);
4. asserts: every dataset accepted, a licence id CKAN's default register knows, at least one
   resource with a URL, tags in Spanish and English, a title;
5. and for the releases (a dcat:DatasetSeries and one dcat:Dataset per release): every
   dcat:Dataset of the document becomes one CKAN dataset and nothing else does (the series,
   which ckanext-dcat 2.4 does not import, is left out without an error), and each release
   keeps its version and its issue and modification dates.

The real harvest (ckanext-harvest's gather, fetch and import stages) is harvest_run.py's job;
this module checks the parse and the validation in both locales without one.
With `--scheming`, the same in a CKAN app (`make_app`, a minimal configuration) with the
`dcat` and `scheming_datasets` plugins and ckanext-dcat's DCAT-AP schema
(`dcat_ap_full.yaml`): parsed with the `euro_dcat_ap_3` and `euro_dcat_ap_scheming` profiles,
validated through the scheming plugin as `package_create` does (`plugin_validate`).

Usage: harvest_check.py [--scheming] <catalog base URL> <PostgreSQL SQLAlchemy URL> [locale ...]
"""

from __future__ import annotations

import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}
SPANISH_TAG = "migración"
ENGLISH_TAG = "migration"
ORGANIZATION = "portal-de-datos"
NAME_CUT = 95  # munge_title_to_name cuts a longer name (mid-word, as often as not)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return bytes(response.read())


CONFIG = """[app:main]
use = egg:ckan
sqlalchemy.url = {db_url}
ckan.site_url = http://127.0.0.1
ckan.site_id = harvest-check
SECRET_KEY = harvest-check-only
WTF_CSRF_SECRET_KEY = harvest-check-only
api_token.jwt.encode.secret = string:harvest-check-only
api_token.jwt.decode.secret = string:harvest-check-only
ckan.locale_default = {locale}
ckan.plugins = {plugins}
scheming.dataset_schemas = ckanext.dcat.schemas:dcat_ap_full.yaml
scheming.presets = ckanext.scheming:presets.json ckanext.dcat.schemas:presets.yaml
solr_url = http://127.0.0.1:8983/solr/ckan

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %%(levelname)s %%(name)s: %%(message)s
"""
PROFILES = {False: ["euro_dcat_ap_3"], True: ["euro_dcat_ap_3", "euro_dcat_ap_scheming"]}
SCHEMING = False


def datasets(data: bytes, rdf_format: str, locale: str) -> list[dict[str, Any]]:
    from ckan.common import config
    from ckanext.dcat.processors import RDFParser

    config["ckan.locale_default"] = locale  # the profile picks titles in this language
    parser = RDFParser(profiles=PROFILES[SCHEMING])
    parser.parse(data, _format=rdf_format)
    return list(parser.datasets())


def problems(dataset: dict[str, Any], context: dict[str, Any]) -> list[str]:
    from ckan.lib.munge import munge_title_to_name
    from ckan.lib.navl.dictization_functions import validate
    from ckan.logic.schema import default_create_package_schema
    from ckan.model.license import LicenseRegister

    # The harvester names a new dataset from its title and puts it in the harvest source's
    # organization.
    name = munge_title_to_name(dataset.get("title", ""))
    dataset = dict(dataset, name=name, owner_org=ORGANIZATION, type="dataset")
    if SCHEMING:
        import ckan.lib.plugins as lib_plugins

        plugin = lib_plugins.lookup_package_plugin("dataset")
        schema = plugin.create_package_schema()
        _data, errors = lib_plugins.plugin_validate(
            plugin, dict(context), dataset, schema, "package_create"
        )
    else:
        _data, errors = validate(dataset, default_create_package_schema(), context)
    out = [f"refused: {errors}"] if errors else []
    if dataset.get("license_id") not in dict(LicenseRegister().items()):
        out.append(f"licence not in CKAN's register: {dataset.get('license_id')!r}")
    if not [r for r in dataset.get("resources", []) if r.get("url")]:
        out.append("no resource with a URL")
    tags = {t["name"] for t in dataset.get("tags", [])}
    if not tags:
        out.append("no tags")
    if not dataset.get("title"):
        out.append("no title")
    if len(name) >= NAME_CUT:
        out.append(f"name cut by munge_title_to_name: {name}")
    return out


def release_problems(data: bytes, rdf_format: str, found: list[dict[str, Any]]) -> list[str]:
    """What became of the releases: each dcat:Dataset exactly once, the series not as a
    dataset, each release's version and dates as the catalog states them."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF

    graph = Graph().parse(data=data, format=rdf_format)
    series_type = URIRef(str(DCAT) + "DatasetSeries")
    in_series = URIRef(str(DCAT) + "inSeries")
    version = URIRef(str(DCAT) + "version")
    expected = {str(d) for d in graph.subjects(RDF.type, DCAT.Dataset)}
    uris = [extra(d, "uri") for d in found]
    out = []
    if sorted(uris) != sorted(expected):
        out.append(f"datasets imported {sorted(map(str, uris))} != dcat:Dataset {sorted(expected)}")
    series = {str(s) for s in graph.subjects(RDF.type, series_type)}
    if not series:
        out.append("the catalog has no dcat:DatasetSeries")
    if series & set(map(str, uris)):
        out.append(f"the series became a CKAN dataset: {series}")
    by_uri = {extra(d, "uri"): d for d in found}
    releases = set(graph.subjects(in_series, None))
    if not releases:
        out.append("no dataset is dcat:inSeries a series")
    for release in releases:
        dataset = by_uri.get(str(release))
        if dataset is None:
            out.append(f"release {release} not imported")
            continue
        if dataset.get("version") != str(graph.value(release, version)):
            out.append(f"release {release}: version {dataset.get('version')!r}")
        for key, prop in (("issued", DCTERMS.issued), ("modified", DCTERMS.modified)):
            if extra(dataset, key) != str(graph.value(release, prop)):
                out.append(f"release {release}: {key} {extra(dataset, key)!r}")
    print(f"[{rdf_format}] {len(releases)} releases in {len(series)} series imported as datasets")
    return out


def extra(dataset: dict[str, Any], key: str) -> Any:
    """A dataset's extra (ckanext-dcat's default schema) or field (the scheming schema)."""
    for item in dataset.get("extras", []):
        if item["key"] == key:
            return item["value"]
    return dataset.get(key)


def session(db_url: str) -> Any:
    import sqlalchemy
    from ckan import model

    engine = sqlalchemy.create_engine(db_url)
    model.init_model(engine)
    model.meta.metadata.create_all(engine)  # CKAN's own tables, empty
    if model.Group.get(ORGANIZATION) is None:  # the harvest source's organization
        org = model.Group(name=ORGANIZATION, title="Portal", type="organization")
        org.is_organization = True
        model.Session.add(org)
        model.Session.commit()
    return model


def main(base: str, db_url: str, locales: list[str]) -> int:
    """One CKAN app per locale: the licence register's titles are translated per request."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    failed = 0
    plugins = "dcat scheming_datasets" if SCHEMING else "dcat"
    for locale in locales:
        with tempfile.TemporaryDirectory() as tmp:
            ini = Path(tmp) / "ckan.ini"
            text = CONFIG.format(db_url=db_url.replace("%", "%%"), locale=locale, plugins=plugins)
            ini.write_text(text, "utf-8")
            app = make_app(load_config(str(ini)))
        with app._wsgi_app.test_request_context():
            failed += check(base, db_url, [locale])
    return 1 if failed else 0


def check(base: str, db_url: str, locales: list[str]) -> int:
    model = session(db_url)
    context = {"model": model, "session": model.Session, "user": "", "ignore_auth": True}
    failed = 0
    for locale in locales:
        for ext, rdf_format in FORMATS.items():
            data = fetch(f"{base}/catalog.{ext}")
            found = datasets(data, rdf_format, locale)
            for problem in release_problems(data, rdf_format, found):
                failed += 1
                print(f"[{locale} {ext}] {problem}")
            every_tag = set()
            for dataset in found:
                every_tag |= {t["name"] for t in dataset.get("tags", [])}
                found_problems = problems(dataset, context)
                for problem in found_problems:
                    failed += 1
                    print(f"[{locale} {ext}] {dataset.get('title')!r}: {problem}")
                name = dataset.get("title", "")
                print(
                    f"[{locale} {ext}] {'refused' if found_problems else 'accepted'}"
                    f" {name[:60]!r} licence={dataset.get('license_id')}"
                    f" resources={len(dataset.get('resources', []))}"
                    f" tags={len(dataset.get('tags', []))}"
                )
            for tag in (SPANISH_TAG, ENGLISH_TAG):
                if tag not in every_tag:
                    failed += 1
                    print(f"[{locale} {ext}] no dataset tagged {tag!r}")
            print(f"[{locale} {ext}] {len(found)} datasets parsed")
    schema = "ckanext-dcat's DCAT-AP scheming schema" if SCHEMING else "CKAN's default schema"
    print(f"harvest-check ({schema}): {failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    SCHEMING = args[:1] == ["--scheming"]
    args = args[1:] if SCHEMING else args
    sys.exit(main(args[0].rstrip("/"), args[1], args[2:] or ["es", "en"]))

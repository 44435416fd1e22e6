"""A real harvest of the served catalog: ckanext-harvest's gather, fetch and import stages
with ckanext-dcat's `dcat_rdf` harvester, on PostgreSQL, and what lands in CKAN's database.

Run by `make harvest-check` in `.venv-ckan`, once per serialization, each on a fresh database
(the same dataset URIs from three sources would update one another's datasets). In a CKAN app
(`make_app`, locale `es`, plugins `harvest dcat dcat_rdf_harvester`, profile `euro_dcat_ap_3`)
it creates CKAN's tables (`ckan db init`) and ckanext-harvest's (`ckan db upgrade -p harvest`),
a sysadmin, an organization and a harvest source of type `dcat_rdf` at
`<base>/catalog.<ext>` with `{"rdf_format": ...}`, and runs the job as
`ckan harvester run-test` does (`run_harvest_job` of ckanext-harvest's test helpers):
gather stage, then fetch and import stage of every harvest object, in this process.

Solr: no registry this project may use offers it, and CKAN 2.11 has no setting that stops it
indexing: its `synchronous_search` system plugin (always loaded, not named in
`ckan.plugins`) sends every package to Solr when a package is created, so `package_create`
fails with a `SearchIndexError`. We unload that plugin with CKAN's own `plugins.unload`, as
CKAN's `unload_non_system_plugins` documents ("you have to index datasets manually"); datasets
are read back with `package_show(use_cache=False)`, from the database. `ckan harvester
run-test` itself cannot be used: it creates the job with `run=True`, which publishes to the
gather queue (Redis), and it runs in a `ckan` process that loads `synchronous_search`.
The one other Solr call on the path is `harvest_jobs_run`'s `harvest_source_reindex` after it
marks the job Finished; it is reported, not hidden.

Asserts: every dcat:Dataset of the served document lands as exactly one CKAN dataset
(its `uri` extra), no gather, fetch or import error, each harvest object COMPLETE, the job
Finished; each dataset with a licence in CKAN's register, one resource per dcat:distribution
and at least one with an http(s) URL, tags, a title, its `dct:language`s as stated; Spanish
and English tags in the catalog. (The `euro_dcat_ap_3` profile keeps one title and one
description, in the locale's language; both languages are checked by harvest_check.py's
tag checks and, with the scheming schema, its validation.)

With `--scheming`, the portal runs ckanext-scheming with ckanext-dcat's DCAT-AP schema
(`dcat_ap_full.yaml`, plugin `scheming_datasets`, profiles `euro_dcat_ap_3
euro_dcat_ap_scheming`), so each dataset is validated by that schema on `package_create`.

Usage: harvest_run.py [--scheming] <catalog base URL> <PostgreSQL SQLAlchemy URL> <ext>
"""

from __future__ import annotations

import json
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

from harvest_check import CONFIG, ENGLISH_TAG, SPANISH_TAG, extra

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}
PLUGINS = {
    False: "harvest dcat dcat_rdf_harvester",
    True: "harvest dcat dcat_rdf_harvester scheming_datasets",
}
PROFILES = {False: "euro_dcat_ap_3", True: "euro_dcat_ap_3 euro_dcat_ap_scheming"}
SCHEMA = ""  # " scheming" in the output of a --scheming run
ADMIN = "harvest-check"
ORGANIZATION = "portal-de-datos"


def setup_database() -> None:
    """CKAN's tables and ckanext-harvest's migrations: `ckan db init` and
    `ckan db upgrade -p harvest`, in this process."""
    from ckan import model
    from ckan.cli.db import _run_migrations

    model.repo.init_db()
    _run_migrations("harvest")


def admin_and_org() -> str:
    from ckan import model

    if model.User.get(ADMIN) is None:
        user = model.User(name=ADMIN, email="harvest@example.org", password="harvest-check-1")
        user.sysadmin = True
        model.Session.add(user)
        model.Session.commit()
    # Straight into the model: `organization_create` ends in `organization_show`, which counts
    # the organization's datasets with `package_search` (Solr).
    org = model.Group.get(ORGANIZATION)
    if org is None:
        org = model.Group(name=ORGANIZATION, title="Portal de datos", type="organization")
        org.is_organization = True
        model.Session.add(org)
        model.Session.commit()
    return str(org.id)


def harvest(base: str, ext: str) -> tuple[dict[str, Any], list[str]]:
    """Create the source and run one job; the source and what went wrong on the way."""
    from ckan import model
    from ckan.lib.search.common import SearchIndexError
    from ckan.plugins import toolkit
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    context = {"user": ADMIN, "ignore_auth": True, "model": model, "session": model.Session}
    org_id = admin_and_org()
    source = toolkit.get_action("harvest_source_create")(
        dict(context),
        {
            "name": f"migrakg-{ext}",
            "title": f"migrakg ({ext})",
            "url": f"{base}/catalog.{ext}",
            "source_type": "dcat_rdf",
            "config": json.dumps({"rdf_format": FORMATS[ext]}),
            "owner_org": org_id,
            "frequency": "MANUAL",
        },
    )
    job_dict = toolkit.get_action("harvest_job_create")(
        dict(context), {"source_id": source["id"], "run": False}
    )
    job = HarvestJob.get(job_dict["id"])
    harvester = queue.get_harvester("dcat_rdf")
    # What `run_harvest_job` does, without its final `harvest_jobs_run` (handled below).
    job.status = "Running"
    job.save()
    object_ids = queue.gather_stage(harvester, job)
    notes = [f"gather error: {e.message}" for e in job.gather_errors]
    if not isinstance(object_ids, list):
        notes.append(f"gather stage returned {object_ids!r}")
        object_ids = []
    for object_id in object_ids:
        queue.fetch_and_import_stages(harvester, HarvestObject.get(object_id))
    try:
        toolkit.get_action("harvest_jobs_run")(
            {"ignore_auth": True, "model": model, "session": model.Session},
            {"source_id": source["id"]},
        )
    except SearchIndexError as error:
        model.Session.rollback()
        # The job is Finished (checked below); the harvest source's reindex found no Solr.
        print(f"[{ext}{SCHEMA}] harvest_source_reindex without Solr: {str(error)[:100]}")
    return source, notes


def landed(base: str, ext: str, source: dict[str, Any], notes: list[str]) -> int:
    """Check what the job left in the database against the served document."""
    from ckan import model
    from ckan.model.license import LicenseRegister
    from ckan.plugins import toolkit
    from ckanext.harvest.model import HarvestJob, HarvestObject
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF

    with urllib.request.urlopen(f"{base}/catalog.{ext}", timeout=60) as response:
        graph = Graph().parse(data=response.read(), format=FORMATS[ext])
    expected = sorted(str(d) for d in graph.subjects(RDF.type, DCAT.Dataset))
    problems = list(notes)
    job = model.Session.query(HarvestJob).filter_by(source_id=source["id"]).one()
    if job.status != "Finished":
        problems.append(f"job status {job.status}")
    objects = model.Session.query(HarvestObject).filter_by(harvest_job_id=job.id).all()
    for obj in objects:
        for error in obj.errors:
            problems.append(f"{obj.guid}: {error.stage} error: {error.message[:300]}")
        if obj.state != "COMPLETE":
            problems.append(f"{obj.guid}: state {obj.state}")
    licences = dict(LicenseRegister().items())
    show = toolkit.get_action("package_show")
    found = []
    every_tag: set[str] = set()
    for obj in objects:
        if not obj.package_id:
            continue
        dataset = show({"ignore_auth": True, "use_cache": False}, {"id": obj.package_id})
        found.append(dataset)
        title = dataset.get("title", "")
        tags = {t["name"] for t in dataset.get("tags", [])}
        every_tag |= tags
        urls = [r["url"] for r in dataset.get("resources", []) if r.get("url", "")[:4] == "http"]
        licence = dataset.get("license_id")
        if licence not in licences:
            problems.append(f"{title!r}: licence not in CKAN's register: {licence!r}")
        uri = URIRef(str(extra(dataset, "uri")))
        distributions = len(set(graph.objects(uri, DCAT.distribution)))
        if len(dataset.get("resources", [])) != distributions:
            problems.append(f"{title!r}: {len(urls)} resources of {distributions} distributions")
        stated = sorted(str(lang) for lang in graph.objects(uri, DCTERMS.language))
        kept = sorted(languages(dataset))
        if kept != stated:
            problems.append(f"{title!r}: languages {kept} != dct:language {stated}")
        if not urls:
            problems.append(f"{title!r}: no resource with an http(s) URL")
        if not tags:
            problems.append(f"{title!r}: no tags")
        if not title:
            problems.append(f"{dataset['name']}: no title")
        print(
            f"[{ext}{SCHEMA}] landed {dataset['name'][:50]!r} licence={dataset.get('license_id')}"
            f" resources={len(urls)} tags={len(tags)} language={extra(dataset, 'language')}"
        )
    uris = sorted(str(extra(d, "uri")) for d in found)
    if uris != expected:
        problems.append(f"datasets landed {uris} != dcat:Dataset {expected}")
    for tag in (SPANISH_TAG, ENGLISH_TAG):
        if tag not in every_tag:
            problems.append(f"no dataset tagged {tag!r}")
    every_language = {lang for d in found for lang in languages(d)}
    print(f"[{ext}{SCHEMA}] languages kept: {sorted(every_language)}")
    for problem in problems:
        print(f"[{ext}{SCHEMA}] {problem}")
    print(
        f"[{ext}{SCHEMA}] real harvest: {len(found)} of {len(expected)} datasets landed,"
        f" {len(objects)} harvest objects, {len(problems)} problem(s)"
    )
    return 1 if problems else 0


def languages(dataset: dict[str, Any]) -> list[str]:
    """`language`: a JSON string extra (default schema) or a list field (scheming)."""
    value = extra(dataset, "language") or []
    return list(json.loads(value) if isinstance(value, str) else value)


def main(base: str, db_url: str, ext: str, scheming: bool) -> int:
    from ckan import plugins
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    with tempfile.TemporaryDirectory() as tmp:
        ini = Path(tmp) / "ckan.ini"
        text = CONFIG.format(
            db_url=db_url.replace("%", "%%"), locale="es", plugins=PLUGINS[scheming]
        )
        profiles = f"ckanext.dcat.rdf.profiles = {PROFILES[scheming]}\n\n[loggers]"
        ini.write_text(text.replace("[loggers]", profiles), "utf-8")
        app = make_app(load_config(str(ini)))
    plugins.unload("synchronous_search")
    with app._wsgi_app.test_request_context():
        setup_database()
        source, notes = harvest(base, ext)
        return landed(base, ext, source, notes)


if __name__ == "__main__":
    args = sys.argv[1:]
    scheming = args[:1] == ["--scheming"]
    SCHEMA = " scheming" if scheming else ""
    args = args[1:] if scheming else args
    sys.exit(main(args[0].rstrip("/"), args[1], args[2], scheming))

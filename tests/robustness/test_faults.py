"""Faults: builds killed at random moments, a store damaged on disk, damaged sources.

- SIGKILL a build again and again, at random steps from its start to its end, beside a
  server reading the published store: the server keeps answering from its build, and what
  is published always opens.
- A damaged store (RocksDB files, graph.nq) makes start-up fail with a message naming it.
- A damaged source makes `migrakg build` exit 1 with file:line, no traceback, and nothing
  published; an unknown agency is a finding with file:line in the build report.
- Each parser notices a truncated or reshuffled document by itself (a new release comes
  with a new hash, so the hash check cannot): SourceError with the file and a line.

Builds here skip SHACL validation (minutes on this machine; it runs after parsing, so it
changes nothing about where a damaged source is caught), except through the CLI, which
stops at the damaged source before validating.
"""

from __future__ import annotations

import json
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import httpx
import pyoxigraph as ox
import pytest

from loaders.errors import SourceError
from loaders.pipeline.run import BuildConfig, build
from loaders.pipeline.store import KEEP_BUILDS, current_build, publish
from loaders.sources import parser_for
from tests.conftest import make_ctx, source_text
from tests.helpers import damaged_sources
from tests.service.server import running_server

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# Whole build processes killed at a random step of their preparation, then the writing
# half of one preparation killed at a random step of its own (see the test's docstring).
WHOLE_KILLS = 2
KILLS = 5
# The steps a build reports (`loaders.pipeline.run`): those that write nothing, those that do.
PREPARING = (
    "parsing pem-2015-acciones.txt",
    "parsing pem-2018-acciones.txt",
    "parsing pmm-2018-informe.txt",
    "parsing pmm-2022-compendio.txt",
    "parsing pmm-2024-informe-ejecutivo.txt",
    "reconciling the PEM scheme",
    "linking actions to programmes",
    "checking each document against itself",
    "loading the ontology and reference data",
    "deriving the PEM-GCM crosswalk",
    "deriving the commitment tracker",
    "writing sorted N-Quads",
)
WRITING = (
    "start",
    "loading the store",
    "writing the dumps, the catalog and VoID",
    "indexing the text for search",
    "publishing",
)
BUILD = (
    "import sys; from pathlib import Path; from loaders.pipeline.run import BuildConfig, build; "
    "build(BuildConfig(build_dir=Path({root!r}), validate=False), "
    "lambda step: (sys.stdout.write(step + '\\n'), sys.stdout.flush()))"
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } # "


@pytest.fixture(scope="module")
def base(corpus_build) -> Path:
    """The session's full-corpus build directory (one published build), to be copied."""
    return Path(corpus_build.path.parent.parent)


def _copy(base: Path, tmp_path: Path) -> Path:
    root = tmp_path / "build"
    shutil.copytree(base, root, symlinks=True)
    return root


def _quads(build_path: Path) -> int:
    return int(json.loads((build_path / "report.json").read_text("utf-8"))["quads"])


def _published(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "stores").iterdir() if not p.name.endswith(".partial"))


class _Lines:
    """The lines a process prints (then "<eof>"), read by a thread so that the test can
    query the server while it waits for the moment it means to kill at."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stdout: IO[str]) -> None:
        for line in stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put("<eof>")

    def next(self, timeout: float = 0.05) -> str | None:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return None
        assert line != "<eof>", "the process ended early"
        return line


def test_killed_builds_leave_the_service_serving(base: Path, tmp_path: Path) -> None:
    """SIGKILLed builds leave the service answering from its build, what is published
    always opens with every quad, and the next build clears their leftovers.

    Beside a server reading the published store, WHOLE_KILLS build processes are killed at
    a random step of their preparation plus a random delay (reading, parsing, deriving:
    nothing may be written yet). Then the writing half of one real preparation, made
    meanwhile (`tests/robustness/killable.py`: `loaders.pipeline.run.write_build` in a fork
    per kill), is killed KILLS times at a random step of its own (the `.partial` directory,
    graph.nq, the store, the dumps, the search index, the report, the swap) plus a random
    delay, and run once more to its end. Everything a build writes happens in that half, so
    every moment at which a kill can leave something half-written is reachable without
    parsing the corpus again for each kill (a whole build per kill took a minute and a half).
    """
    root = _copy(base, tmp_path)
    before = current_build(root)
    assert before is not None
    quads = _quads(before)
    rng = random.Random(20240601)
    asked = 0

    def serving(client: httpx.Client) -> None:
        nonlocal asked
        reply = client.get("/sparql", params={"query": f"{COUNT}{asked}"})
        assert reply.status_code == 200, reply.text
        assert int(reply.json()["results"]["bindings"][0]["n"]["value"]) == quads
        asked += 1

    def still_serving(client: httpx.Client, served: str) -> None:
        assert client.get("/health").json()["build"] == served
        current = current_build(root)
        assert current is not None
        store = ox.Store.read_only(str(current / "store"))
        named = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert int(next(iter(named))["n"].value) == quads
        del store

    partial_seen = 0
    with (
        running_server(root, store_mode="disk", query_workers=1) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        served = client.get("/health").json()["build"]
        # the preparation runs while the whole builds are killed: it writes nothing
        killable = subprocess.Popen(
            [sys.executable, "-m", "tests.robustness.killable", str(root)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert killable.stdin is not None
        try:
            lines = _Lines(killable)
            for _ in range(WHOLE_KILLS):
                process = subprocess.Popen(
                    [sys.executable, "-c", BUILD.format(root=str(root))],
                    cwd=REPO,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
                whole, step = _Lines(process), rng.choice(PREPARING)
                while whole.next() != step:
                    serving(client)
                deadline = time.monotonic() + rng.uniform(0.0, 1.0)
                while time.monotonic() < deadline:
                    serving(client)
                    time.sleep(0.02)
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                still_serving(client, served)
            while (line := lines.next()) is None or not line.startswith("ready "):
                serving(client)
            for n in range(KILLS + 1):
                kill = n < KILLS
                order = f"kill\t{rng.choice(WRITING)}\t{rng.uniform(0.0, 1.0):.3f}"
                killable.stdin.write((order if kill else "finish") + "\n")
                killable.stdin.flush()
                while (line := lines.next()) is None or " exit " not in line:
                    serving(client)
                assert line.endswith(f" exit {-signal.SIGKILL if kill else 0}"), (order, line)
                partial_seen += kill and bool(list((root / "stores").glob("*.partial")))
                still_serving(client, served)
        finally:
            killable.stdin.close()
            killable.wait()
    # some kills land after the swap (the child waits for them), most before it
    assert partial_seen >= KILLS // 2, f"{partial_seen} kills landed while a store was written"
    assert not list((root / "stores").glob("*.partial")), "leftovers were not cleared"
    with (
        running_server(root, store_mode="disk") as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        assert client.get("/health").json()["quads"] == quads


def _truncate_files(pattern: str) -> Callable[[Path], Path]:
    def damage(build_path: Path) -> Path:
        for path in (build_path / "store").glob(pattern):
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
        return build_path / "store"

    return damage


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def damage(build_path: Path) -> Path:
        (build_path / "store" / name).write_bytes(data)
        return build_path / "store"

    return damage


def _delete(pattern: str) -> Callable[[Path], Path]:
    def damage(build_path: Path) -> Path:
        for path in (build_path / "store").glob(pattern):
            path.unlink()
        return build_path / "store"

    return damage


def _truncate_nquads(build_path: Path) -> Path:
    path = build_path / "graph.nq"
    path.write_bytes(path.read_bytes()[:5000])
    return path


@pytest.mark.parametrize(
    ("damage", "mode"),
    [
        (_write("CURRENT", b"\x00garbage\n"), "disk"),
        (_delete("CURRENT"), "disk"),
        (_delete("MANIFEST-*"), "disk"),
        (_truncate_files("*.sst"), "disk"),
        (_truncate_nquads, "memory"),
    ],
    ids=["garbage-CURRENT", "no-CURRENT", "no-MANIFEST", "truncated-sst", "truncated-graph.nq"],
)
def test_damaged_store_fails_start_up_naming_the_path(
    base: Path, tmp_path: Path, damage: Callable[[Path], Path], mode: str
) -> None:
    root = _copy(base, tmp_path)
    current = current_build(root)
    assert current is not None
    path = damage(current)
    env = {**os.environ, "MIGRAKG_BUILD_DIR": str(root), "MIGRAKG_STORE_MODE": mode}
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "--factory", "service.app:create_app", "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert f"cannot open the store at {path}" in result.stderr, result.stderr[-2000:]


def _cli_build(root: Path, sources: Path) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).parent / "migrakg"
    return subprocess.run(
        [str(cli), "build", "--build-dir", str(root), "--sources-dir", str(sources)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "240"},
    )


def _halve(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(lines[: len(lines) // 2])


def _cut(fraction: float) -> Callable[[str], str]:
    def cut(text: str) -> str:
        lines = text.split("\n")
        return "\n".join(lines[: int(len(lines) * fraction)])

    return cut


def _shuffle(seed: int, size: int = 20) -> Callable[[str], str]:
    def shuffled(text: str) -> str:
        lines = text.split("\n")
        blocks = [lines[i : i + size] for i in range(0, len(lines), size)]
        random.Random(seed).shuffle(blocks)
        return "\n".join(line for block in blocks for line in block)

    return shuffled


def _latin1(text: str) -> bytes:
    return text.encode("latin-1", "replace")


FILES = {
    "pem-2015": "pem-2015-acciones.txt",
    "pem-2018": "pem-2018-acciones.txt",
    "pmm-2018": "pmm-2018-informe.txt",
    "pmm-2022": "pmm-2022-compendio.txt",
    "pmm-2024": "pmm-2024-informe-ejecutivo.txt",
}
CLI_CASES = [
    *((file, _halve) for file in FILES.values()),
    ("pem-2015-acciones.txt", _shuffle(1)),
    ("pem-2018-acciones.txt", _shuffle(2)),
    ("pmm-2018-informe.txt", _shuffle(4)),
    ("pmm-2022-compendio.txt", _shuffle(3)),
    ("pmm-2024-informe-ejecutivo.txt", _shuffle(5)),
    *((file, _latin1) for file in FILES.values()),
]


@pytest.mark.parametrize(
    ("file", "edit"),
    CLI_CASES,
    ids=[f"{f}-{e.__name__.strip('_')}" for f, e in CLI_CASES],
)
def test_damaged_source_stops_the_cli_with_file_and_line(
    base: Path, tmp_path: Path, file: str, edit: Callable[[str], str | bytes]
) -> None:
    root = _copy(base, tmp_path)
    before, published = current_build(root), _published(root)
    result = _cli_build(root, damaged_sources(tmp_path, file, edit))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert re.search(rf"{re.escape(file)}:\d+", result.stderr), result.stderr[-2000:]
    assert "Traceback" not in output
    assert current_build(root) == before
    assert _published(root) == published


def test_altered_source_without_a_new_hash_is_refused(base: Path, tmp_path: Path) -> None:
    root = _copy(base, tmp_path)
    before = current_build(root)
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "data" / "sources", sources)
    path = sources / FILES["pmm-2022"]
    path.write_text(_halve(path.read_text("utf-8")), "utf-8")
    result = _cli_build(root, sources)
    assert result.returncode == 1
    assert FILES["pmm-2022"] in result.stderr and "altered" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert current_build(root) == before


UNKNOWN = "Secretaría de Asuntos Imaginarios"


def test_unknown_agency_is_a_finding_with_file_and_line(tmp_path: Path) -> None:
    file = FILES["pmm-2022"]
    line = 83  # "2. Cooperación con la OCDE (UPMRIP-SEGOB)"

    def edit(text: str) -> str:
        lines = text.split("\n")
        assert lines[line - 1].rstrip().endswith("(UPMRIP-SEGOB)")
        lines[line - 1] = lines[line - 1].replace("UPMRIP-SEGOB", UNKNOWN)
        return "\n".join(lines)

    sources = damaged_sources(tmp_path, file, edit)
    result = build(BuildConfig(build_dir=tmp_path / "build", sources_dir=sources, validate=False))
    report = json.loads((result.path / "report.json").read_text("utf-8"))
    found = [f for f in report["findings"] if UNKNOWN in f["message"]]
    assert [(f["file"], f["line"], f["kind"]) for f in found] == [(file, line, "unresolved-agency")]
    assert f"{file}:{line}: unresolved-agency" in (result.path / "report.txt").read_text("utf-8")


# Structural damage each parser notices (loaders/outline.py and each loader's outline): a
# parser that accepted part of a document or its blocks out of order would publish a partial
# or scrambled graph once the manifest's hash is updated (a new release).
DAMAGES: dict[str, Callable[[str], str]] = {
    "halve": _halve,
    "cut-quarter": _cut(0.25),
    "cut-three-quarters": _cut(0.75),
    "shuffle": _shuffle(7),
    "shuffle-5-lines": _shuffle(11, size=5),
    "shuffle-40-lines": _shuffle(13, size=40),
}


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("key", FILES)
def test_parser_notices_structural_damage(key: str, damage: str) -> None:
    with pytest.raises(SourceError) as caught:
        parser_for(key)(DAMAGES[damage](source_text(key)), make_ctx(key))
    assert caught.value.file == FILES[key]
    assert caught.value.line is not None


@pytest.mark.parametrize("key", FILES)
def test_parser_notices_shuffles_whatever_the_seed(key: str) -> None:
    text, ctx, parse = source_text(key), make_ctx(key), parser_for(key)
    for seed in range(10):
        with pytest.raises(SourceError) as caught:
            parse(_shuffle(100 + seed)(text), ctx)
        assert caught.value.file == FILES[key] and caught.value.line is not None, seed


def test_pruning_spares_the_build_being_served(base: Path, tmp_path: Path) -> None:
    """New builds published while the service runs prune old ones, never the one it serves:
    a query process killed by the time limit must reopen that build's graph.nq."""
    root = _copy(base, tmp_path)
    served = current_build(root)
    assert served is not None
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with (
        running_server(root, query_timeout_s=1, query_workers=1) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        for i in range(KEEP_BUILDS + 1):
            work = root / "stores" / f"29990101T00000{i}Z-newer.partial"
            shutil.copytree(served, work)
            publish(root, work)
        assert served.is_dir(), "the served build was pruned"
        assert client.get("/sparql", params={"query": explosive}).status_code == 503
        deadline = time.monotonic() + 20
        while client.get("/health").json()["query_processes_ready"] < 1:
            assert time.monotonic() < deadline, "the query process was not replaced"
            time.sleep(0.1)
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]
    work = root / "stores" / "29990101T000009Z-newer.partial"
    shutil.copytree(served, work)
    publish(root, work)
    assert not served.exists(), "once no service holds it, the old build is pruned"

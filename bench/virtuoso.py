"""A throw-away Virtuoso (Debian's `virtuoso-opensource`) on 127.0.0.1, loaded with a build.

The database, ini and logs live in a temporary directory; both ports (SQL and HTTP) are
free ports on the loopback, so nothing else on the machine is touched or reachable. The
build's `graph.nq` is loaded with Virtuoso's bulk loader (`ld_dir` + `rdf_loader_run`),
which keeps each quad's named graph. The ini sets a server-side query time limit and no
result-row cap (Virtuoso's default would silently cut long answers at 10,000 rows).

Shared by the scale-out tests (tests/scaleout/conftest.py) and the backend benchmark
(bench.backends), which asks for more HTTP threads so that 16 clients keep their
connections alive.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.servers import stop

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {data}
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
MaxQueryMem = 1G
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = {http_threads}
MaxClientConnections = {http_threads}
MaxKeepAlives = {http_threads}
KeepAliveTimeout = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 0
DefaultQuery = ASK {{}}
"""


def binaries() -> tuple[str, str] | None:
    """(server, isql) when Virtuoso is installed, else None."""
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    return (server, isql) if server and isql else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _isql(isql: str, port: int, sql: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [isql, f"127.0.0.1:{port}", "dba", "dba", f"exec={sql}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@contextmanager
def running_virtuoso(
    work: Path, nquads: Path, query_timeout_s: int = 5, http_threads: int = 8
) -> Iterator[str]:
    """Yields the `/sparql` URL of a Virtuoso holding `nquads`; stops it afterwards.

    `http_threads` bounds Virtuoso's HTTP threads, connections and keep-alive connections.
    """
    found = binaries()
    if found is None:
        raise RuntimeError("virtuoso-opensource is not installed (make virtuoso)")
    server, isql = found
    db, data = work / "db", work / "data"
    db.mkdir(parents=True)
    data.mkdir()
    shutil.copyfile(nquads, data / "graph.nq")
    sql_port, http_port = _free_port(), _free_port()
    ini = work / "virtuoso.ini"
    ini.write_text(
        INI.format(
            db=db,
            data=data,
            sql_port=sql_port,
            http_port=http_port,
            timeout=query_timeout_s,
            http_threads=http_threads,
        ),
        "utf-8",
    )
    log = (work / "stdout.log").open("wb")
    process = subprocess.Popen(
        [server, "+foreground", "+configfile", str(ini)],
        cwd=db,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_sql(process, isql, sql_port, db)
        loaded = _isql(
            isql,
            sql_port,
            f"ld_dir('{data}', 'graph.nq', 'urn:migrakg:no-graph'); rdf_loader_run(); checkpoint;",
            timeout=120,
        )
        errors = _isql(
            isql, sql_port, "SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST;", timeout=20
        )
        if loaded.returncode != 0 or "Error" in loaded.stdout or "*** Error" in errors.stdout:
            raise RuntimeError(f"Virtuoso could not load {nquads}:\n{loaded.stdout}{errors.stdout}")
        _wait_http(process, url)
        yield url
    finally:
        stop(process, timeout=20)
        log.close()


def _wait_sql(process: subprocess.Popen[bytes], isql: str, port: int, db: Path) -> None:
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (db / "virtuoso.log").read_text("utf-8", "replace")[-2000:]
            raise RuntimeError(f"Virtuoso exited with {process.returncode}:\n{log}")
        if _isql(isql, port, "SELECT 1;", timeout=5).returncode == 0:
            return
        time.sleep(0.3)
    raise RuntimeError("Virtuoso did not accept SQL connections within 40 s")


def _wait_http(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Virtuoso exited with {process.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"Virtuoso's {url} did not answer within 20 s")

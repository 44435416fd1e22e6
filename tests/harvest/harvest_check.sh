#!/usr/bin/env bash
# make harvest-check: a throwaway PostgreSQL cluster (Debian's postgresql) and a real
# `migrakg serve` of the build in $BUILD_DIR, then a real harvest of each serialization
# (tests/harvest/harvest_run.py) and tests/harvest/harvest_check.py in .venv-ckan.
# Everything it starts it stops, by process id.
set -euo pipefail
BUILD_DIR=${BUILD_DIR:-build}
[ -d "$BUILD_DIR/current" ] || { echo "no build in $BUILD_DIR: run make build first"; exit 1; }
PGPORT=${HARVEST_PGPORT:-54329}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
TMP=$(mktemp -d)
chmod 755 "$TMP"
SERVE_PID=""
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$TMP/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
# PostgreSQL refuses to run as root: the cluster belongs to the `postgres` user.
mkdir "$TMP/pg" "$TMP/sock" && chown postgres "$TMP/pg" "$TMP/sock"
runuser -u postgres -- "$PGBIN/initdb" -D "$TMP/pg" -A trust -U ckan >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$TMP/pg" -l "$TMP/pg/log" -w \
  -o "-p $PGPORT -k $TMP/sock -c listen_addresses=''" start >/dev/null
for db in ckan harvest_ttl harvest_rdf harvest_jsonld scheming_ttl scheming_rdf scheming_jsonld; do
  runuser -u postgres -- "$PGBIN/createdb" -h "$TMP/sock" -p "$PGPORT" -U ckan "$db"
done
# A free port of our own: a server someone else left on a fixed port would be checked instead.
PORT=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MIGRAKG_BUILD_DIR=$BUILD_DIR MIGRAKG_PORT=$PORT MIGRAKG_WORKERS=1 .venv/bin/migrakg serve \
  >"$TMP/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 120); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 1
done
kill -0 "$SERVE_PID" || { cat "$TMP/serve.log"; exit 1; }
DB="postgresql://ckan@/ckan?host=$TMP/sock&port=$PGPORT"
status=0
# A real harvest (gather, fetch, import) of each serialization, each into a fresh database,
# by a portal with CKAN's default schema and by one with the DCAT-AP scheming schema.
for ext in ttl rdf jsonld; do
  .venv-ckan/bin/python tests/harvest/harvest_run.py "http://127.0.0.1:$PORT" \
    "postgresql://ckan@/harvest_$ext?host=$TMP/sock&port=$PGPORT" "$ext" || status=1
  .venv-ckan/bin/python tests/harvest/harvest_run.py --scheming "http://127.0.0.1:$PORT" \
    "postgresql://ckan@/scheming_$ext?host=$TMP/sock&port=$PGPORT" "$ext" || status=1
done
[ -n "${HARVEST_ONLY:-}" ] && exit $status
.venv-ckan/bin/python tests/harvest/harvest_check.py "http://127.0.0.1:$PORT" "$DB" es en || status=1
.venv-ckan/bin/python tests/harvest/harvest_check.py --scheming "http://127.0.0.1:$PORT" "$DB" es en || status=1
exit $status

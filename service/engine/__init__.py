"""The query engine: where SPARQL is evaluated, and what may be.

`backend.make_engine` picks the engine for the settings: `pool.QueryPool` (preforked query
processes, `process`, each holding the store, plus `inprocess` for provably cheap lookups)
or `remote.RemoteEngine` (any SPARQL 1.1 endpoint, bound terms written in by `bind`).
`safety` refuses updates and remote fetches before evaluation, on the recogniser `shape`.

This file imports nothing so that query processes (`python -m service.engine.process`)
start light.
"""

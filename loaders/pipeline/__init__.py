"""The build: read the sources, parse, derive, validate, store, report, publish."""

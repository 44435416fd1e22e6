"""Benchmarks: our service against Oxigraph's own server on the same build (`python -m bench`)."""

"""Loaders: turn the five source documents into RDF, one pure parser per document."""

"""Linked-data dereferencing: what the service says about one IRI (`describe`)."""

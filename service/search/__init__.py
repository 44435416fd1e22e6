"""Full-text search over the build's index: query parsing, ranking, snippets, reconciliation."""

"""Open data as served: the DCAT catalog, VoID and schema.org rendered from the build's
`publications.json` (`documents`), and the dumps and source texts as files with ETags,
conditional GET and ranges (`files`)."""

"""Pages for people: server-rendered HTML over the same index as the API."""

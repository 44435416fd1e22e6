"""`migrakg export DIR`: everything the service answers that a build fixes, as static files
(every IRI's HTML, Turtle and JSON-LD, the API's items, collection pages and timelines,
the catalog, VoID and dumps) and an nginx configuration that negotiates between them."""

"""HTTP concerns shared by the routes: content negotiation (`conneg`) over the tables of
formats (`formats`), the SPARQL protocol's request reading (`protocol`) and service
description (`service_description`), the body limit (`limits`), the fast path for the two
hottest routes (`fastpath`) and the OpenAPI declarations (`openapi`)."""

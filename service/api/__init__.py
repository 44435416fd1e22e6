"""The JSON-LD API's machinery: the context, the member index (filters, search, paging) and framing.

The routes live in `service.routers.api`; this package holds plain functions they call.
"""

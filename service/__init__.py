"""The HTTP face of the knowledge graph: SPARQL endpoint, dereferenceable IRIs, health.

`service.app.create_app(settings)` builds the ASGI app; `service.run.serve(settings)` starts
uvicorn. This file imports nothing so that query processes (`service.engine.process`) start
light.
"""

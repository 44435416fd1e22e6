"""`/docs` (Swagger UI) and `/redoc` (Redoc) from this server, never from a CDN.

FastAPI's own pages load both from jsDelivr (blank without a network) and start Swagger UI
with an inline script, which the Content-Security-Policy (`service.http.edge`: scripts from
this server only) would block. These pages load the npm packages `make frontend` installs
(`swagger-ui-dist`, `redoc`, served at `/static/vendor/`, as YASGUI is) and start Swagger UI
from `/static/docs.js`.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from service.state import service_state

router = APIRouter(include_in_schema=False)


def _page(request: Request, template: str) -> Response:
    return service_state(request).templates.TemplateResponse(
        request, f"docs/{template}", {"title": request.app.title, "spec": request.app.openapi_url}
    )


@router.get("/docs")
def swagger_ui(request: Request) -> Response:
    return _page(request, "swagger.html")


@router.get("/redoc")
def redoc(request: Request) -> Response:
    return _page(request, "redoc.html")

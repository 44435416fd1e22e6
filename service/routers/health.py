"""`/health`: is the service up, and which build does it serve."""

from __future__ import annotations

import os

from fastapi import APIRouter
from starlette.requests import Request

from service.http import openapi
from service.state import service_state

router = APIRouter(tags=["health"])


@router.get(
    "/health", summary="Liveness, the build served and its size", responses=openapi.ok(openapi.JSON)
)
async def health(request: Request) -> dict[str, object]:
    state = service_state(request)
    return {
        "status": "ok",
        "pid": os.getpid(),  # which worker process answered
        "build": state.build.build_id,
        "quads": state.engine.quads,
        "triples": state.default_graph_triples,  # COUNT(*) on the default graph
        "graphs": len(state.graph_counts),
        "query_processes": state.engine.size,
        "query_processes_ready": state.engine.live,
    }

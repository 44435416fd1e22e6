"""The build's dumps and source texts as files: a content ETag (the file's SHA-256),
Last-Modified, conditional GET (304) and byte ranges (Starlette's FileResponse: 206, 416)."""

from __future__ import annotations

import os
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from loaders.publishing.facts import FileFacts
from service.errors import NotFound

DUMP_CACHE_SECONDS = 300


def _not_modified(request: Request, etag: str, mtime: float) -> bool:
    """RFC 9110 §13.1: If-None-Match wins over If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return int(mtime) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


def file_response(request: Request, path: Path, facts: FileFacts) -> Response:
    """A file with content ETag, conditional GET and ranges."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise NotFound(f"{facts.file} is listed but missing from the build") from exc
    etag = f'"{facts.sha256}"'
    headers = {
        "etag": etag,
        "last-modified": formatdate(stat.st_mtime, usegmt=True),
        "cache-control": f"public, max-age={DUMP_CACHE_SECONDS}",
    }
    if _not_modified(request, etag, stat.st_mtime):
        return Response(status_code=304, headers=headers)
    media_type = "application/gzip" if facts.compressed else f"{facts.media_type}; charset=utf-8"
    return FileResponse(
        path, headers=headers, media_type=media_type, filename=facts.file, stat_result=stat
    )

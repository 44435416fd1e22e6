"""`serve(settings)`: start uvicorn with the app for those settings (what `migrakg serve` calls).

With several workers uvicorn needs an import string, so the settings travel to each worker
process as `MIGRAKG_*` environment variables and `create_app()` reads them there.
"""

from __future__ import annotations

import json
import os

import uvicorn

from service.settings import Settings


def settings_environment(settings: Settings) -> dict[str, str]:
    """The `MIGRAKG_*` variables that rebuild `settings` in another process."""
    env = {}
    for name, value in settings.model_dump(mode="json").items():
        text = value if isinstance(value, str) else json.dumps(value)
        env[f"MIGRAKG_{name.upper()}"] = text
    return env


def serve(settings: Settings) -> None:
    """Serve on settings.host:settings.port with settings.workers processes (blocks)."""
    os.environ.update(settings_environment(settings))
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="info",
        timeout_graceful_shutdown=5,
    )

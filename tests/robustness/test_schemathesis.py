"""schemathesis against the live OpenAPI document: every operation, a bounded number of
generated requests each, schemathesis's checks, no failures.

The CLI runs in a subprocess (its pytest plugin does not work with this pytest). Checks
left out, and why:
- positive_data_acceptance: a schema-valid identifier that names nothing is a 404 by
  design;
- negative_data_rejection: an empty query parameter counts as absent, as HTML forms send it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx

EXAMPLES = 8
EXCLUDED = (
    "positive_data_acceptance",
    "negative_data_rejection",
)


def test_schemathesis_finds_nothing(
    hostile_url: str, hostile: httpx.Client, tmp_path: Path
) -> None:
    st = Path(sys.executable).parent / "st"
    result = subprocess.run(
        [
            str(st),
            "run",
            f"{hostile_url}/openapi.json",
            "--max-examples",
            str(EXAMPLES),
            "--checks",
            "all",
            "--exclude-checks",
            ",".join(EXCLUDED),
            "--phases",
            "examples,coverage,fuzzing",
            "--seed",
            "20240601",
            "--generation-database",
            "none",
            "--request-timeout",
            "15",
            "--workers",
            "2",
            "--no-color",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    paths = hostile.get("/openapi.json").json()["paths"]
    operations = sum(len(ops) for ops in paths.values())
    assert re.search(rf"Tested: {operations}\b", result.stdout), result.stdout[-3000:]
    assert hostile.get("/health").json()["status"] == "ok"

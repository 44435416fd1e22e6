"""A named query called without parameters is answered from the build's `answers/`."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.api.dataset import write_build
from tests.service.server import running_server


def test_the_service_sends_the_build_answer_and_runs_calls_with_parameters(
    tmp_path: Path,
) -> None:
    root = write_build(tmp_path)
    answer = (root / "current").resolve() / "answers" / "documents_counts.CSV"
    answer.write_bytes(answer.read_bytes() + b"from the build\n")  # marks the file's bytes
    with running_server(root) as url:
        built = httpx.get(f"{url}/api/queries/documents_counts", headers={"accept": "text/csv"})
        assert built.status_code == 200 and built.text.endswith("from the build\n")
        live = httpx.get(f"{url}/api/queries/agency_actions_per_kind_year?year=2022")
        assert [r["year"]["value"] for r in live.json()["results"]["bindings"]] == ["2022"] * 2

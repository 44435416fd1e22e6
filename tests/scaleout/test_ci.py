"""In CI the remote-backend tests cannot go quietly green: without Virtuoso they fail."""

from __future__ import annotations

import pytest

from tests.scaleout import conftest


def test_ci_fails_without_virtuoso(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "binaries", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        conftest.require_virtuoso()


def test_elsewhere_skips_without_virtuoso(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "binaries", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        conftest.require_virtuoso()

"""Every page type in Chromium at desktop (1280 px) and phone (390 px) width.

Each page: the expected status; no request leaves 127.0.0.1; no console error and no
failed sub-resource; no horizontal scroll (the page fits its width, wide tables scroll in
their own box); axe-core finds no serious or critical violation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.site import PAGES, Recorder, audit, blocking, horizontal_overflow

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WIDTHS = ("desktop", "phone")
# Selectors a page's scripts fill in: audit what a person sees, not the empty shell.
SETTLE = {"editor": ".yasqe .CodeMirror", "api-docs": ".swagger-ui .info"}


def test_every_page_type_is_listed() -> None:
    assert len(PAGES) == 29  # pySHACL's lesson: a parametrised suite must not shrink silently
    assert len({name for name, _, _ in PAGES}) == len(PAGES)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path", "status"), PAGES, ids=[p[0] for p in PAGES])
def test_page(
    request: pytest.FixtureRequest,
    site_url: str,
    axe_script: Path,
    width: str,
    name: str,
    path: str,
    status: int,
) -> None:
    recorder: Recorder = request.getfixturevalue(width)
    page = recorder.context.new_page()
    try:
        visit = recorder.visit(page, site_url + path, settle=SETTLE.get(name))
        assert visit.status == status
        assert visit.outside == [], "requests left 127.0.0.1"
        expected_failure = [f"{status} {site_url}{path}"] if status >= 400 else []
        assert visit.failed == expected_failure
        # the browser logs a failed main document as a console error: that one is expected
        errors = [e for e in visit.console_errors if not (status >= 400 and str(status) in e)]
        assert errors == []
        scroll_width, viewport = horizontal_overflow(page)
        assert scroll_width <= viewport, f"{name} scrolls sideways at {viewport} px"
        violations = blocking(audit(page, axe_script))
        assert violations == [], violations
    finally:
        page.close()

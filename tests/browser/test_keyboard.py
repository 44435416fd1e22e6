"""Keyboard and screen-reader basics on a page with the menu, at phone width: the first Tab
reaches «Saltar al contenido», which moves focus to the main content; focus is visible;
the landmarks are there and named."""

from __future__ import annotations

from itertools import pairwise

import pytest

from tests.browser.site import Recorder

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.parametrize("path", ["/explorar/programas", "/id/institucion/inm"])
def test_skip_link_and_landmarks(site_url: str, phone: Recorder, path: str) -> None:
    page = phone.context.new_page()
    try:
        phone.visit(page, site_url + path)
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                       const r = e.getBoundingClientRect();
                       return [e.textContent, s.outlineStyle, r.left >= 0 && r.top >= 0]; }"""
        )
        assert focused == ["Saltar al contenido", "solid", True]  # first, visible, outlined
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "contenido"
        page.keyboard.press("Tab")  # the next stop is inside the main content
        assert page.evaluate("document.activeElement.closest('main') !== null")
        assert page.get_by_role("banner").count() == 1
        assert page.get_by_role("navigation", name="Menú principal").count() == 1
        assert page.get_by_role("main").count() == 1
        assert page.get_by_role("contentinfo").count() == 1
    finally:
        page.close()


def test_menu_links_are_apart_on_a_phone(site_url: str, phone: Recorder) -> None:
    page = phone.context.new_page()
    try:
        phone.visit(page, site_url + "/")
        boxes = (
            page.get_by_role("navigation", name="Menú principal")
            .get_by_role("link")
            .evaluate_all("links => links.map(a => a.getBoundingClientRect().toJSON())")
        )
        assert len(boxes) >= 12
        for box in boxes:  # every link inside the screen
            assert box["left"] >= 0 and box["right"] <= 390
        for a, b in pairwise(boxes):  # and none touching the next
            same_line = abs(a["top"] - b["top"]) < 1
            assert not same_line or b["left"] - a["right"] >= 4, (a, b)
    finally:
        page.close()

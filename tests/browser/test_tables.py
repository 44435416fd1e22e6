"""pages.js at phone width: a table wider than the screen (the 2024 figures per objective
and kind of body will be one) scrolls in its own box, which a keyboard can reach; the page
itself does not scroll sideways. Served by the real server: the page is this site's."""

from __future__ import annotations

import pytest

from tests.browser.site import Recorder, horizontal_overflow

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WIDE = "<tr>" + "".join(f"<td>{2015 + i}: 1,234,567</td>" for i in range(12)) + "</tr>"


def test_a_wide_table_scrolls_in_its_own_box(site_url: str, phone: Recorder) -> None:
    page = phone.context.new_page()
    try:
        phone.visit(page, site_url + "/explorar/pmm")
        # a browsing page's number cells do not wrap: twelve of them exceed 390 px
        page.evaluate(
            """html => { const t = document.createElement('table');
                         t.innerHTML = html; document.querySelector('main').append(t); }""",
            WIDE,
        )
        page.add_script_tag(url="/static/pages.js")
        box = page.locator(".table-scroll").last
        assert box.get_attribute("tabindex") == "0"
        assert box.get_attribute("role") == "region"
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")
        width, viewport = horizontal_overflow(page)
        assert width <= viewport
        box.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
    finally:
        page.close()

"""What the browser tests look at: the page types, and a recorder of what a page did.

`Recorder` wraps one Playwright browser context: every request passes its route handler,
which records the host and aborts anything not addressed to 127.0.0.1 (the page would
then fail, and the test names the URL); console errors and failed responses are kept per
page. `audit` runs axe-core in the page (injected through the DevTools protocol, so the
service's Content-Security-Policy stays in force for the page's own scripts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LOOPBACK = frozenset({"127.0.0.1"})
# axe-core impacts that fail a page (minor and moderate ones are reported, not failed)
BLOCKING = frozenset({"serious", "critical"})

# (name, path, expected status): one of every kind of page a person reaches.
PAGES: tuple[tuple[str, str, int], ...] = (
    ("home", "/", 200),
    ("search", "/buscar?q=paisano", 200),
    ("browse-pem", "/explorar/pem", 200),
    ("browse-gcm", "/explorar/pmm", 200),
    ("browse-agencies", "/explorar/instituciones", 200),
    ("browse-programs", "/explorar/programas", 200),
    ("browse-years", "/explorar/anios", 200),
    ("browse-actions", "/explorar/acciones", 200),
    ("browse-discrepancies", "/explorar/discrepancias", 200),
    ("document-discrepancies", "/explorar/discrepancias/pmm-2024", 200),
    ("action", "/id/accion/pmm-2022/obj07-12", 200),
    ("pem-line", "/id/pem/linea/1.1.1", 200),
    ("agency", "/id/institucion/inm", 200),
    ("program", "/id/programa/programa-paisano", 200),
    ("document", "/id/documento/pmm-2024", 200),
    (
        "observation-2024",
        "/id/indicador/pmm-2024-acciones-por-objetivo-seccion-iv/observacion/obj11",
        200,
    ),
    ("correspondence", "/id/correspondencia/1.1.1--11", 200),
    ("agency-timeline", "/linea-de-tiempo/institucion/inm", 200),
    ("program-timeline", "/linea-de-tiempo/programa/programa-paisano", 200),
    ("charts", "/graficas", 200),
    ("indicators-2024", "/explorar/indicadores", 200),
    ("source-viewer", "/fuentes/pmm-2024", 200),
    ("sparql-page", "/sparql", 200),
    ("catalog-page", "/catalog", 200),
    ("releases", "/versiones", 200),
    ("tracker", "/seguimiento", 200),
    ("editor", "/editor", 200),
    ("api-docs", "/docs", 200),
    ("not-found", "/id/no-existe", 404),
)


@dataclass
class Visit:
    """What one page load did."""

    status: int
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "status url" of responses >= 400
    outside: list[str] = field(default_factory=list)  # URLs not on 127.0.0.1 (aborted)


class Recorder:
    """One browser context that records every request's host and blocks non-loopback ones."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.outside: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")

    def visit(self, page: Any, url: str, *, settle: str | None = None) -> Visit:
        """Loads `url` in `page`; `settle` is a selector to wait for (scripts' output)."""
        errors: list[str] = []
        failed: list[str] = []
        before = len(self.outside)
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
        page.on(
            "response",
            lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"),
        )
        response = page.goto(url, wait_until="load")
        if settle is not None:  # what the page's scripts draw, and what they fetch for it
            page.wait_for_selector(settle)
            page.wait_for_load_state("networkidle")
        status = response.status if response else 0
        return Visit(status, errors, failed, self.outside[before:])


def audit(page: Any, axe_script: Path) -> list[dict[str, Any]]:
    """axe-core's violations on `page` as {id, impact, help, nodes: [target: summary]}."""
    page.evaluate(axe_script.read_text("utf-8"))
    return page.evaluate(  # type: ignore[no-any-return]
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
          .map(v => ({id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': '
                        + (n.failureSummary || '').slice(0, 160))}))"""
    )


def horizontal_overflow(page: Any) -> tuple[int, int]:
    """(the document's scroll width, the viewport's width)."""
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    return int(width), int(inner)


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in BLOCKING]

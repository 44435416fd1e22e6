"""An API item: exactly which triples it covers, and how they become a framed JSON-LD tree.

An item for resource `r` covers (`ITEM`, a CONSTRUCT over the union of all graphs):
1. every triple `r ?p ?o`;
2. for a blank-node object `?o`, its triples `?o ?bp ?bo` (one level);
3. for every IRI `?n` under the instance base reachable as `r ?p ?m` followed by zero or
   more `skos:broader` steps (`?m skos:broader* ?n`), and `?p` not `rdf:type`: the
   summary triples of `?n`: rdf:type, skos:prefLabel, rdfs:label, skos:notation,
   mig:acronym, dcterms:title, mig:year and skos:broader.
("the instance base" is the configured one.) So a line of action comes with its
strategy and objective, an action with its agencies,
program, document and the whole PEM chain it contributes to. The tests compare the
item, expanded, with this CONSTRUCT.

Framing (pyld) embeds every linked node under `r` (`@embed: @always`) and compacts with
the v1 context; the context itself goes out as its URL. Arrays follow the sorted N-Triples
(one order whatever the store). No remote context is ever loaded:
the frame names the context by a private URN that only our loader resolves.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pyld import jsonld

from service.api.context import CONTEXT

# Filtered, not joined with VALUES: pyoxigraph evaluates `VALUES ?sp {...} ?n ?sp ?sv` as a
# scan of every triple with those predicates (694 ms at 50x the corpus, 0.2 ms filtered).
SUMMARY_PROPS = (
    "rdf:type skos:prefLabel rdfs:label skos:notation mig:acronym dcterms:title mig:year "
    "skos:broader"
)

_ITEM = f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
CONSTRUCT {{ ?r ?p ?o . ?o ?bp ?bo . ?n ?sp ?sv }}
WHERE {{
  {{ ?r ?p ?o OPTIONAL {{ ?o ?bp ?bo FILTER(isBlank(?o)) }} }}
  UNION
  {{ ?r ?p0 ?m FILTER(isIRI(?m) && ?p0 != rdf:type)
     ?m skos:broader* ?n
     FILTER(STRSTARTS(STR(?n), BASE))
     ?n ?sp ?sv FILTER(?sp IN ({", ".join(SUMMARY_PROPS.split())})) }}
}}"""


# The context is handed to pyld by a name its loader resolves, not inline: pyld caches a
# resolved context by name, while an inline one is canonicalised (serialised) and deep-copied
# on every call (more than half of the ~8 ms an item took). Nothing is fetched: the loader
# knows this one name only.
_CONTEXT_KEY = "urn:migrakg:api-context"


def _load_context(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url != _CONTEXT_KEY:
        raise jsonld.JsonLdError(f"no remote contexts: {url}", "jsonld.LoadDocumentError")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": CONTEXT}}


@lru_cache(maxsize=4)
def item_query(base: str) -> str:
    """The item CONSTRUCT for the configured instance base (settings, not user input);
    the resource itself is bound as `?r` through substitutions."""
    return _ITEM.replace("BASE", json.dumps(base))


def frame(nquads: str, iri: str, context_url: str) -> dict[str, Any]:
    """The framed, compacted tree of `iri` from the item's N-Triples.

    The lines are sorted first: pyld keeps the input's order in arrays (`type`, repeated
    values), and the engine's order differs between the in-memory and on-disk stores, so
    without it the same item could be written two ways (and the build's snapshot would not
    be reproducible)."""
    lines = sorted(line for line in nquads.splitlines() if line.strip())
    canonical = "\n".join(lines) + "\n" if lines else ""
    expanded = jsonld.from_rdf(canonical, {"format": "application/n-quads", "useNativeTypes": True})
    framed = jsonld.frame(
        expanded,
        {"@context": _CONTEXT_KEY, "@id": iri, "@embed": "@always"},
        {"omitGraph": True, "processingMode": "json-ld-1.1", "documentLoader": _load_context},
    )
    framed.pop("@context", None)
    return {"@context": context_url, **framed}

"""Programmes the 2024 report names in its per-objective summaries (section III).

The report states no actions, so a programme it names cannot be the subject of one. Each
place a section III paragraph names a registry programme with a capital or an acronym
becomes a `mig:ProgramMention` id/mencion-programa/pmm-2024/objNN-<slug>: `mig:mentionOf`
the programme, `mig:mentionedUnder` the GCM objective whose summary names it, `mig:wording`
@es as written, `prov:wasDerivedFrom` the document and `mig:sourceLineStart/End`. The
programme node gets `rdf:type mig:Program`, its registry `skos:prefLabel` and
`prov:wasDerivedFrom` the document. An all-lower-case wording ("el programa de repatriación
digna") is a common phrase as often as a name and is not taken.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SKOS, XSD

from loaders.emit import es
from loaders.model import LoadContext
from loaders.sources.pmm_2024.sections import Line
from loaders.vocab import MIG

__all__ = ["mention_programs"]


def mention_programs(graph: Graph, ctx: LoadContext, number: int, lines: list[Line]) -> None:
    """Add the mentions of objective `number`'s summary `lines` to `graph`."""
    document = ctx.ids.document(ctx.source.key)
    seen: set[str] = set()
    for line in lines:
        for mention in ctx.programs.find_mentions(line.text):
            slug = mention.program.slug
            if slug in seen or not any(c.isupper() or c.isdigit() for c in mention.matched):
                continue
            seen.add(slug)
            program = ctx.ids.program(slug)
            graph.add((program, RDF.type, MIG.Program))
            graph.add((program, SKOS.prefLabel, es(mention.program.pref_label)))
            graph.add((program, PROV.wasDerivedFrom, document))
            node = ctx.ids.program_mention(ctx.source.key, f"obj{number:02d}-{slug}")
            graph.add((node, RDF.type, MIG.ProgramMention))
            graph.add((node, MIG.mentionOf, program))
            graph.add((node, MIG.mentionedUnder, ctx.ids.gcm_objective(number)))
            wording = re.sub(r"\s+", " ", mention.matched).strip()
            graph.add((node, MIG.wording, es(wording)))
            graph.add((node, PROV.wasDerivedFrom, document))
            for prop in (MIG.sourceLineStart, MIG.sourceLineEnd):
                graph.add((node, prop, Literal(line.number, datatype=XSD.integer)))

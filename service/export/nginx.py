"""The nginx configuration of an export: content negotiation over its files.

`config` is a file to include inside nginx's `http { }` block (stock nginx, no modules
beyond the default build): `map $http_accept` picks the extension (`.html`, `.ttl`,
`.jsonld`) of an `/id/...` document, `try_files` finds it; an `Accept` that names a format
first is honoured, otherwise the first format it names anywhere, otherwise Turtle (what
the service gives `*/*`); a named query's results likewise pick `.srj`, `.srx`, `.csv` or
`.tsv`. q-values are not weighed: that needs a negotiating server. The API
answers with the JSON-LD media type, the context `Link`, `Cache-Control` and CORS headers;
nginx adds `ETag`, `Last-Modified`, conditional GET and gzip itself. `standalone` wraps it
into a whole configuration for a private nginx (tests, a quick look).
"""

from __future__ import annotations

import re
from pathlib import Path

from loaders.reference.retired import retired_programs
from service.api.context import PATH as CONTEXT_PATH
from service.export.targets import QUERY_DIR

CONFIG_NAME = "nginx.conf"

_CORS = """        add_header Access-Control-Allow-Origin "*" always;
        add_header Access-Control-Expose-Headers "Content-Type, Vary, Link" always;"""

_TEMPLATE = """# migrakg static export: include this file inside nginx's `http {{ }}` block.
# The extension of an /id/ document for the request's Accept (first format named wins).
map $http_accept $migrakg_rdf {{
    default ttl;
    "~*^\\s*(text/html|application/xhtml\\+xml)" html;
    "~*^\\s*(application/ld\\+json|application/json)" jsonld;
    "~*^\\s*(text/turtle|application/x-turtle)" ttl;
    "~*(text/html|application/xhtml\\+xml)" html;
    "~*(application/ld\\+json|application/json)" jsonld;
}}
# The catalog and VoID: Turtle, JSON-LD or RDF/XML.
map $http_accept $migrakg_meta {{
    default ttl;
    "~*^\\s*(application/ld\\+json|application/json)" jsonld;
    "~*^\\s*application/rdf\\+xml" rdf;
    "~*^\\s*text/turtle" ttl;
    "~*(application/ld\\+json|application/json)" jsonld;
    "~*application/rdf\\+xml" rdf;
}}
# A named query's results: the extension for the request's Accept (SPARQL JSON first, as
# the service gives `*/*`).
map $http_accept $migrakg_results {{
    default srj;
    "~*^\\s*(application/sparql-results\\+json|application/json)" srj;
    "~*^\\s*(application/sparql-results\\+xml|application/xml|text/xml)" srx;
    "~*^\\s*text/csv" csv;
    "~*^\\s*text/tab-separated-values" tsv;
    "~*(application/sparql-results\\+json|application/json)" srj;
    "~*(application/sparql-results\\+xml|application/xml|text/xml)" srx;
    "~*text/csv" csv;
    "~*text/tab-separated-values" tsv;
}}
# A retired programme IRI: moved to the one kept (`service.linked_data.retired`), its
# extension kept.
map $uri $migrakg_moved {{
    default "";
{moved}
}}
# An API collection asked with a query string is a file named by it (no `..`, no `/`).
map $args $migrakg_api {{
    "" ".jsonld";
    "~^(?!.*\\.\\.)[A-Za-z0-9_=&.%-]+$" "/{query_dir}/$args.jsonld";
    default "/{query_dir}/-.missing";
}}

# A named query called with a GCM objective is a file named by its query string.
map $args $migrakg_query {{
    "" "";
    "~^[a-z_]+=[0-9]{{1,2}}$" "/{query_dir}/$args";
    default "/{query_dir}/-.missing";
}}

server {{
    listen {listen};
    root {root};
    charset utf-8;
    charset_types text/turtle text/csv text/plain text/css;  # and text/html, always
    absolute_redirect off;
    types {{
        text/html html;
        text/turtle ttl;
        application/ld+json jsonld;
        application/rdf+xml rdf;
        application/json json;
        application/gzip gz;
        text/csv csv;
        text/plain txt;
        text/css css;
        text/javascript js;
    }}
    default_type application/octet-stream;
    gzip on;
    gzip_types text/turtle application/ld+json application/json application/rdf+xml
               text/csv text/css text/javascript;

    location /id/ {{
        if ($migrakg_moved) {{
            return 301 $migrakg_moved;
        }}
        try_files $uri.$migrakg_rdf $uri =404;
        add_header Vary Accept always;
{cors}
    }}
    location = /def {{
        try_files /def.$migrakg_rdf =404;
        add_header Vary Accept always;
{cors}
    }}
    location = /def/doc {{
        try_files /def/doc.html =404;
    }}
    location = /catalog {{
        try_files /catalog.$migrakg_meta =404;
        add_header Vary Accept always;
{cors}
    }}
    location = /.well-known/void {{
        try_files /.well-known/void.$migrakg_meta =404;
        add_header Vary Accept always;
{cors}
    }}
    location = /api {{
        try_files /api.jsonld =404;
{api_headers}
    }}
    location = {context_path} {{
        add_header Cache-Control "public, max-age=86400" always;
{cors}
    }}
    location ~ ^/api/(agencies|programs)/[^/]+/timeline$ {{
        try_files $uri.json =404;
        add_header Cache-Control "public, max-age=300" always;
        add_header Vary "Accept, Accept-Encoding" always;
{cors}
    }}
    location = /api/queries {{
        try_files /api/queries.json =404;
{cors}
    }}
    location /api/queries/ {{
        types {{
            application/sparql-results+json srj;
            application/sparql-results+xml srx;
            text/csv csv;
            text/tab-separated-values tsv;
        }}
        charset_types text/csv text/tab-separated-values;
        try_files $uri$migrakg_query.$migrakg_results =404;
        add_header Vary Accept always;
{cors}
    }}
    location /api/ {{
        try_files $uri$migrakg_api =404;
{api_headers}
    }}
    location /dumps/ {{
        charset_types text/csv text/plain application/ld+json;  # as the service's files
{cors}
    }}
    location /static/ {{
        add_header Cache-Control "public, max-age=3600" always;
    }}
}}
"""


def config(root: Path, listen: str, public_root: str, link_root: str = "") -> str:
    """The `server` block (and its maps) serving the export at `root` on `listen`;
    `public_root` is the URL the export was made for (its `Link` headers), `link_root`
    what the service's own links start with (`links.href`: `public_base_url`, or none)."""
    moved = "\n".join(
        f'    "~^/id/programa/{re.escape(old)}(\\.[a-z]+)?$" "{link_root}/id/programa/{kept}$1";'
        for old, kept in sorted(retired_programs().items())
    )
    context_url = public_root.rstrip("/") + CONTEXT_PATH
    link = (
        f'<{context_url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
    )
    api_headers = "\n".join(
        [
            f"        add_header Link '{link}' always;",
            '        add_header Cache-Control "public, max-age=300" always;',
            '        add_header Vary "Accept, Accept-Encoding" always;',
            _CORS,
        ]
    )
    return _TEMPLATE.format(
        listen=listen,
        root=str(root),
        cors=_CORS,
        api_headers=api_headers,
        context_path=CONTEXT_PATH,
        query_dir=QUERY_DIR,
        moved=moved,
    )


def standalone(site: Path, prefix: Path) -> str:
    """A whole nginx configuration, run in the foreground by any user, that includes the
    export's `site` file and keeps its pid, logs and temporary files under `prefix`."""
    temp = "\n".join(
        f"    {name}_temp_path {prefix / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
master_process off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{
    worker_connections 256;
}}
http {{
    access_log off;
{temp}
    include {site};
}}
"""

"""`public_root(settings)`: the one absolute root of every link the service writes.

Why never the request's `Host`: a reply built from it differs per Host value, so a cache
keyed on the URL (ours, or a shared one in front) either grows with every Host an attacker
invents or hands one client a body that names another's host (cache poisoning). Every
absolute link (API bodies, `Link` headers, the catalog, VoID, the service description) is
built from `public_base_url`, or, when that is empty, from the address the service listens
on: the same bytes whatever Host a request names. Pages link relatively.
"""

from __future__ import annotations

from service.settings import Settings

_ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})


def public_root(settings: Settings) -> str:
    """`public_base_url` without its trailing slash, else `http://host:port` of the
    listening address (`localhost` for an any-address bind: set `public_base_url` when
    serving to other machines)."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    host = "localhost" if settings.host in _ANY_ADDRESS else settings.host
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.port}"

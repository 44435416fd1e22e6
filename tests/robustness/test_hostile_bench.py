"""Keeps `python -m bench hostile` from rotting: its SERVICE SSRF attack, run against the
hostile tests' real server, with its own listener.

What is asserted is that the attack still works as a measurement (its listener counts a
connection, every disguise gets an answer, the per-disguise report is consistent), not the
service's verdicts, which the service tests hold; the plain `SERVICE` refusal is the one
verdict checked, as a sign that the requests really reach the endpoint.
"""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import pytest

from bench import hostile

pytestmark = pytest.mark.slow


def test_the_tripwire_counts_a_connection() -> None:
    with hostile.Tripwire() as wire:
        with socket.create_connection((hostile.HOST, wire.port), timeout=2) as conn:
            conn.sendall(b"GET / HTTP/1.1\r\n\r\n")
        for _ in range(20):  # the listener thread accepts within its 0.1 s poll
            if wire.hits:
                break
            time.sleep(0.1)
    assert wire.hits and wire.hits[0].startswith(b"GET /")


def test_the_ssrf_attack_reports_every_disguise(hostile_url: str) -> None:
    port = urlsplit(hostile_url).port
    assert port is not None
    outcome = hostile.service_ssrf(port, timeout=20)
    names = [name for name, _ in hostile.ssrf_disguises("http://127.0.0.1:1/")]
    assert [d["disguise"] for d in outcome.details] == [*names, "LOAD (update form)"]
    # two requests per disguise (POST and GET), one for LOAD, each answered
    assert outcome.requests == 2 * len(names) + 1
    assert all(label.isdigit() for label in outcome.statuses), outcome.statuses
    plain = outcome.details[0]
    assert plain["statuses"] == ["400", "400"] and plain["connections"] == 0
    reached = [d["disguise"] for d in outcome.details if d["connections"]]
    assert len([f for f in outcome.failures if "connection(s)" in f]) == len(reached)

from __future__ import annotations


def test_it_does_not_serve_the_benchmark_ping_unless_asked(client):
    # /bench/ping exists only under DOCENT_BENCH_PING=1 (bench/pages.py sets it).
    assert client.get("/bench/ping").status_code == 404

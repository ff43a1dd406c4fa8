"""The checker itself: it must find every payload when it is live, and none once escaped."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from .inert import PAYLOADS, live_payloads


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_finds_each_payload_live_and_none_escaped(payload):
    assert live_payloads(f"<p>{payload}</p>")
    assert not live_payloads(f"<p>{escape(payload)}</p>")


def test_it_ignores_scripts_of_our_own():
    assert not live_payloads('<script src="/static/js/docent.js" defer></script>')

"""{% asset %} gives what {% static %} gives, on every page that names the file."""

from __future__ import annotations

from django.template import Context, Template
from django.templatetags.static import static


def test_asset_is_the_static_url_of_the_file():
    rendered = Template("{% load assets %}{% asset 'css/docent.css' %}").render(Context())
    assert rendered == static("css/docent.css")
    assert rendered.endswith(".css")

"""Every URL pattern of the project, found by walking the resolver, and the matrix entry
(tests/access/matrix.py, admin_matrix.py) that says how to build each one."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .admin_matrix import ADMIN
from .matrix import SITE, Case
from .world import World

MATRIX: dict[str, list[Case]] = {**SITE, **ADMIN}


def url_keys(
    resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """(key, route) of every pattern: ``namespace:name``, or the route of an unnamed one."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from url_keys(pattern, joined, route)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
            else:
                yield route, route


ALL_URLS = dict(url_keys())


def url_for(key: str, case: Case, world: World) -> str:
    kwargs = case.kwargs(world)
    if key in ALL_URLS and ALL_URLS[key] == key:  # unnamed: fill the route in by hand
        route = key
        for name, value in kwargs.items():
            route = route.replace(f"<path:{name}>", str(value)).replace(
                f"(?P<{name}>.*)$", str(value)
            )
        return "/" + route
    return reverse(key, kwargs=kwargs)

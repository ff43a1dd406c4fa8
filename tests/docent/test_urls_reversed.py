"""docent.urls_reversed and the ``{% url %}`` built on it: each view and arguments reversed
once per process, yet every link exactly what Django's own ``reverse`` gives."""

from __future__ import annotations

import pytest
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import NoReverseMatch, set_script_prefix
from django.urls import reverse as django_reverse
from django.utils import translation

from docent.urls_reversed import reverse


@pytest.fixture(autouse=True)
def _root_prefix():
    yield
    set_script_prefix("/")


@pytest.mark.parametrize(
    ("viewname", "args", "kwargs"),
    [
        ("courses:catalogue", (), {}),
        ("courses:lesson", ("rivers", 12), {}),
        ("courses:lesson", (), {"slug": "rivers", "pk": 12}),
        ("courses:outline", ("rivers_2",), {}),
    ],
)
def test_it_gives_what_django_gives(viewname, args, kwargs):
    for _ in range(2):  # reversed, then kept
        assert reverse(viewname, args=args, kwargs=kwargs) == django_reverse(
            viewname, args=args, kwargs=kwargs
        )


def test_each_argument_gives_its_own_url():
    assert reverse("courses:lesson", args=("rivers", 1)) == "/courses/rivers/lessons/1/"
    assert reverse("courses:lesson", args=("rivers", 2)) == "/courses/rivers/lessons/2/"
    assert reverse("courses:lesson", args=("lakes", 1)) == "/courses/lakes/lessons/1/"


def test_a_site_served_under_a_prefix_links_under_it():
    assert reverse("courses:outline", args=("rivers",)) == "/courses/rivers/"
    set_script_prefix("/learning/")
    assert reverse("courses:outline", args=("rivers",)) == "/learning/courses/rivers/"
    set_script_prefix("/")
    assert reverse("courses:outline", args=("rivers",)) == "/courses/rivers/"


def test_arguments_it_cannot_keep_are_reversed_as_django_does():
    class Slug:
        def __str__(self) -> str:
            return "rivers"

    assert reverse("courses:outline", args=(Slug(),)) == "/courses/rivers/"


def test_a_view_without_a_url_still_fails():
    with pytest.raises(NoReverseMatch):
        reverse("courses:lesson", args=("rivers",))
    with pytest.raises(NoReverseMatch):
        reverse("courses:lesson", args=("rivers",))  # not kept as an answer either


def test_the_url_tag_links_as_djangos_does():
    template = Template(
        "{% url 'courses:lesson' slug 3 %}|{% url 'courses:outline' slug=slug %}"
        "|{% url 'courses:outline' slug as there %}[{{ there }}]"
    )
    assert template.render(Context({"slug": "rivers"})) == (
        "/courses/rivers/lessons/3/|/courses/rivers/|[/courses/rivers/]"
    )


def test_the_url_tag_fails_on_a_missing_view_unless_kept_in_a_variable():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'courses:no-such-view' %}").render(Context())
    kept_in_a_variable = Template("{% url 'courses:no-such-view' as gone %}[{{ gone }}]")
    assert kept_in_a_variable.render(Context()) == "[]"
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


def test_the_url_tag_reverses_admin_links_for_the_current_site():
    request = RequestFactory().get("/admin/")
    request.current_app = "admin"
    template = Template("{% url 'admin:index' %}")
    assert template.render(RequestContext(request)) == "/admin/"


def test_a_language_of_its_own_gets_its_own_answer():
    with translation.override("fr"):
        french = reverse("courses:catalogue")
    assert french == django_reverse("courses:catalogue")

"""accounts.middleware.AuthenticationMiddleware: Django's, handing out the user itself once
the session has been read."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from accounts.middleware import AuthenticationMiddleware
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request_of(client, user: User | None) -> HttpRequest:
    if user is not None:
        client.force_login(user)
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    AuthenticationMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def test_the_session_is_not_read_until_the_user_is_asked_for(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        request = _request_of(client, None)
        assert isinstance(request.user, SimpleLazyObject)


def test_once_read_the_request_holds_the_signed_in_user_itself(client):
    learner = UserFactory()
    request = _request_of(client, learner)
    lazy = request.user

    assert lazy.pk == learner.pk  # the first read, through the wrapper
    assert type(request.user) is User
    assert request.user == learner
    assert lazy.get_username() == learner.get_username()  # a wrapper kept earlier still works


def test_a_visitor_is_the_anonymous_user_itself(client):
    request = _request_of(client, None)
    assert not request.user.is_authenticated
    assert isinstance(request.user, AnonymousUser)

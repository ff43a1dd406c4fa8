"""Writes for accounts: each a keyword-only function named ``<entity>_<action>``."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import STUDENTS


@transaction.atomic
def user_signup(*, username: str, email: str, password: str) -> User:
    """A new account: a student, with the password hashed."""
    user = User.objects.create_user(username=username, email=email, password=password)
    students, _created = Group.objects.get_or_create(name=STUDENTS)
    user.groups.add(students)
    return user


def user_profile_update(*, user: User, first_name: str, last_name: str, email: str) -> User:
    """The names and e-mail address a user keeps on their profile page."""
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save(update_fields=["first_name", "last_name", "email"])
    return user

"""Authentication backends: django-axes' lock-out check, then username and password."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from docent.db.prepared import PreparedRead

from .demo import demo_password_refused

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, first in ``AUTHENTICATION_BACKENDS``.

    Every login form (the site's and the admin's) passes the request, so every one is
    counted. A call without a request (``Client.login`` in tests, scripts) has no client
    address to count against: it is left to the next backend instead of failing.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def _user_by_pk(*, pk: int) -> QuerySet[User]:
    from .models import User

    return User._default_manager.filter(pk=pk)


# Prepared (docent/db/prepared.py): every signed-in request reads its user.
_USER_BY_PK = PreparedRead(_user_by_pk)


class AccountBackend(ModelBackend):
    """Django's ``ModelBackend``, reading a user's permissions in one query instead of two,
    and the signed-in user through a prepared read.

    Every page asks for the permissions (the menu offers "Import a document" to holders of
    ``courses.add_course``), and the second query cost a learner's page as much as a whole
    minimal request (bench/pages.py). The answer is the same set, kept for the request on the
    user object as ``ModelBackend`` keeps it, so a role change shows on the next request.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        """As ``ModelBackend``, except that the demo password logs no one in with DEBUG off:
        a demo account left on a production server opens nothing."""
        if demo_password_refused(password):
            return None
        user: User | None = super().authenticate(request, username, password, **kwargs)
        return user

    def get_user(self, user_id: Any) -> User | None:
        """The user of a session, as ``ModelBackend`` finds them: None once they are deleted
        or made inactive. Building and compiling this read on every request cost more than
        running it (bench/pages.py)."""
        if not isinstance(user_id, int):  # the session's id is the primary key's type
            return super().get_user(user_id)
        user = _USER_BY_PK.first(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(
        self, user_obj: User | AnonymousUser, obj: Model | None = None
    ) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cached: set[str] | None = getattr(user_obj, "_perm_cache", None)
        if cached is None:
            if user_obj.is_superuser:
                permissions = Permission.objects.all()
            else:
                # Granted to the user, or to one of their groups; a permission granted both
                # ways would come back twice without distinct().
                permissions = Permission.objects.filter(
                    Q(user=user_obj) | Q(group__user=user_obj)
                ).distinct()
            names = permissions.values_list("content_type__app_label", "codename").order_by()
            cached = {f"{app_label}.{codename}" for app_label, codename in names}
            setattr(user_obj, "_perm_cache", cached)  # noqa: B010 (ModelBackend's own attribute)
        return cached

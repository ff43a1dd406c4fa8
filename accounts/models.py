from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Docent's user. Roles (student, instructor, admin) are Django groups."""

    # Moved on whenever the user's roles, groups, permissions or superuser status change
    # (``accounts.roles.user_roles_changed``). Answers kept about what the user may do are
    # kept under it (``courses.permissions.imports_documents``): the user row is read at
    # every request anyway, so a change shows at the next one, in every worker.
    roles_version = models.PositiveIntegerField(default=0, editable=False)

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class DocentUserAdmin(UserAdmin):
    """Users and their roles (groups, see ``accounts.roles``).

    Groups and permissions are plain labelled list boxes: Django's two-pane filter widget
    puts ARIA labels on bare spans, which screen readers cannot use. Login dates are shown,
    not edited (their split date/time inputs carry no labels of their own).
    """

    filter_horizontal = ()
    readonly_fields = ("last_login", "date_joined")

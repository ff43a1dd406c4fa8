"""Account pages Docent adds to Django's own (login, logout, password change and reset):
sign up, the profile page and the lock-out page django-axes shows."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm, SignUpForm
from .models import User
from .roles import role_label
from .services import user_profile_update, user_signup


class AuthenticatedHttpRequest(HttpRequest):
    """A request in a view behind ``login_required``."""

    user: User


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create a student account and log it in."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_signup(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="accounts.backends.AccountBackend")
        messages.success(request, _("Welcome to Docent! Your account is ready."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's names and e-mail address, and the role they hold."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_profile_update(
            user=request.user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
        )
        messages.success(request, _("Your profile was saved."))
        return redirect("profile")
    context = {"form": form, "role": role_label(request.user)}
    return render(request, "registration/profile.html", context)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, str] | None = None,
) -> HttpResponse:
    """What django-axes answers once a username and address have failed too often
    (``AXES_LOCKOUT_CALLABLE``): when the user may try again, with status 429."""
    # Rounded up to the minute, so "try again after 11:27" is never a minute too early.
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=59)
    retry_at = later.replace(second=0, microsecond=0)
    context = {"retry_at": retry_at, "cooloff": settings.AXES_COOLOFF_TIME}
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response

"""Forms for the account pages: sign up and profile (Django's own forms do the rest)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User


def _email_taken(email: str, *, except_pk: int | None = None) -> bool:
    others = User.objects.filter(email__iexact=email)
    if except_pk is not None:
        others = others.exclude(pk=except_pk)
    return others.exists()


class SignUpForm(UserCreationForm):
    """Username, e-mail and the password twice (checked by AUTH_PASSWORD_VALIDATORS)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Used to reset your password if you forget it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if _email_taken(email):
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email


class ProfileForm(forms.ModelForm):
    """The names and e-mail address a user may change themselves."""

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email")
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if _email_taken(email, except_pk=self.instance.pk):
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

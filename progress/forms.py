"""Forms of the enrolment management page: one learner, or a file of addresses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .roster import MAX_BYTES, Roster, RosterError, roster_parse


class EnrolOneForm(forms.Form):
    learner = forms.CharField(
        label=_("E-mail address or username"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_learner(self) -> User:
        value = self.cleaned_data["learner"].strip()
        found = list(User.objects.filter(Q(username__iexact=value) | Q(email__iexact=value))[:2])
        if not found:
            raise forms.ValidationError(_("No account has this e-mail address or username."))
        if len(found) > 1:
            raise forms.ValidationError(_("Several accounts match; enter the username."))
        return found[0]


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File of e-mail addresses"),
        help_text=_("CSV or plain text, one address a row, up to 1 MB."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.data_bytes = b""
        self.problems: list[str] = []

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        self.data_bytes = upload.read()
        try:
            self.roster: Roster = roster_parse(self.data_bytes)
        except RosterError as error:
            self.problems = error.problems
            raise forms.ValidationError(_("The file was refused; nothing was enrolled.")) from None
        return upload

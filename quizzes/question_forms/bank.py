"""The question bank's filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Lesson

from .labels import TYPE_LABELS


class BankFilterForm(forms.Form):
    """The question bank's filters (GET); an unknown value is simply not applied."""

    lesson = forms.TypedChoiceField(label=_("Lesson"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("draft", _("Draft")), ("published", _("Published"))],
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Any type")), *((t.value, label) for t, label in TYPE_LABELS.items())],
    )

    def __init__(self, data: Any, *, lessons: Sequence[Lesson]) -> None:
        super().__init__(data)
        lesson = self.fields["lesson"]
        assert isinstance(lesson, forms.TypedChoiceField)
        lesson.choices = [("", _("Any lesson"))] + [(str(x.pk), x.title) for x in lessons]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict[str, Any]:
        """The valid filters as ``review.bank_questions`` keywords."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "lesson_id": cleaned.get("lesson"),
            "status": cleaned.get("status") or "",
            "qtype": cleaned.get("type") or "",
        }

"""The rows of a question's answers: answers with grades, matching pairs, ordering items,
each a form in a formset validated as Moodle's editing forms would."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..formats.cloze import (
    decimal_text,
    parse_decimal,
)
from ..questions import (
    Answer,
    MatchPair,
    QuestionType,
    TextFormat,
)
from .labels import FORMAT_LABELS

# Moodle's grade list (question_bank::fraction_options), as percentages.
# fmt: off
GRADES = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5",
)
# fmt: on
FULL_MARKS = Decimal(1)


def grade_label(fraction: Decimal) -> str:
    return decimal_text(fraction * 100) + "%"


def fraction_choices(*, negative: bool, extra: Iterable[Decimal] = ()) -> list[tuple[str, str]]:
    """The grades an answer may take, best first, as (fraction, "percent%") choices.

    ``extra`` adds grades a question already has (an imported %37%), so editing keeps them.
    """
    positive = [Decimal(grade) / 100 for grade in GRADES]
    values = {*positive, Decimal(0), *(f for f in extra if Decimal(-1) <= f <= FULL_MARKS)}
    if negative:
        values |= {-value for value in positive}
    return [(decimal_text(value), grade_label(value)) for value in sorted(values, reverse=True)]


def format_choices() -> list[tuple[str, Any]]:
    return [("", "")] + [(fmt.value, label) for fmt, label in FORMAT_LABELS.items()]


def text_format_or_none(value: str) -> TextFormat | None:
    return TextFormat(value) if value else None


def _row_helper(*layout: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


# Rows ---------------------------------------------------------------------------------------


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the answer's text, or leave the whole row empty.")},
    )
    fraction = forms.TypedChoiceField(label=_("Grade"), coerce=Decimal, initial="0")
    tolerance = forms.DecimalField(
        label=_("Error accepted (±)"),
        required=False,
        min_value=Decimal(0),
        max_digits=30,
        decimal_places=10,
    )
    feedback = forms.CharField(
        label=_("Feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Formats an imported answer was written in, kept as they were ("": the question's).
    text_format = forms.ChoiceField(
        required=False, choices=format_choices, widget=forms.HiddenInput
    )
    feedback_format = forms.ChoiceField(
        required=False, choices=format_choices, widget=forms.HiddenInput
    )

    def __init__(
        self, *args: Any, fractions: list[tuple[str, str]], numerical: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.numerical = numerical
        fraction = self.fields["fraction"]
        assert isinstance(fraction, forms.TypedChoiceField)
        fraction.choices = fractions
        if numerical:
            self.fields["text"].label = _("Number")
            self.fields["text"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields["text"].help_text = _("Or * for any other answer.")
        else:
            del self.fields["tolerance"]
        self.helper = _row_helper(
            Row(
                Column("text", css_class="col-md-7"),
                Column("fraction", css_class="col-6 col-md-2"),
                *([Column("tolerance", css_class="col-6 col-md-3")] if numerical else []),
            ),
            "feedback",
            "text_format",
            "feedback_format",
            Field("DELETE", wrapper_class="small"),
        )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not self.numerical or text == "*":
            return text
        value = parse_decimal(text.replace(",", ".")) if text.count(",") <= 1 else None
        if value is None:
            raise ValidationError(
                _("%(text)s is not a number: write it as 3.14, or * for any other answer."),
                code="not_a_number",
                params={"text": text},
            )
        return decimal_text(value)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("text") == "*" and cleaned.get("tolerance") is not None:
            self.add_error("tolerance", _("The answer * takes no error margin."))
        return cleaned

    def answer(self) -> Answer:
        cleaned = self.cleaned_data
        return Answer(
            text=cleaned["text"],
            fraction=cleaned["fraction"],
            feedback=cleaned["feedback"],
            tolerance=cleaned.get("tolerance"),
            text_format=text_format_or_none(cleaned["text_format"]),
            feedback_format=text_format_or_none(cleaned["feedback_format"]),
        )


class RowFormSet(forms.BaseFormSet):
    """A formset whose filled-in, undeleted rows are read in order."""

    def filled(self) -> list[forms.Form]:
        """Rows kept: saved rows not marked for deletion, and new rows that were filled in."""
        if self.can_order:
            return list(self.ordered_forms)
        return [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not (self.can_delete and form.cleaned_data.get("DELETE"))
        ]


class AnswerFormSet(RowFormSet):
    qtype: QuestionType = QuestionType.SINGLE_CHOICE

    def clean(self) -> None:
        if any(self.errors):
            return
        answers = [form.answer() for form in self.filled()]  # type: ignore[attr-defined]
        fractions = [answer.fraction for answer in answers]
        right = sum(1 for fraction in fractions if fraction == FULL_MARKS)
        if self.qtype in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE):
            if len(answers) < 2:
                raise ValidationError(_("Give at least two answers to choose from."))
        elif not answers:
            raise ValidationError(_("Give at least one accepted answer."))
        if self.qtype == QuestionType.SINGLE_CHOICE and right != 1:
            raise ValidationError(
                _("Exactly one answer must be worth 100%% (this question has %(count)s).")
                % {"count": right}
            )
        if self.qtype == QuestionType.MULTIPLE_RESPONSE:
            total = sum((fraction for fraction in fractions if fraction > 0), Decimal(0))
            # As Moodle: 3 × 33.33333% (99.99999%) counts as 100%.
            if (total * 100).quantize(Decimal("0.01")) != 100:
                raise ValidationError(
                    _(
                        "The grades of the right answers must add up to 100%% "
                        "(they add up to %(total)s)."
                    )
                    % {"total": grade_label(total)}
                )
        if self.qtype in (QuestionType.SHORT_ANSWER, QuestionType.NUMERICAL) and not right:
            raise ValidationError(_("At least one answer must be worth 100%."))

    def answers(self) -> tuple[Answer, ...]:
        return tuple(form.answer() for form in self.filled())  # type: ignore[attr-defined]


class PairForm(forms.Form):
    prompt = forms.CharField(
        label=_("Question"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("Matching answer"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the matching answer, or leave the whole row empty.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _row_helper(
            Row(Column("prompt", css_class="col-md-6"), Column("answer", css_class="col-md-6")),
            Field("DELETE", wrapper_class="small"),
        )


class PairFormSet(RowFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        real = [form for form in self.filled() if form.cleaned_data["prompt"]]
        if len(real) < 2:
            raise ValidationError(
                _("Give at least two pairs with a question (distractors do not count).")
            )

    def pairs(self) -> tuple[MatchPair, ...]:
        return tuple(
            MatchPair(form.cleaned_data["prompt"], form.cleaned_data["answer"])
            for form in self.filled()
        )


class ItemForm(forms.Form):
    text = forms.CharField(
        label=_("Item"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the item, or leave the whole row empty.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _row_helper(
            Row(
                Column("text", css_class="col-md-9"),
                Column("ORDER", css_class="col-6 col-md-3"),
            ),
            Field("DELETE", wrapper_class="small"),
        )


class ItemFormSet(RowFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Place")
        form.fields["ORDER"].help_text = _("Change the numbers to reorder.")

    def clean(self) -> None:
        if any(self.errors):
            return
        if len(self.filled()) < 2:
            raise ValidationError(_("Give at least two items to put in order."))

    def items(self) -> tuple[str, ...]:
        return tuple(form.cleaned_data["text"] for form in self.filled())

"""A question form per type, each adding the answers of its type to ``QuestionForm``;
``question_form()`` picks the one for a type."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from crispy_forms.layout import Field
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Lesson

from ..formats.cloze import (
    ClozeText,
    decimal_text,
    format_cloze,
    parse_cloze_text,
)
from ..questions import (
    Answer,
    QuestionData,
    QuestionFormatError,
    QuestionType,
)
from .question import ANSWER_TYPES, QuestionForm
from .rows import (
    FULL_MARKS,
    AnswerForm,
    AnswerFormSet,
    ItemForm,
    ItemFormSet,
    PairForm,
    PairFormSet,
    fraction_choices,
)


class AnswersQuestionForm(QuestionForm):
    """Multiple choice, multiple response, short answer and numerical: rows of answers, each
    with its grade (and, for numerical, the error accepted)."""

    formset: AnswerFormSet

    def _build_formset(self, data: Any, initial_data: QuestionData | None) -> AnswerFormSet:
        qtype = self.qtype
        answers: Sequence[Answer] = initial_data.answers if initial_data else ()
        formset_class = cast(
            type[AnswerFormSet],
            forms.formset_factory(
                AnswerForm, formset=AnswerFormSet, extra=self._extra_rows(), can_delete=True
            ),
        )
        formset_class.qtype = qtype
        fractions = fraction_choices(
            negative=qtype == QuestionType.MULTIPLE_RESPONSE,
            extra=[answer.fraction for answer in answers],
        )
        return formset_class(
            data,
            prefix="answers",
            initial=[
                {
                    "text": a.text,
                    "fraction": decimal_text(a.fraction),
                    "tolerance": a.tolerance,
                    "feedback": a.feedback,
                    "text_format": a.text_format or "",
                    "feedback_format": a.feedback_format or "",
                }
                for a in answers
            ],
            form_kwargs={"fractions": fractions, "numerical": qtype == QuestionType.NUMERICAL},
        )

    def _type_parts(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return {"answers": self.formset.answers()}


class TrueFalseQuestionForm(QuestionForm):
    """True/false: which is right, and the feedback for each answer."""

    def _answer_layout(self) -> list[Field | str]:
        self.fields["correct"] = forms.ChoiceField(
            label=_("Right answer"),
            choices=[
                ("true", _("The statement is true")),
                ("false", _("The statement is false")),
            ],
            widget=forms.RadioSelect,
            initial="true",
        )
        self.fields["feedback_true"] = forms.CharField(
            label=_("Feedback for the answer “True”"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 1}),
        )
        self.fields["feedback_false"] = forms.CharField(
            label=_("Feedback for the answer “False”"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 1}),
        )
        return ["correct", "feedback_true", "feedback_false"]

    def _type_initial(self, data: QuestionData) -> dict[str, Any]:
        by_text = {answer.text.strip().lower(): answer for answer in data.answers}
        true, false = by_text.get("true"), by_text.get("false")
        return {
            "correct": "false" if true is not None and true.fraction != FULL_MARKS else "true",
            "feedback_true": true.feedback if true else "",
            "feedback_false": false.feedback if false else "",
        }

    def _type_parts(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        is_true = cleaned["correct"] == "true"
        return {
            "answers": (
                Answer("true", Decimal(1 if is_true else 0), cleaned["feedback_true"]),
                Answer("false", Decimal(0 if is_true else 1), cleaned["feedback_false"]),
            )
        }


class MatchingQuestionForm(QuestionForm):
    """Matching: rows of a prompt and its answer; a row without a prompt is a distractor."""

    formset: PairFormSet

    def _build_formset(self, data: Any, initial_data: QuestionData | None) -> PairFormSet:
        pair_formset = cast(
            type[PairFormSet],
            forms.formset_factory(
                PairForm, formset=PairFormSet, extra=self._extra_rows(), can_delete=True
            ),
        )
        pairs = initial_data.pairs if initial_data else ()
        return pair_formset(
            data,
            prefix="pairs",
            initial=[{"prompt": p.prompt, "answer": p.answer} for p in pairs],
        )

    def _type_parts(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return {"pairs": self.formset.pairs()}


class OrderingQuestionForm(QuestionForm):
    """Ordering: the items, in their right order."""

    formset: ItemFormSet

    def _build_formset(self, data: Any, initial_data: QuestionData | None) -> ItemFormSet:
        item_formset = cast(
            type[ItemFormSet],
            forms.formset_factory(
                ItemForm,
                formset=ItemFormSet,
                extra=self._extra_rows(),
                can_delete=True,
                can_order=True,
            ),
        )
        items = initial_data.items if initial_data else ()
        return item_formset(
            data,
            prefix="items",
            initial=[{"text": text, "ORDER": i} for i, text in enumerate(items, start=1)],
        )

    def _type_parts(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return {"items": self.formset.items()}


class ClozeQuestionForm(QuestionForm):
    """Cloze: the text with its gaps in Moodle's syntax, parsed when the form is cleaned."""

    cloze: ClozeText  # the parsed text, once the stem is clean

    def _answer_layout(self) -> list[Field | str]:
        stem = self.fields["stem"]
        stem.label = _("Question text with its gaps")
        stem.widget.attrs["rows"] = 8
        stem.widget.attrs["class"] = "font-monospace"
        stem.help_text = _(
            "Moodle's cloze syntax: {1:SHORTANSWER:=answer}, "
            "{1:MULTICHOICE:=right~wrong#feedback}, {1:NUMERICAL:=3.14:0.01}; "
            "%50% before an answer gives it half marks."
        )
        return []

    def _type_initial(self, data: QuestionData) -> dict[str, Any]:
        try:
            return {"stem": format_cloze(data.stem, data.gaps, shuffle=data.shuffle_answers)}
        except QuestionFormatError:
            return {}  # shown as stored; saving asks for valid syntax

    def clean_stem(self) -> str:
        stem: str = self.cleaned_data["stem"]
        try:
            self.cloze = parse_cloze_text(stem)
        except QuestionFormatError as error:
            raise ValidationError([str(problem) for problem in error.problems]) from None
        return stem

    def _type_parts(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        parts: dict[str, Any] = {"stem": self.cloze.stem, "gaps": self.cloze.gaps}
        if self.cloze.shuffled is not None:
            parts["shuffle_answers"] = self.cloze.shuffled
        return parts


class DescriptionQuestionForm(QuestionForm):
    """A description: text to read, with no answer and no points."""

    def _answer_layout(self) -> list[Field | str]:
        del self.fields["points"]
        return []


FORMS: dict[QuestionType, type[QuestionForm]] = {
    **dict.fromkeys(ANSWER_TYPES, AnswersQuestionForm),
    QuestionType.TRUE_FALSE: TrueFalseQuestionForm,
    QuestionType.MATCHING: MatchingQuestionForm,
    QuestionType.ORDERING: OrderingQuestionForm,
    QuestionType.CLOZE: ClozeQuestionForm,
    QuestionType.ESSAY: QuestionForm,
    QuestionType.DESCRIPTION: DescriptionQuestionForm,
}


def question_form(
    data: Any = None,
    *,
    qtype: QuestionType,
    course: Course,
    initial_data: QuestionData | None = None,
    lesson: Lesson | None = None,
) -> QuestionForm:
    """The form for a question of ``qtype``, filled in from ``initial_data`` for editing."""
    return FORMS[qtype](data, qtype=qtype, course=course, initial_data=initial_data, lesson=lesson)

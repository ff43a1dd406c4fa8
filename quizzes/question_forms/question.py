"""The instructor's question form: the fields every question has; by_type.py adds each
type's answers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Lesson

from ..questions import (
    QuestionData,
    QuestionType,
    TextFormat,
)
from .labels import FORMAT_LABELS
from .rows import (
    RowFormSet,
    format_choices,
    text_format_or_none,
)

ANSWER_TYPES = frozenset(
    {
        QuestionType.SINGLE_CHOICE,
        QuestionType.MULTIPLE_RESPONSE,
        QuestionType.SHORT_ANSWER,
        QuestionType.NUMERICAL,
    }
)
SHUFFLED_TYPES = frozenset(
    {
        QuestionType.SINGLE_CHOICE,
        QuestionType.MULTIPLE_RESPONSE,
        QuestionType.MATCHING,
        QuestionType.ORDERING,
    }
)
_EXTRA_ROWS_NEW = {
    QuestionType.SINGLE_CHOICE: 5,
    QuestionType.MULTIPLE_RESPONSE: 5,
    QuestionType.SHORT_ANSWER: 3,
    QuestionType.NUMERICAL: 2,
    QuestionType.MATCHING: 4,
    QuestionType.ORDERING: 4,
}
_EXTRA_ROWS_EDIT = 2


# The question -------------------------------------------------------------------------------


def _lessons_for(course: Course, current: Lesson | None) -> Any:
    active = Q(course=course, is_archived=False)
    if current is not None:
        active |= Q(pk=current.pk)
    return Lesson.objects.filter(active).order_by("position", "pk")


class QuestionForm(forms.Form):
    """The fields every question has; ``initial_data`` (and ``lesson``) fill it in for editing.

    A form per type (below) adds that type's answers: ``_answer_layout`` names its own fields,
    ``_type_initial`` fills them in, ``_build_formset`` gives its rows and ``_type_parts``
    reads them back. Essays are this form as it is.
    """

    name = forms.CharField(
        label=_("Name"),
        max_length=255,
        required=False,
        help_text=_("For the question bank; learners do not see it."),
    )
    stem = forms.CharField(label=_("Question text"), widget=forms.Textarea(attrs={"rows": 5}))
    stem_format = forms.ChoiceField(
        label=_("Text format"),
        choices=[(fmt.value, label) for fmt, label in FORMAT_LABELS.items()],
        initial=TextFormat.MOODLE.value,
    )
    points = forms.DecimalField(
        label=_("Default points"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=7,
        initial=Decimal(1),
    )
    general_feedback = forms.CharField(
        label=_("General feedback"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to every learner after answering, whatever the answer."),
    )
    general_feedback_format = forms.ChoiceField(
        required=False, choices=format_choices, widget=forms.HiddenInput
    )
    lesson = forms.ModelChoiceField(
        label=_("Lesson"),
        queryset=Lesson.objects.none(),
        required=False,
        empty_label=_("None (bank only)"),
        help_text=_("The lesson this question tests; once published it is in that lesson's quiz."),
    )
    category = forms.CharField(
        label=_("Category"),
        max_length=1000,
        required=False,
        help_text=_('Folders separated by "/", such as Unit 1/Definitions. Empty: Default.'),
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=1000, required=False, help_text=_("Separated by commas.")
    )
    shuffle_answers = forms.BooleanField(
        label=_("Shuffle the answers for each attempt"), required=False, initial=True
    )

    def __init__(
        self,
        data: Any = None,
        *,
        qtype: QuestionType,
        course: Course,
        initial_data: QuestionData | None = None,
        lesson: Lesson | None = None,
    ) -> None:
        self.qtype = qtype
        self.initial_data = initial_data
        initial: dict[str, Any] = {"lesson": lesson}
        if initial_data is not None:
            initial |= self._common_initial(initial_data) | self._type_initial(initial_data)
        super().__init__(data, initial=initial)
        lesson_field = self.fields["lesson"]
        assert isinstance(lesson_field, forms.ModelChoiceField)
        lesson_field.queryset = _lessons_for(course, lesson)
        if qtype not in SHUFFLED_TYPES:
            del self.fields["shuffle_answers"]
        answers = self._answer_layout()
        self.formset = self._build_formset(data, initial_data)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Question"),
                "name",
                Field("stem", css_class=self.fields["stem"].widget.attrs.get("class", "")),
                Row(
                    Column("stem_format", css_class="col-sm-6"),
                    *([Column("points", css_class="col-sm-6")] if "points" in self.fields else []),
                ),
                "general_feedback",
                "general_feedback_format",
            ),
            Fieldset(
                _("Where it belongs"),
                "lesson",
                Row(Column("category", css_class="col-sm-6"), Column("tags", css_class="col-sm-6")),
                *(["shuffle_answers"] if "shuffle_answers" in self.fields else []),
            ),
            *([Fieldset(_("Answer"), *answers)] if answers else []),
        )

    # What each type adds (overridden below) ------------------------------------------------

    def _answer_layout(self) -> list[Field | str]:
        """The type's own fields, added to ``self.fields``, in the order shown."""
        return []

    def _type_initial(self, data: QuestionData) -> dict[str, Any]:
        return {}

    def _build_formset(self, data: Any, initial_data: QuestionData | None) -> RowFormSet | None:
        return None

    def _type_parts(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The type's part of the QuestionData, from its fields and rows."""
        return {}

    # Building ---------------------------------------------------------------------------

    def _common_initial(self, data: QuestionData) -> dict[str, Any]:
        return {
            "name": data.name,
            "stem": data.stem,
            "stem_format": data.stem_format.value,
            "points": data.points,
            "general_feedback": data.general_feedback,
            "general_feedback_format": data.general_feedback_format or "",
            "category": data.category,
            "tags": ", ".join(data.tags),
            "shuffle_answers": data.shuffle_answers,
        }

    def _extra_rows(self) -> int:
        return _EXTRA_ROWS_EDIT if self.initial_data is not None else _EXTRA_ROWS_NEW[self.qtype]

    # Validating -------------------------------------------------------------------------

    def is_valid(self) -> bool:
        form_valid = super().is_valid()
        formset_valid = self.formset.is_valid() if self.formset is not None else True
        return form_valid and formset_valid

    def clean_category(self) -> str:
        parts = [part.strip() for part in self.cleaned_data["category"].split("/")]
        if any(len(part) > 255 for part in parts):
            raise ValidationError(_("A category name has at most 255 characters."))
        return "/".join(part for part in parts if part)

    def clean_tags(self) -> tuple[str, ...]:
        tags = {tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()}
        if any(len(tag) > 100 for tag in tags):
            raise ValidationError(_("A tag has at most 100 characters."))
        return tuple(sorted(tags))

    # Reading ----------------------------------------------------------------------------

    def to_question_data(self) -> QuestionData:
        """The question as filled in; only after ``is_valid()``."""
        cleaned = self.cleaned_data
        previous = self.initial_data
        points = cleaned.get("points")
        if points is None:  # a description: no points of its own
            points = previous.points if previous else Decimal(0)
        parts: dict[str, Any] = {
            "stem": cleaned["stem"],
            "shuffle_answers": cleaned.get(
                "shuffle_answers", previous.shuffle_answers if previous else True
            ),
        }
        parts |= self._type_parts(cleaned)
        return QuestionData(
            type=self.qtype,
            name=cleaned["name"],
            stem_format=TextFormat(cleaned["stem_format"]),
            points=points,
            general_feedback=cleaned["general_feedback"],
            general_feedback_format=text_format_or_none(cleaned["general_feedback_format"]),
            category=cleaned["category"],
            tags=cleaned["tags"],
            **parts,
        )

    def chosen_lesson(self) -> Lesson | None:
        """The lesson picked in the form; only after ``is_valid()``."""
        lesson: Lesson | None = self.cleaned_data.get("lesson")
        return lesson

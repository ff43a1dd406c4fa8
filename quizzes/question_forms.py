"""The instructor's question form: common fields, then the answers of the question's type.

``QuestionForm`` holds one formset for the type's rows (answers, matching pairs or ordering
items) and validates both as Moodle's editing forms would; ``to_question_data()`` gives the
QuestionData that ``quizzes.bank`` saves. Grades are Decimal throughout, never float.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Lesson

from .formats.cloze import (
    ClozeText,
    decimal_text,
    format_cloze,
    parse_cloze_text,
    parse_decimal,
)
from .questions import (
    Answer,
    ClozeGap,
    MatchPair,
    QuestionData,
    QuestionFormatError,
    QuestionType,
    TextFormat,
)

TYPE_LABELS = {
    QuestionType.SINGLE_CHOICE: _("Multiple choice (one right answer)"),
    QuestionType.MULTIPLE_RESPONSE: _("Multiple response (several right answers)"),
    QuestionType.TRUE_FALSE: _("True/false"),
    QuestionType.SHORT_ANSWER: _("Short answer"),
    QuestionType.NUMERICAL: _("Numerical"),
    QuestionType.MATCHING: _("Matching"),
    QuestionType.ORDERING: _("Ordering"),
    QuestionType.CLOZE: _("Cloze (embedded answers)"),
    QuestionType.ESSAY: _("Essay"),
    QuestionType.DESCRIPTION: _("Description (no answer)"),
}
FORMAT_LABELS = {
    TextFormat.MOODLE: _("Moodle auto-format"),
    TextFormat.PLAIN: _("Plain text"),
    TextFormat.MARKDOWN: _("Markdown"),
    TextFormat.HTML: _("HTML"),
}
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
# Moodle's grade list (question_bank::fraction_options), as percentages.
# fmt: off
GRADES = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5",
)
# fmt: on
_FULL = Decimal(1)
_EXTRA_ROWS_NEW = {
    QuestionType.SINGLE_CHOICE: 5,
    QuestionType.MULTIPLE_RESPONSE: 5,
    QuestionType.SHORT_ANSWER: 3,
    QuestionType.NUMERICAL: 2,
    QuestionType.MATCHING: 4,
    QuestionType.ORDERING: 4,
}
_EXTRA_ROWS_EDIT = 2


def grade_label(fraction: Decimal) -> str:
    return decimal_text(fraction * 100) + "%"


def fraction_choices(*, negative: bool, extra: Iterable[Decimal] = ()) -> list[tuple[str, str]]:
    """The grades an answer may take, best first, as (fraction, "percent%") choices.

    ``extra`` adds grades a question already has (an imported %37%), so editing keeps them.
    """
    positive = [Decimal(grade) / 100 for grade in GRADES]
    values = {*positive, Decimal(0), *(f for f in extra if Decimal(-1) <= f <= _FULL)}
    if negative:
        values |= {-value for value in positive}
    return [(decimal_text(value), grade_label(value)) for value in sorted(values, reverse=True)]


def _format_choices() -> list[tuple[str, Any]]:
    return [("", "")] + [(fmt.value, label) for fmt, label in FORMAT_LABELS.items()]


def _format(value: str) -> TextFormat | None:
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
        required=False, choices=_format_choices, widget=forms.HiddenInput
    )
    feedback_format = forms.ChoiceField(
        required=False, choices=_format_choices, widget=forms.HiddenInput
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
            text_format=_format(cleaned["text_format"]),
            feedback_format=_format(cleaned["feedback_format"]),
        )


class _RowFormSet(forms.BaseFormSet):
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


class AnswerFormSet(_RowFormSet):
    qtype: QuestionType = QuestionType.SINGLE_CHOICE

    def clean(self) -> None:
        if any(self.errors):
            return
        answers = [form.answer() for form in self.filled()]  # type: ignore[attr-defined]
        fractions = [answer.fraction for answer in answers]
        right = sum(1 for fraction in fractions if fraction == _FULL)
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


class PairFormSet(_RowFormSet):
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


class ItemFormSet(_RowFormSet):
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


# The question -------------------------------------------------------------------------------


def _lessons_for(course: Course, current: Lesson | None) -> Any:
    active = Q(course=course, is_archived=False)
    if current is not None:
        active |= Q(pk=current.pk)
    return Lesson.objects.filter(active).order_by("position", "pk")


class QuestionForm(forms.Form):
    """One question of ``qtype``; ``initial_data`` (and ``lesson``) fill it in for editing."""

    cloze: ClozeText  # a cloze question's parsed text, once the stem is clean

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
        required=False, choices=_format_choices, widget=forms.HiddenInput
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
        initial = self._initial(initial_data, lesson)
        super().__init__(data, initial=initial)
        lesson_field = self.fields["lesson"]
        assert isinstance(lesson_field, forms.ModelChoiceField)
        lesson_field.queryset = _lessons_for(course, lesson)
        answers: list[Field | str] = []
        if qtype == QuestionType.TRUE_FALSE:
            self._add_true_false_fields()
            answers = ["correct", "feedback_true", "feedback_false"]
        if qtype == QuestionType.CLOZE:
            self.fields["stem"].label = _("Question text with its gaps")
            self.fields["stem"].widget.attrs["rows"] = 8
            self.fields["stem"].help_text = _(
                "Moodle's cloze syntax: {1:SHORTANSWER:=answer}, "
                "{1:MULTICHOICE:=right~wrong#feedback}, {1:NUMERICAL:=3.14:0.01}; "
                "%50% before an answer gives it half marks."
            )
            self.fields["stem"].widget.attrs["class"] = "font-monospace"
        if qtype not in SHUFFLED_TYPES:
            del self.fields["shuffle_answers"]
        if qtype == QuestionType.DESCRIPTION:
            del self.fields["points"]
        self.formset = self._formset(data, initial_data)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Question"),
                "name",
                Field("stem", css_class="font-monospace" if qtype == QuestionType.CLOZE else ""),
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

    # Building ---------------------------------------------------------------------------

    def _initial(self, data: QuestionData | None, lesson: Lesson | None) -> dict[str, Any]:
        initial: dict[str, Any] = {"lesson": lesson}
        if self.qtype == QuestionType.DESCRIPTION:
            initial["points"] = Decimal(0)
        if data is None:
            return initial
        stem = data.stem
        if self.qtype == QuestionType.CLOZE:
            try:
                stem = format_cloze(data.stem, data.gaps, shuffle=data.shuffle_answers)
            except QuestionFormatError:
                stem = data.stem  # shown as stored; saving asks for valid syntax
        initial.update(
            name=data.name,
            stem=stem,
            stem_format=data.stem_format.value,
            points=data.points,
            general_feedback=data.general_feedback,
            general_feedback_format=(data.general_feedback_format or ""),
            category=data.category,
            tags=", ".join(data.tags),
            shuffle_answers=data.shuffle_answers,
        )
        if self.qtype == QuestionType.TRUE_FALSE:
            by_text = {answer.text.strip().lower(): answer for answer in data.answers}
            true, false = by_text.get("true"), by_text.get("false")
            initial["correct"] = "false" if true is not None and true.fraction != _FULL else "true"
            initial["feedback_true"] = true.feedback if true else ""
            initial["feedback_false"] = false.feedback if false else ""
        return initial

    def _add_true_false_fields(self) -> None:
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

    def _formset(self, data: Any, initial_data: QuestionData | None) -> _RowFormSet | None:
        qtype = self.qtype
        extra = _EXTRA_ROWS_EDIT if initial_data is not None else _EXTRA_ROWS_NEW.get(qtype, 0)
        if qtype in ANSWER_TYPES:
            answers: Sequence[Answer] = initial_data.answers if initial_data else ()
            formset_class = cast(
                type[AnswerFormSet],
                forms.formset_factory(
                    AnswerForm, formset=AnswerFormSet, extra=extra, can_delete=True
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
        if qtype == QuestionType.MATCHING:
            pair_formset = cast(
                type[PairFormSet],
                forms.formset_factory(PairForm, formset=PairFormSet, extra=extra, can_delete=True),
            )
            pairs = initial_data.pairs if initial_data else ()
            return pair_formset(
                data,
                prefix="pairs",
                initial=[{"prompt": p.prompt, "answer": p.answer} for p in pairs],
            )
        if qtype == QuestionType.ORDERING:
            item_formset = cast(
                type[ItemFormSet],
                forms.formset_factory(
                    ItemForm, formset=ItemFormSet, extra=extra, can_delete=True, can_order=True
                ),
            )
            items = initial_data.items if initial_data else ()
            return item_formset(
                data,
                prefix="items",
                initial=[{"text": text, "ORDER": i} for i, text in enumerate(items, start=1)],
            )
        return None

    # Validating -------------------------------------------------------------------------

    def is_valid(self) -> bool:
        form_valid = super().is_valid()
        formset_valid = self.formset.is_valid() if self.formset is not None else True
        return form_valid and formset_valid

    def clean_stem(self) -> str:
        stem: str = self.cleaned_data["stem"]
        if self.qtype != QuestionType.CLOZE:
            return stem
        try:
            self.cloze = parse_cloze_text(stem)
        except QuestionFormatError as error:
            raise ValidationError([str(problem) for problem in error.problems]) from None
        return stem

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
        stem = cleaned["stem"]
        shuffle = cleaned.get("shuffle_answers", previous.shuffle_answers if previous else True)
        answers: tuple[Answer, ...] = ()
        gaps: tuple[ClozeGap, ...] = ()
        if isinstance(self.formset, AnswerFormSet):
            answers = self.formset.answers()
        elif self.qtype == QuestionType.TRUE_FALSE:
            is_true = cleaned["correct"] == "true"
            answers = (
                Answer("true", Decimal(1 if is_true else 0), cleaned["feedback_true"]),
                Answer("false", Decimal(0 if is_true else 1), cleaned["feedback_false"]),
            )
        elif self.qtype == QuestionType.CLOZE:
            stem, gaps = self.cloze.stem, self.cloze.gaps
            if self.cloze.shuffled is not None:
                shuffle = self.cloze.shuffled
        points = cleaned.get("points")
        if points is None:  # a description: no points of its own
            points = previous.points if previous else Decimal(0)
        return QuestionData(
            type=self.qtype,
            stem=stem,
            name=cleaned["name"],
            stem_format=TextFormat(cleaned["stem_format"]),
            points=points,
            general_feedback=cleaned["general_feedback"],
            general_feedback_format=_format(cleaned["general_feedback_format"]),
            answers=answers,
            pairs=self.formset.pairs() if isinstance(self.formset, PairFormSet) else (),
            items=self.formset.items() if isinstance(self.formset, ItemFormSet) else (),
            gaps=gaps,
            category=cleaned["category"],
            tags=cleaned["tags"],
            shuffle_answers=shuffle,
        )

    def chosen_lesson(self) -> Lesson | None:
        """The lesson picked in the form; only after ``is_valid()``."""
        lesson: Lesson | None = self.cleaned_data.get("lesson")
        return lesson


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

"""Forms of the instructor's quiz pages: settings, the quiz's questions, import and grading."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from courses.importers.detect import not_text
from courses.models import Course, Lesson

from .formats import guess_format, parse_questions
from .jsonform import QUIZ_SETTINGS
from .models import Question, QuestionCategory, Quiz
from .questions import FormatProblem, QuestionData, QuestionFormatError
from .slots import question_label

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
FORMAT_LABELS = {"gift": "GIFT", "aiken": "Aiken", "moodlexml": "Moodle XML"}


def _minutes(value: timedelta | None) -> int | None:
    return None if value is None else int(value.total_seconds() // 60)


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


def _pair(first: str, second: str) -> Row:
    """Two fields side by side on wide screens, one above the other on narrow ones."""
    return Row(Column(first, css_class="col-md-6"), Column(second, css_class="col-md-6"))


class QuizSettingsForm(forms.ModelForm):
    """A quiz's settings. Saving writes the quiz row only: attempts already started keep the
    deadline and points they were given when they started."""

    # Durations are edited in whole minutes; clean_* turns them into timedeltas.
    time_limit = forms.IntegerField(
        label=_("Time limit (minutes)"),
        min_value=1,
        max_value=60 * 24 * 7,
        required=False,
        help_text=_("Leave empty for no time limit."),
    )
    grace_period = forms.IntegerField(
        label=_("Grace period (minutes)"),
        min_value=1,
        max_value=60 * 24 * 7,
        required=False,
        help_text=_("Only with a grace period to submit: how long after time is up."),
    )

    class Meta:
        model = Quiz
        fields = list(QUIZ_SETTINGS)  # the settings an export carries, and no more
        labels = {
            "open_at": _("Opens"),
            "close_at": _("Closes"),
            "grading_method": _("Grading method"),
            "review_score": _("Learners see their score"),
            "review_responses": _("Learners see their responses"),
            "review_correct_answers": _("Learners see the correct answers"),
            "review_feedback": _("Learners see the feedback"),
            "overdue_handling": _("When time is up"),
        }
        help_texts = {
            "open_at": _("Leave empty to open the quiz now."),
            "close_at": _("Leave empty to keep it open."),
            "grading_method": _("Which attempt's grade counts when learners make several."),
        }
        widgets = {
            "open_at": _datetime_input(),
            "close_at": _datetime_input(),
            # Its choices are whole sentences: a list of radios reads better than a select.
            "overdue_handling": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["time_limit"] = _minutes(self.instance.time_limit)
        self.initial["grace_period"] = _minutes(self.instance.grace_period)
        for name in ("open_at", "close_at"):
            field = self.fields[name]
            assert isinstance(field, forms.DateTimeField)
            field.input_formats = [DATETIME_LOCAL, *(field.input_formats or [])]
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Fieldset(_("General"), "title", "is_published"),
            Fieldset(
                _("Timing"),
                _pair("open_at", "close_at"),
                _pair("time_limit", "attempts_allowed"),
                "overdue_handling",
                Row(Column("grace_period", css_class="col-md-6")),
            ),
            Fieldset(
                _("Grading and order"),
                _pair("grading_method", "pass_mark"),
                "shuffle_questions",
                "shuffle_answers",
            ),
            Fieldset(
                _("Review after an attempt"),
                _pair("review_score", "review_responses"),
                _pair("review_correct_answers", "review_feedback"),
            ),
        )
        self.helper.add_input(Submit("submit", _("Save settings")))

    def clean_time_limit(self) -> timedelta | None:
        minutes = self.cleaned_data.get("time_limit")
        return timedelta(minutes=minutes) if minutes else None

    def clean_grace_period(self) -> timedelta | None:
        minutes = self.cleaned_data.get("grace_period")
        return timedelta(minutes=minutes) if minutes else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        open_at, close_at = cleaned.get("open_at"), cleaned.get("close_at")
        if open_at and close_at and close_at <= open_at:
            self.add_error("close_at", _("The quiz must close after it opens."))
        grace = cleaned.get("overdue_handling") == Quiz.Overdue.GRACE
        if grace and not cleaned.get("grace_period") and "grace_period" not in self.errors:
            self.add_error("grace_period", _("How long is the grace period?"))
        if not grace and cleaned.get("grace_period"):
            self.add_error(
                "grace_period",
                _("A grace period applies only when time is up and learners get one to submit."),
            )
        return cleaned


class QuestionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Question) -> str:
        return question_label(obj)


class LabelledChoiceField(forms.ModelChoiceField):
    """Choices labelled from a dict of labels by primary key."""

    labels: dict[int, str] = {}

    def label_from_instance(self, obj: Any) -> str:
        return self.labels.get(obj.pk, str(obj))


class SlotAddForm(forms.Form):
    question = QuestionChoiceField(
        label=_("Question"), queryset=Question.objects.none(), empty_label=None
    )
    points = forms.DecimalField(
        label=_("Points"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=7,
        help_text=_("Empty: the question's own."),
    )

    def __init__(self, *args: Any, questions: QuerySet[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["question"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = questions


class SlotRandomForm(forms.Form):
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=100, initial=1)
    category = LabelledChoiceField(
        label=_("From category"), queryset=QuestionCategory.objects.none(), empty_label=None
    )

    def __init__(
        self,
        *args: Any,
        categories: QuerySet[QuestionCategory],
        labels: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        assert isinstance(field, LabelledChoiceField)
        field.queryset = categories
        field.labels = labels


class SlotPointsForm(forms.Form):
    points = forms.DecimalField(
        label=_("Points"), required=False, min_value=Decimal(0), max_digits=12, decimal_places=7
    )


class QuestionImportForm(forms.Form):
    """A question file, parsed as it is cleaned: ``problems`` lists everything wrong with it."""

    file = forms.FileField(label=_("Question file"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Guess from the file")), *FORMAT_LABELS.items()],
        required=False,
    )
    lesson = forms.ModelChoiceField(
        label=_("Lesson"),
        queryset=Lesson.objects.none(),
        required=False,
        empty_label=_("None: the bank only"),
        help_text=_("The lesson the questions test."),
    )
    add_to_quiz = forms.BooleanField(
        label=_("Publish them straight into the lesson's quiz"),
        required=False,
        help_text=_("Otherwise questions attached to a lesson wait as drafts for review."),
    )

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lesson"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = course.lessons.filter(is_archived=False).order_by("position")
        self.fields["file"].help_text = _(
            "GIFT, Aiken or Moodle XML, up to %(limit)s. A file with any problem imports nothing."
        ) % {"limit": filesizeformat(settings.DOCENT_IMPORT_MAX_BYTES)}
        self.problems: list[FormatProblem] = []
        self.questions: list[QuestionData] = []
        self.format_name = ""
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(Submit("submit", _("Import")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("add_to_quiz") and not cleaned.get("lesson"):
            self.add_error("lesson", _("Choose the lesson whose quiz the questions join."))
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        limit = settings.DOCENT_IMPORT_MAX_BYTES
        if upload.size > limit:
            self.add_error(
                "file",
                _("The file is %(size)s; the largest question file Docent imports is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
            return cleaned
        raw = upload.read()
        kind = not_text(raw)
        if kind is not None:
            self.add_error(
                "file",
                _("This file is %(kind)s, not a GIFT, Aiken or Moodle XML question file.")
                % {"kind": kind},
            )
            return cleaned
        text = raw.decode("utf-8-sig", errors="replace")
        self.format_name = cleaned.get("format") or guess_format(upload.name, text)
        try:
            self.questions = parse_questions(text, self.format_name)
        except QuestionFormatError as error:
            self.problems = list(error.problems)
            self.add_error(
                "file",
                _("The %(format)s file has problems; nothing was imported.")
                % {"format": FORMAT_LABELS[self.format_name]},
            )
        return cleaned


class GradeForm(forms.Form):
    """A grader's points (0 to the question's maximum) and comment for one answer."""

    points = forms.DecimalField(
        label=_("Points"), min_value=Decimal(0), max_digits=12, decimal_places=7
    )
    comment = forms.CharField(
        label=_("Comment for the learner"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, max_points: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_points = max_points
        field = self.fields["points"]
        assert isinstance(field, forms.DecimalField)
        field.validators.append(MaxValueValidator(max_points))
        field.label = _("Points (out of %(max)s)") % {"max": f"{max_points.normalize():f}"}
        field.widget.attrs.update({"max": str(max_points.normalize()), "step": "any"})

    @property
    def fraction(self) -> Decimal:
        points: Decimal = self.cleaned_data["points"]
        return points / self.max_points if self.max_points else Decimal(0)

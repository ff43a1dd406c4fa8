"""The attempt form: one set of fields per question, read back as grading-shaped responses.

Fields never carry fractions, weights or feedback: only what a learner may see while answering.
Every value and field name a learner's browser receives is a place in the order the attempt
shows (``AttemptQuestion.choice_order``), never a place in the question's own order: authors
and drafting often store the right answer first, and an ordering question's own order is its
answer. The form maps shown places back to the question's order, which is what responses are
stored and graded in, so nothing in the markup says more than the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AttemptQuestion
from .questions import GapKind, QuestionData, QuestionType, TextFormat
from .rendering import render_inline

SHORT_TEXT_MAX = 1_000
ESSAY_MAX = 50_000


@dataclass
class AskedQuestion:
    """One question of an attempt, with the names of its form fields, for the templates."""

    row: AttemptQuestion
    data: QuestionData
    number: int | None  # the number shown to the learner; None for descriptions
    field_names: list[str] = field(default_factory=list)

    @property
    def position(self) -> int:
        return self.row.position


def _valid_order(order: Any, size: int) -> list[int]:
    return (
        order
        if isinstance(order, list) and sorted(order) == list(range(size))
        else list(range(size))
    )


def shown_order(row: AttemptQuestion, size: int) -> list[int]:
    """The question's choices (or items, or pairs) in the order the attempt shows them."""
    return _valid_order(row.choice_order, size)


def _gap_order(row: AttemptQuestion, gap: int, size: int) -> list[int]:
    """A cloze choice gap's answers in the order the attempt shows them."""
    orders = row.choice_order if isinstance(row.choice_order, list) else []
    return _valid_order(orders[gap] if gap < len(orders) else None, size)


def _shown_place(order: list[int], index: Any) -> str | None:
    """The field value of the choice stored at ``index``: its place on the page."""
    return str(order.index(index)) if isinstance(index, int) and index in order else None


def matching_options(data: QuestionData, order: list[int]) -> list[str]:
    """The distinct answers a matching question offers, in display order."""
    seen: list[str] = []
    for index in order:
        answer = data.pairs[index].answer
        if answer not in seen:
            seen.append(answer)
    return seen


def matching_prompts(data: QuestionData) -> list[str]:
    return [pair.prompt for pair in data.pairs if pair.prompt.strip()]


class AttemptForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, asked: list[AskedQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked = asked
        for question in asked:
            self._add_fields(question)

    def _add(
        self, question: AskedQuestion, name: str, form_field: forms.Field, initial: Any
    ) -> None:
        form_field.required = False
        self.fields[name] = form_field
        if initial is not None and not self.is_bound:
            self.initial[name] = initial
        question.field_names.append(name)

    def _add_fields(self, question: AskedQuestion) -> None:
        data, row, name = question.data, question.row, f"q{question.position}"
        saved = row.response
        fmt = data.stem_format
        initial: Any = None
        choices: list[tuple[str, Any]]
        if data.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE):
            order = shown_order(row, len(data.answers))
            choices = [
                (
                    str(shown),
                    render_inline(data.answers[i].text, data.answers[i].text_format or fmt),
                )
                for shown, i in enumerate(order)
            ]
            if data.type == QuestionType.SINGLE_CHOICE:
                single = forms.TypedChoiceField(
                    choices=choices, coerce=int, empty_value=None, widget=forms.RadioSelect
                )
                self._add(question, name, single, _shown_place(order, saved))
            else:
                multiple = forms.TypedMultipleChoiceField(
                    choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple
                )
                if isinstance(saved, list):
                    shown_places = (_shown_place(order, index) for index in saved)
                    initial = [place for place in shown_places if place is not None]
                self._add(question, name, multiple, initial)
        elif data.type == QuestionType.TRUE_FALSE:
            true_false = forms.TypedChoiceField(
                choices=[("true", _("True")), ("false", _("False"))],
                coerce=lambda value: value == "true",
                empty_value=None,
                widget=forms.RadioSelect,
            )
            initial = None if saved is None else ("true" if saved else "false")
            self._add(question, name, true_false, initial)
        elif data.type in (QuestionType.SHORT_ANSWER, QuestionType.NUMERICAL):
            attrs = {"autocomplete": "off", "spellcheck": "false"}
            if data.type == QuestionType.NUMERICAL:
                attrs["inputmode"] = "decimal"
            text = forms.CharField(
                max_length=SHORT_TEXT_MAX, strip=False, widget=forms.TextInput(attrs)
            )
            self._add(question, name, text, saved if isinstance(saved, str) else None)
        elif data.type == QuestionType.ESSAY:
            essay = forms.CharField(
                max_length=ESSAY_MAX, strip=False, widget=forms.Textarea(attrs={"rows": 10})
            )
            self._add(question, name, essay, saved if isinstance(saved, str) else None)
        elif data.type == QuestionType.MATCHING:
            options = matching_options(data, shown_order(row, len(data.pairs)))
            choices = [("", "—")] + [
                (str(i), render_inline(option, TextFormat.PLAIN))
                for i, option in enumerate(options)
            ]
            for index, _prompt in enumerate(matching_prompts(data)):
                chosen = saved.get(str(index)) if isinstance(saved, dict) else None
                initial = str(options.index(chosen)) if chosen in options else None
                self._add(question, f"{name}_{index}", forms.ChoiceField(choices=choices), initial)
        elif data.type == QuestionType.ORDERING:
            size = len(data.items)
            choices = [("", "—")] + [(str(p), str(p)) for p in range(1, size + 1)]
            places = (
                {item: place for place, item in enumerate(saved or [], start=1)}
                if isinstance(saved, list)
                else {}
            )
            # Fields are named by the place each item is shown in, not by the item.
            for shown, item in enumerate(shown_order(row, size)):
                initial = str(places[item]) if item in places else None
                self._add(question, f"{name}_{shown}", forms.ChoiceField(choices=choices), initial)
        elif data.type == QuestionType.CLOZE:
            for index, gap in enumerate(data.gaps):
                gap_name = f"{name}_{index}"
                previous = saved[index] if isinstance(saved, list) and index < len(saved) else None
                if gap.kind == GapKind.CHOICE:
                    order = _gap_order(row, index, len(gap.answers))
                    gap_choices = [("", "—")] + [
                        (str(shown), render_inline(gap.answers[i].text, fmt))
                        for shown, i in enumerate(order)
                    ]
                    initial = _shown_place(order, previous)
                    self._add(question, gap_name, forms.ChoiceField(choices=gap_choices), initial)
                else:
                    text = forms.CharField(
                        max_length=SHORT_TEXT_MAX,
                        strip=False,
                        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 12}),
                    )
                    self._add(
                        question, gap_name, text, previous if isinstance(previous, str) else None
                    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.asked:
            if question.data.type != QuestionType.ORDERING:
                continue
            places = [cleaned.get(name) for name in question.field_names]
            chosen = [place for place in places if place]
            if len(chosen) != len(set(chosen)):
                self.add_error(
                    question.field_names[0],
                    _("Question %(number)s: give each item a different place.")
                    % {"number": question.number},
                )
        return cleaned

    def responses(self) -> dict[int, Any]:
        """The cleaned answers, by question position, as quizzes.grading expects (JSON-safe):
        places on the page mapped back to the question's own order."""
        cleaned = self.cleaned_data
        result: dict[int, Any] = {}
        for question in self.asked:
            data, row, names = question.data, question.row, question.field_names
            if not names:
                continue
            if data.type == QuestionType.SINGLE_CHOICE:
                place = cleaned.get(names[0])
                order = shown_order(row, len(data.answers))
                result[question.position] = None if place is None else order[place]
            elif data.type == QuestionType.MULTIPLE_RESPONSE:
                order = shown_order(row, len(data.answers))
                result[question.position] = sorted(order[p] for p in cleaned.get(names[0]) or [])
            elif data.type == QuestionType.MATCHING:
                options = matching_options(data, shown_order(row, len(data.pairs)))
                result[question.position] = {
                    name.rsplit("_", 1)[1]: options[int(cleaned[name])]
                    for name in names
                    if cleaned.get(name)
                }
            elif data.type == QuestionType.ORDERING:
                order = shown_order(row, len(data.items))
                places = {
                    order[int(name.rsplit("_", 1)[1])]: int(cleaned[name])
                    for name in names
                    if cleaned.get(name)
                }
                complete = len(places) == len(data.items)
                result[question.position] = (
                    sorted(places, key=places.__getitem__) if complete else None
                )
            elif data.type == QuestionType.CLOZE:
                values: list[Any] = []
                for index, (name, gap) in enumerate(zip(names, data.gaps, strict=True)):
                    value = cleaned.get(name)
                    if gap.kind == GapKind.CHOICE:
                        order = _gap_order(row, index, len(gap.answers))
                        values.append(order[int(value)] if value else None)
                    else:
                        values.append(value or "")
                result[question.position] = values
            else:
                value = cleaned.get(names[0])
                result[question.position] = value if value != "" else None
        return result

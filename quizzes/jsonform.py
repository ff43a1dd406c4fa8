"""Questions and quiz settings as JSON-ready dicts, for ``export_course``/``import_course``.

The shape is the documented one: ``{"type", "stem", "status", "points", "answers": [{"text",
"fraction", "feedback"}], …}``; types with more structure add ``pairs``, ``items`` or ``gaps``.
Decimals are written as strings so that no float ever touches a grade.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils.dateparse import parse_datetime, parse_duration
from django.utils.duration import duration_iso_string

from .models import Quiz
from .questions import Answer, ClozeGap, GapKind, MatchPair, QuestionData, QuestionType, TextFormat

QUIZ_SETTINGS = (
    "title",
    "is_published",
    "time_limit",
    "open_at",
    "close_at",
    "attempts_allowed",
    "grading_method",
    "pass_mark",
    "shuffle_questions",
    "shuffle_answers",
    "review_score",
    "review_responses",
    "review_correct_answers",
    "review_feedback",
    "overdue_handling",
    "grace_period",
)


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def _answer_json(answer: Answer) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": answer.text,
        "fraction": _number(answer.fraction),
        "feedback": answer.feedback,
    }
    if answer.tolerance is not None:
        data["tolerance"] = _number(answer.tolerance)
    if answer.text_format:
        data["text_format"] = answer.text_format.value
    if answer.feedback_format:
        data["feedback_format"] = answer.feedback_format.value
    return data


def question_json(data: QuestionData, *, status: str, source_sentence: str = "") -> dict[str, Any]:
    result: dict[str, Any] = {
        "type": data.type.value,
        "name": data.name,
        "stem": data.stem,
        "stem_format": data.stem_format.value,
        "status": status,
        "points": _number(data.points),
        "general_feedback": data.general_feedback,
        "category": data.category,
        "tags": list(data.tags),
        "shuffle_answers": data.shuffle_answers,
        "answers": [_answer_json(answer) for answer in data.answers],
    }
    if data.general_feedback_format:
        result["general_feedback_format"] = data.general_feedback_format.value
    if data.pairs:
        result["pairs"] = [{"prompt": p.prompt, "answer": p.answer} for p in data.pairs]
    if data.items:
        result["items"] = list(data.items)
    if data.gaps:
        result["gaps"] = [
            {
                "kind": gap.kind.value,
                "weight": _number(gap.weight),
                "answers": [_answer_json(a) for a in gap.answers],
            }
            for gap in data.gaps
        ]
    if source_sentence:
        result["source_sentence"] = source_sentence
    return result


def _format(value: Any) -> TextFormat | None:
    return TextFormat(value) if value else None


def _answer(data: dict[str, Any]) -> Answer:
    tolerance = data.get("tolerance")
    return Answer(
        text=str(data["text"]),
        fraction=Decimal(str(data["fraction"])),
        feedback=str(data.get("feedback", "")),
        tolerance=None if tolerance is None else Decimal(str(tolerance)),
        text_format=_format(data.get("text_format")),
        feedback_format=_format(data.get("feedback_format")),
    )


def question_from_json(data: dict[str, Any]) -> tuple[QuestionData, str, str]:
    """(question, status, source sentence) from ``question_json`` output.

    Raises KeyError, ValueError or TypeError on malformed input.
    """
    question = QuestionData(
        type=QuestionType(data["type"]),
        stem=str(data["stem"]),
        name=str(data.get("name", "")),
        stem_format=TextFormat(data.get("stem_format", TextFormat.HTML)),
        points=Decimal(str(data.get("points", "1"))),
        general_feedback=str(data.get("general_feedback", "")),
        general_feedback_format=_format(data.get("general_feedback_format")),
        answers=tuple(_answer(a) for a in data.get("answers", [])),
        pairs=tuple(MatchPair(str(p["prompt"]), str(p["answer"])) for p in data.get("pairs", [])),
        items=tuple(str(item) for item in data.get("items", [])),
        gaps=tuple(
            ClozeGap(
                kind=GapKind(gap["kind"]),
                answers=tuple(_answer(a) for a in gap.get("answers", [])),
                weight=Decimal(str(gap.get("weight", "1"))),
            )
            for gap in data.get("gaps", [])
        ),
        category=str(data.get("category", "")),
        tags=tuple(sorted(str(tag) for tag in data.get("tags", []))),
        shuffle_answers=bool(data.get("shuffle_answers", True)),
    )
    return question, str(data.get("status", "draft")), str(data.get("source_sentence", ""))


def quiz_json(quiz: Quiz) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in QUIZ_SETTINGS:
        value = getattr(quiz, name)
        if isinstance(value, timedelta):
            value = duration_iso_string(value)
        elif isinstance(value, Decimal):
            value = _number(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        result[name] = value
    return result


def quiz_settings_from_json(data: dict[str, Any]) -> dict[str, Any]:
    """Model field values from ``quiz_json`` output (unknown keys ignored)."""
    values: dict[str, Any] = {}
    for name in QUIZ_SETTINGS:
        if name not in data:
            continue
        value = data[name]
        if name in ("time_limit", "grace_period") and value is not None:
            value = parse_duration(value)
        elif name in ("open_at", "close_at") and value is not None:
            value = parse_datetime(value)
        elif name == "pass_mark":
            value = Decimal(str(value))
        values[name] = value
    return values

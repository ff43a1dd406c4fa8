"""The layout of ``export_course`` JSON, checked by pydantic before ``import_course`` writes
anything: a file of another format or version, or with a field missing or of the wrong kind,
is refused with where each problem is.

Version 1 is the layout the project has always written; a file written before exports named
their format and version is read as version 1. Decimals are strings or numbers, never floats
that would touch a grade: pydantic reads them as ``Decimal``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .jsonform import QUIZ_SETTINGS
from .questions import GapKind, QuestionType, TextFormat

EXPORT_FORMAT: Literal["docent-course"] = "docent-course"
EXPORT_VERSION: Literal[1] = 1


class _Strict(BaseModel):
    # Unknown keys are refused: a misspelt field would otherwise be dropped without a word.
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerExport(_Strict):
    text: str
    fraction: Decimal = Field(ge=-1, le=1)
    feedback: str = ""
    tolerance: Decimal | None = Field(default=None, ge=0)
    text_format: TextFormat | None = None
    feedback_format: TextFormat | None = None


class PairExport(_Strict):
    prompt: str
    answer: str


class GapExport(_Strict):
    kind: GapKind
    weight: Decimal = Field(default=Decimal(1), ge=0)
    answers: list[AnswerExport] = []


class QuestionExport(_Strict):
    type: QuestionType
    stem: str
    name: str = ""
    stem_format: TextFormat = TextFormat.HTML
    status: Literal["draft", "published"] = "draft"
    points: Decimal = Field(default=Decimal(1), ge=0)
    general_feedback: str = ""
    general_feedback_format: TextFormat | None = None
    category: str = ""
    tags: list[str] = []
    shuffle_answers: bool = True
    answers: list[AnswerExport] = []
    pairs: list[PairExport] = []
    items: list[str] = []
    gaps: list[GapExport] = []
    source_sentence: str = ""


class LessonExport(_Strict):
    title: str = Field(min_length=1)
    text: str = ""
    html: str = ""
    # The quiz's settings (``quizzes.jsonform.QUIZ_SETTINGS``), read by the model's own
    # validation when imported.
    quiz: dict[str, Any] | None = None
    questions: list[QuestionExport] = []


class ModuleExport(_Strict):
    title: str
    lessons: list[LessonExport]


class CourseExport(_Strict):
    format: Literal["docent-course"] = EXPORT_FORMAT
    version: Literal[1] = EXPORT_VERSION
    title: str = Field(min_length=1)
    slug: str = ""
    modules: list[ModuleExport]


class ExportProblem(ValueError):
    """What is wrong with a course export: one line per problem, each with where it is."""


def course_export_read(data: Any) -> dict[str, Any]:
    """``data`` (parsed JSON) checked against the layout, as the plain data the import reads.

    Raises ExportProblem naming every problem and where it is (``modules.0.lessons.2.title``).
    """
    try:
        checked = CourseExport.model_validate(data)
    except ValidationError as error:
        lines = [
            f"{'.'.join(str(part) for part in problem['loc']) or '(the file)'}: {problem['msg']}"
            for problem in error.errors()
        ]
        raise ExportProblem("\n".join(lines)) from None
    for module in checked.modules:
        for lesson in module.lessons:
            unknown = set(lesson.quiz or ()) - set(QUIZ_SETTINGS)
            if unknown:
                raise ExportProblem(f"quiz of “{lesson.title}”: unknown {sorted(unknown)}")
    return checked.model_dump(mode="json", exclude_unset=True)

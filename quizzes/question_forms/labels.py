"""What the question forms call each question type and text format."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..questions import (
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

"""The instructor's question forms: the fields every question has, then the answers of the
question's type (``question.py``, ``by_type.py``), their rows (``rows.py``), and the bank's filters
(``bank.py``). ``to_question_data()`` gives the QuestionData that ``quizzes.bank`` saves.
Grades are Decimal throughout, never float.
"""

from __future__ import annotations

from .bank import BankFilterForm
from .by_type import question_form
from .labels import FORMAT_LABELS, TYPE_LABELS
from .question import QuestionForm
from .rows import fraction_choices, grade_label

__all__ = [
    "FORMAT_LABELS",
    "TYPE_LABELS",
    "BankFilterForm",
    "QuestionForm",
    "fraction_choices",
    "grade_label",
    "question_form",
]

"""Quiz drafts from a lesson's own text: offline, deterministic, checked by rules.

    draft_questions(lesson_title=…, lesson_text=…, other_lessons=[(title, text), …]) -> [Draft]
    check_draft(draft, lesson_text=…) -> codes of the DRAFT_RULES it breaks ([] = fine)

Libraries: pysbd (sentences), wordfreq (how common a word is), inflect (plurals, a/an). No
model, no download, no randomness.
"""

from __future__ import annotations

from .draft import draft_questions
from .drafted import Draft
from .rules import DRAFT_RULES, DraftRule, check_draft, check_lesson_drafts, sentence_problems

__all__ = [
    "DRAFT_RULES",
    "Draft",
    "DraftRule",
    "check_draft",
    "check_lesson_drafts",
    "draft_questions",
    "sentence_problems",
]

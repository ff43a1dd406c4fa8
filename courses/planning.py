"""Outline → CoursePlan: how a document's headings become modules and lessons.

- Text before the first heading becomes an opening lesson ("Introduction").
- A document whose top level has exactly one heading, first in the document, is titled by it;
  the levels below it then give the structure.
- With two or more heading levels: the top level gives modules, the next gives lessons, and
  deeper headings stay inside their lesson as sub-headings.
- With one level: one module, one lesson per heading.
Every section's body lands in exactly one lesson, so nothing of the document is lost.
"""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .outline import CoursePlan, LessonPlan, ModulePlan, Outline, Section
from .sanitize import html_to_text, sanitize_html


@dataclass
class _LessonDraft:
    title: str
    position: int
    parts: list[str] = field(default_factory=list)

    def plan(self) -> LessonPlan:
        html = sanitize_html("".join(self.parts))
        return LessonPlan(
            title=self.title, html=html, text=html_to_text(html), position=self.position
        )


@dataclass
class _ModuleDraft:
    title: str
    lessons: list[_LessonDraft] = field(default_factory=list)


def _subheading(section: Section, depth: int) -> str:
    # Sub-headings inside a lesson start at h3 (the lesson title is the page's h1, its
    # module an h2 in navigation) and never go past h6.
    tag = f"h{min(6, 2 + depth)}"
    return f"<{tag}>{html_lib.escape(section.title, quote=False)}</{tag}>"


def plan_course(outline: Outline, *, title: str = "", fallback_title: str = "") -> CoursePlan:
    """Arrange an outline's sections into modules and lessons.

    ``title`` overrides any title the document gives; ``fallback_title`` (usually from the file
    name) is used when neither the caller nor the document gives one.
    """
    sections = [s for s in outline.sections if s.title.strip() or s.html.strip()]
    preamble = [s for s in sections if s.level == 0]
    headed = [s for s in sections if s.level > 0]

    document_title = outline.title.strip()
    levels = sorted({s.level for s in headed})
    if levels:
        top = [s for s in headed if s.level == levels[0]]
        if (
            len(top) == 1
            and top[0] is headed[0]
            and not preamble
            and (len(levels) > 1 or len(headed) == 1)
        ):
            # One top heading that opens the document: it names the course, its body opens
            # it, and the levels below it give the structure.
            document_title = document_title or top[0].title.strip()
            title_section = top[0]
            headed = headed[1:]
            preamble = [*preamble, Section("", 0, title_section.html, title_section.position)]
            levels = levels[1:]

    course_title = title.strip() or document_title or fallback_title.strip() or _("Untitled course")

    modules: list[_ModuleDraft] = []
    opening = _LessonDraft(_("Introduction"), preamble[0].position if preamble else 0)
    for section in preamble:
        opening.parts.append(section.html)

    if len(levels) >= 2:
        module_level, lesson_level = levels[0], levels[1]
        current_module: _ModuleDraft | None = None
        current_lesson: _LessonDraft | None = None
        if opening.parts:
            current_module = _ModuleDraft(course_title, [opening])
            modules.append(current_module)
            current_lesson = opening
        for section in headed:
            if section.level == module_level:
                current_module = _ModuleDraft(section.title.strip())
                modules.append(current_module)
                current_lesson = None
                if section.html.strip():
                    # The module's own opening text is a lesson named after the module.
                    current_lesson = _LessonDraft(
                        section.title.strip(), section.position, [section.html]
                    )
                    current_module.lessons.append(current_lesson)
            elif section.level == lesson_level or current_lesson is None:
                if current_module is None:
                    current_module = _ModuleDraft(course_title)
                    modules.append(current_module)
                current_lesson = _LessonDraft(
                    section.title.strip(), section.position, [section.html]
                )
                current_module.lessons.append(current_lesson)
            else:
                current_lesson.parts.append(_subheading(section, section.level - lesson_level))
                current_lesson.parts.append(section.html)
        for module in modules:
            if not module.lessons:
                # A module heading with neither text nor lessons still appears, as an empty lesson,
                # so no heading of the document disappears.
                module.lessons.append(_LessonDraft(module.title, 0))
    else:
        module = _ModuleDraft(course_title)
        if opening.parts:
            module.lessons.append(opening)
        for section in headed:
            module.lessons.append(
                _LessonDraft(section.title.strip(), section.position, [section.html])
            )
        modules.append(module)

    return CoursePlan(
        title=course_title,
        modules=tuple(
            ModulePlan(m.title, tuple(lesson.plan() for lesson in m.lessons))
            for m in modules
            if m.lessons
        ),
    )

"""The neutral outline every importer produces, and the course plan built from it.

document (bytes) → Outline (sections in document order) → CoursePlan (modules and lessons)
→ database rows. Everything here is plain data: no ORM, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """One heading of a document and the body that follows it, up to the next heading.

    ``level`` is the heading's depth as the document states it (1 = top level; plain text
    without numbering has every heading at level 1). The text before the first heading is a
    section with ``level == 0`` and an empty title. ``html`` may be unsanitized: the planner
    sanitizes it. ``position`` is where the section starts in the source: a 1-based line
    number for text formats, a paragraph number for DOCX, a page number for PDF.
    """

    title: str
    level: int
    html: str
    position: int = 0


@dataclass(frozen=True)
class Outline:
    """What an importer read from a document: its sections in order.

    ``title`` is a title the document declares outside its headings (HTML ``<title>``, a DOCX
    "Title" paragraph or core property); empty when it declares none.
    """

    format: str
    sections: tuple[Section, ...]
    title: str = ""


@dataclass(frozen=True)
class LessonPlan:
    title: str
    html: str  # sanitized
    text: str  # plain text of ``html``
    position: int = 0  # source position of the section the lesson starts at


@dataclass(frozen=True)
class ModulePlan:
    title: str
    lessons: tuple[LessonPlan, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CoursePlan:
    title: str
    modules: tuple[ModulePlan, ...]

    @property
    def lessons(self) -> list[LessonPlan]:
        return [lesson for module in self.modules for lesson in module.lessons]

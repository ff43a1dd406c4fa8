"""Reads for the course pages, each in a fixed number of SQL queries however large the course.

Nothing here writes. Access rules are not applied here but in ``courses.permissions``, except
for lists, which take the rule as a query filter from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from infrastructure.cache import versioned_cache

from .caching import course_cache_key
from .models import Course, DocumentUpload, Lesson, Module
from .outline import CoursePlan
from .permissions import imports_documents, manageable_courses_filter, viewable_courses_filter
from .services import ImportResult, document_upload_plan, import_preview

if TYPE_CHECKING:
    from .permissions import AnyUser

EXCERPT_WORDS = 20


def course_catalogue(*, user: AnyUser) -> QuerySet[Course]:
    """The courses ``user`` may view, each annotated with ``lesson_count`` (active lessons)."""
    return (
        Course.objects.filter(viewable_courses_filter(user))
        .annotate(lesson_count=Count("lessons", filter=Q(lessons__is_archived=False)))
        .order_by("title", "pk")
    )


def courses_taught(*, user: AnyUser) -> list[Course]:
    """The courses ``user`` manages (owns or co-teaches), with ``lesson_count``, for their
    dashboard: one query, none for learners (``imports_documents``, kept in the cache). A
    list, not a queryset: even an empty queryset is compiled when it is read."""
    if not imports_documents(user):
        return []
    return list(
        Course.objects.filter(manageable_courses_filter(user))
        .annotate(lesson_count=Count("lessons", filter=Q(lessons__is_archived=False)))
        .order_by("title", "pk")
    )


def course_for_page(*, slug: str) -> Course | None:
    return Course.objects.filter(slug=slug).first()


def _same_title(one: str, other: str) -> bool:
    return one.strip().casefold() == other.strip().casefold()


@dataclass(frozen=True)
class OutlineLesson:
    """An active lesson as the table of contents shows it."""

    pk: int
    title: str
    number: int  # its place among the course's active lessons, from 1
    url: str


@dataclass(frozen=True)
class OutlineModule:
    pk: int
    title: str
    active_lessons: tuple[OutlineLesson, ...]  # in order, never empty


@dataclass(frozen=True)
class CourseOutline:
    """A course's active modules in order, each with its active lessons in order."""

    course: Course
    modules: tuple[OutlineModule, ...]

    @property
    def lessons(self) -> list[OutlineLesson]:
        return [lesson for module in self.modules for lesson in module.active_lessons]

    @property
    def lesson_count(self) -> int:
        return len(self.lessons)

    @property
    def shows_module_titles(self) -> bool:
        """False for a course of one module named like the course: its title adds nothing."""
        return not (
            len(self.modules) == 1 and _same_title(self.modules[0].title, self.course.title)
        )

    @property
    def first_lesson(self) -> OutlineLesson | None:
        return min(self.lessons, key=lambda lesson: lesson.number, default=None)


OUTLINE_CACHE_SECONDS = 600


def course_outline(*, course: Course) -> CourseOutline:
    """The course's table of contents: two queries, or none while its cached copy is current.

    The cache key holds ``course.updated_at``, which saving the course moves on, and so does
    the database at every write to its modules and lessons (courses/caching.py).
    Lesson bodies are not loaded. Each lesson carries its ``url``, reversed once for the
    cached copy rather than on every page. The copy is plain data, not model instances.
    """
    key = course_cache_key("course-outline:3", course)
    cached = versioned_cache.get(key)
    if cached is None:
        cached = _course_outline(course=course)
        versioned_cache.set(key, cached, OUTLINE_CACHE_SECONDS)
    return CourseOutline(course=course, modules=cached)


def _course_outline(*, course: Course) -> tuple[OutlineModule, ...]:
    lessons = (
        Lesson.objects.filter(is_archived=False)
        .only("pk", "title", "module_id")
        .annotate(number=Window(RowNumber(), order_by=[F("position").asc(), F("pk").asc()]))
        .order_by("position", "pk")
    )
    modules = (
        Module.objects.filter(course=course, is_archived=False)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("lessons", queryset=lessons, to_attr="active_lessons"))
    )
    placeholder = 2**31 - 1
    url = reverse("courses:lesson", kwargs={"slug": course.slug, "pk": placeholder})
    before, after = url.split(str(placeholder), 1)
    return tuple(
        OutlineModule(
            pk=module.pk,
            title=module.title,
            active_lessons=tuple(
                OutlineLesson(
                    pk=lesson.pk,
                    title=lesson.title,
                    number=lesson.number,
                    url=f"{before}{lesson.pk}{after}",
                )
                for lesson in module.active_lessons
            ),
        )
        for module in modules
        # A module whose lessons are all archived has nothing to show.
        if module.active_lessons
    )


LESSON_CACHE_SECONDS = 600


def lesson_for_page(*, slug: str, pk: int) -> Lesson | None:
    """An active lesson of the course ``slug``, with its course, module and quiz, or None:
    one query (the course), and one more while the lesson is not cached.

    The lesson, its module and its quiz are kept under the course's ``updated_at``, which the
    database moves on at every write to any of them (courses/caching.py). Its plain text,
    which no page shows, is not loaded."""
    course = course_for_page(slug=slug)
    if course is None:
        return None
    key = course_cache_key("lesson-page:1", course, pk)
    kept: Lesson | None = versioned_cache.get(key)
    if kept is None:
        kept = (
            Lesson.objects.select_related("module", "quiz")
            .defer("text")
            .filter(course=course, pk=pk, is_archived=False)
            .first()
        )
        if kept is None:
            return None
        versioned_cache.set(key, kept, LESSON_CACHE_SECONDS)  # without its course: set below
    kept.course = course
    return kept


@dataclass(frozen=True)
class LessonNeighbours:
    previous: OutlineLesson | None
    next: OutlineLesson | None
    number: int  # the lesson's place among the course's active lessons, from 1
    total: int  # how many active lessons the course has


def lesson_neighbours(*, lesson: Lesson, outline: CourseOutline) -> LessonNeighbours:
    """The active lessons before and after ``lesson`` in course order, and where it stands.

    Read from the course's ``outline`` (which the lesson page loads anyway): no query.
    """
    lessons = outline.lessons
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    return LessonNeighbours(
        previous=lessons[index - 1] if index > 0 else None,
        next=lessons[index + 1] if index + 1 < len(lessons) else None,
        number=index + 1,
        total=len(lessons),
    )


def document_upload_for_preview(*, pk: int) -> DocumentUpload | None:
    return (
        DocumentUpload.objects.select_related("target_course", "imported_course")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class PreviewLesson:
    title: str
    words: int
    excerpt: str  # the first words of the lesson's text


@dataclass(frozen=True)
class PreviewModule:
    title: str
    lessons: list[PreviewLesson]


@dataclass(frozen=True)
class UploadPreview:
    """What confirming an upload would make: the planned course and, when it updates the
    course chosen, what would change in it (``result.created`` is False then)."""

    plan: CoursePlan
    result: ImportResult
    modules: list[PreviewModule]

    @property
    def lesson_count(self) -> int:
        return len(self.plan.lessons)

    @property
    def shows_module_titles(self) -> bool:
        return not (len(self.modules) == 1 and _same_title(self.modules[0].title, self.plan.title))


def _excerpt(text: str) -> str:
    words = text.split()
    excerpt = " ".join(words[:EXCERPT_WORDS])
    return f"{excerpt} …" if len(words) > EXCERPT_WORDS else excerpt


def document_upload_preview(*, upload: DocumentUpload) -> UploadPreview:
    """What confirming ``upload`` would do, from its stored plan (DocumentError if it has
    none and the document can no longer be read)."""
    plan = document_upload_plan(upload=upload)
    slug = upload.target_course.slug if upload.target_course else ""
    modules = [
        PreviewModule(
            title=module.title,
            lessons=[
                PreviewLesson(
                    title=lesson.title,
                    words=len(lesson.text.split()),
                    excerpt=_excerpt(lesson.text),
                )
                for lesson in module.lessons
            ],
        )
        for module in plan.modules
    ]
    return UploadPreview(plan=plan, result=import_preview(plan=plan, slug=slug), modules=modules)

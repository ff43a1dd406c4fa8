"""Writes for the course stage of the pipeline: CoursePlan → Course, Module and Lesson rows.

Every write goes through a keyword-only function here; views and commands call these.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .importers import read_document
from .models import Course, DocumentUpload, Lesson, Module
from .outline import CoursePlan, LessonPlan, ModulePlan
from .planning import plan_course
from .sanitize import html_to_text, sanitize_html

if TYPE_CHECKING:
    from accounts.models import User

Progress = Callable[[int], None]


def content_hash(text: str) -> str:
    """Digest of a lesson's plain text, blind to differences in white space only."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def title_from_filename(filename: str) -> str:
    stem = PurePath(filename).stem.replace("_", " ").replace("-", " ").strip()
    return " ".join(stem.split()).capitalize()


def course_slug_for(title: str) -> str:
    return slugify(title)[:100].strip("-") or "course"


def course_slug_unused(base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first slug no course has yet."""
    taken = set(Course.objects.filter(slug__startswith=base[:90]).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base[:90]}-{number}"
    return slug


def _course_create_unique(*, title: str, **fields: Any) -> Course:
    """A new course titled ``title`` under the first slug no course has. Two imports of one
    title at once may both find the same slug free: the second's insert then fails on the
    unique slug, inside a savepoint, and it takes the next one."""
    base = course_slug_for(title)
    for _attempt in range(20):
        try:
            with transaction.atomic():
                return Course.objects.create(title=title, slug=course_slug_unused(base), **fields)
        except IntegrityError:
            continue
    raise IntegrityError(f"no free slug for “{title}” after 20 tries")


@dataclass
class ImportResult:
    """What an import did (or, for a preview, would do), lesson titles in course order."""

    course: Course
    created: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Ids of the lessons whose text is new to the course: later stages (drafts) redo these.
    new_text_lesson_ids: list[int] = field(default_factory=list)

    def counts_text(self) -> str:
        return _(
            "%(added)d added, %(changed)d changed, %(archived)d archived, %(unchanged)d unchanged"
        ) % {
            "added": len(self.added),
            "changed": len(self.changed),
            "archived": len(self.archived),
            "unchanged": len(self.unchanged),
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.added or self.changed or self.archived)


@dataclass
class _LessonMatch:
    planned: LessonPlan
    existing: Lesson | None
    hash: str


def _match_lessons(planned: list[LessonPlan], existing: Iterable[Lesson]) -> list[_LessonMatch]:
    """Pair each planned lesson with the existing lesson it continues, if any.

    Same text first (a lesson whose text is unchanged keeps its identity even if moved or
    renamed), then same title (an edited lesson stays the same lesson), each existing lesson
    used once. Active lessons are preferred over archived ones, earlier over later.
    """
    by_hash: dict[str, list[Lesson]] = defaultdict(list)
    by_title: dict[str, list[Lesson]] = defaultdict(list)
    for lesson in sorted(existing, key=lambda item: (item.is_archived, item.position, item.pk)):
        by_hash[lesson.content_hash].append(lesson)
        by_title[lesson.title.casefold().strip()].append(lesson)

    used: set[int] = set()

    def take(candidates: list[Lesson]) -> Lesson | None:
        for candidate in candidates:
            if candidate.pk not in used:
                used.add(candidate.pk)
                return candidate
        return None

    matches = [_LessonMatch(plan, None, content_hash(plan.text)) for plan in planned]
    for match in matches:
        match.existing = take(by_hash.get(match.hash, []))
    for match in matches:
        if match.existing is None:
            match.existing = take(by_title.get(match.planned.title.casefold().strip(), []))
    return matches


def _classify(result: ImportResult, match: _LessonMatch) -> bool:
    """Record what happens to the lesson; True unless it is unchanged."""
    lesson, plan = match.existing, match.planned
    if lesson is None or lesson.is_archived:
        result.added.append(plan.title)
    elif lesson.title == plan.title and lesson.html == plan.html:
        result.unchanged.append(plan.title)
        return False
    else:
        result.changed.append(plan.title)
    return True


def import_preview(*, plan: CoursePlan, slug: str = "") -> ImportResult:
    """What ``course_import`` would do with ``plan``, without writing anything."""
    slug = slug or course_slug_unused(course_slug_for(plan.title))
    course = Course.objects.filter(slug=slug).first()
    if course is None:
        result = ImportResult(course=Course(title=plan.title, slug=slug), created=True)
        result.added = [lesson.title for lesson in plan.lessons]
        return result
    result = ImportResult(course=course)
    existing = list(course.lessons.all())
    matches = _match_lessons(plan.lessons, existing)
    for match in matches:
        _classify(result, match)
    matched = {match.existing.pk for match in matches if match.existing is not None}
    result.archived = [
        les.title for les in existing if not les.is_archived and les.pk not in matched
    ]
    return result


@transaction.atomic
def course_import(
    *,
    plan: CoursePlan,
    slug: str = "",
    owner: User | None = None,
    source_name: str = "",
    source_sha256: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Create the course ``plan`` describes, or update the course with ``slug`` in place.

    Without ``slug``, always a new course, its slug from its title made unique (``-2``, ``-3``
    …): titles may repeat, and a course is only ever updated when named. Taking over the
    course that happened to have the title's slug would have archived another instructor's
    lessons, and refusing would have told them that course exists.

    Unchanged lessons keep their rows (and so learners' progress); edited ones are updated;
    lessons no longer in the document are archived, never deleted. One transaction, and a
    number of queries that does not depend on the number of lessons (bulk writes).
    """
    fields = {"owner": owner, "source_name": source_name, "source_sha256": source_sha256}
    course = None
    if slug:
        # The row lock serialises two imports into the same course; the second sees the
        # first's lessons instead of matching against a stale list.
        course = Course.objects.select_for_update().filter(slug=slug).first()
    created = course is None
    if course is None and slug:
        course = Course.objects.create(title=plan.title, slug=slug, **fields)
    elif course is None:
        course = _course_create_unique(title=plan.title, **fields)
    else:
        course.title = plan.title
        course.source_name = source_name or course.source_name
        course.source_sha256 = source_sha256 or course.source_sha256
        if owner is not None and course.owner_id is None:
            course.owner = owner
        course.save()
    result = ImportResult(course=course, created=created)

    modules = _import_modules(course=course, plan=plan)

    existing = [] if created else list(course.lessons.all())
    to_create: list[Lesson] = []
    to_update: list[Lesson] = []
    revised: list[Lesson] = []  # added or changed, in course order
    matches = _match_lessons(plan.lessons, existing)
    lesson_modules = [
        module
        for plan_module, module in zip(plan.modules, modules, strict=True)
        for _ in plan_module.lessons
    ]
    for position, (match, module) in enumerate(zip(matches, lesson_modules, strict=True), start=1):
        is_revised = _classify(result, match)
        values = {
            "module_id": module.pk,
            "title": match.planned.title,
            "position": position,
            "html": match.planned.html,
            "text": match.planned.text,
            "content_hash": match.hash,
            "source_position": match.planned.position,
            "is_archived": False,
        }
        lesson = match.existing
        if lesson is None:
            lesson = Lesson(course=course, **values)
            to_create.append(lesson)
        elif any(getattr(lesson, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(lesson, name, value)
            to_update.append(lesson)
        if is_revised:
            revised.append(lesson)
        if progress is not None:
            progress(1)

    kept = {match.existing.pk for match in matches if match.existing is not None}
    for lesson in existing:
        if not lesson.is_archived and lesson.pk not in kept:
            lesson.is_archived = True
            to_update.append(lesson)
            result.archived.append(lesson.title)

    # No batch_size: one INSERT as large as the database allows (see infrastructure/db/sqlite3).
    Lesson.objects.bulk_create(to_create)
    if to_update:
        now = timezone.now()
        for lesson in to_update:
            lesson.updated_at = now
        Lesson.objects.bulk_update(
            to_update,
            [
                "module",
                "title",
                "position",
                "html",
                "text",
                "content_hash",
                "source_position",
                "is_archived",
                "updated_at",
            ],
            batch_size=500,
        )
    result.new_text_lesson_ids = [lesson.pk for lesson in revised]
    return result


def _import_modules(*, course: Course, plan: CoursePlan) -> list[Module]:
    """Modules for the plan's modules in order, reusing existing ones by title."""
    existing: dict[str, list[Module]] = defaultdict(list)
    for module in course.modules.all():
        existing[module.title.casefold().strip()].append(module)
    modules: list[Module] = []
    to_create: list[Module] = []
    to_update: list[Module] = []
    for position, module_plan in enumerate(plan.modules, start=1):
        candidates = existing.get(module_plan.title.casefold().strip())
        if candidates:
            module = candidates.pop(0)
            wanted = (module_plan.title, position, False)
            if (module.title, module.position, module.is_archived) != wanted:
                module.title, module.position, module.is_archived = wanted
                to_update.append(module)
        else:
            module = Module(course=course, title=module_plan.title, position=position)
            to_create.append(module)
        modules.append(module)
    for leftovers in existing.values():
        for module in leftovers:
            if not module.is_archived:
                module.is_archived = True
                to_update.append(module)
    Module.objects.bulk_create(to_create)
    if to_update:
        Module.objects.bulk_update(to_update, ["title", "position", "is_archived"], batch_size=500)
    return modules


def plan_from_document(*, data: bytes, filename: str, title: str = "") -> CoursePlan:
    """Read a document (raising DocumentError when it cannot be) and plan its course."""
    outline = read_document(data=data, filename=filename)
    return plan_course(outline, title=title, fallback_title=title_from_filename(filename))


def document_import(
    *,
    data: bytes,
    filename: str,
    title: str = "",
    slug: str = "",
    owner: User | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """The whole import: document bytes → outline → plan → course rows."""
    plan = plan_from_document(data=data, filename=filename, title=title)
    return course_import(
        plan=plan,
        slug=slug,
        owner=owner,
        source_name=PurePath(filename).name,
        source_sha256=hashlib.sha256(data).hexdigest(),
        progress=progress,
    )


def plan_from_export(data: dict) -> CoursePlan:
    """A plan from ``export_course`` JSON, so that export → import → export is identical."""
    modules = []
    for module in data.get("modules", []):
        lessons = []
        for lesson in module.get("lessons", []):
            html = sanitize_html(lesson.get("html", ""))
            lessons.append(LessonPlan(title=lesson["title"], html=html, text=html_to_text(html)))
        modules.append(ModulePlan(title=module["title"], lessons=tuple(lessons)))
    return CoursePlan(title=data["title"], modules=tuple(modules))


# The stored plan's layout; a plan stored under another version is planned again.
PLAN_VERSION = 1


def plan_to_json(plan: CoursePlan) -> bytes:
    modules = [
        {
            "title": module.title,
            "lessons": [
                [lesson.title, lesson.html, lesson.text, lesson.position]
                for lesson in module.lessons
            ],
        }
        for module in plan.modules
    ]
    document = {"version": PLAN_VERSION, "title": plan.title, "modules": modules}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def plan_from_json(data: bytes) -> CoursePlan | None:
    """The plan ``plan_to_json`` wrote, or None when it was written in another layout."""
    try:
        document = json.loads(data)
    except ValueError:
        return None
    if not isinstance(document, dict) or document.get("version") != PLAN_VERSION:
        return None
    return CoursePlan(
        title=document["title"],
        modules=tuple(
            ModulePlan(
                title=module["title"],
                lessons=tuple(
                    LessonPlan(title=title, html=html, text=text, position=position)
                    for title, html, text, position in module["lessons"]
                ),
            )
            for module in document["modules"]
        ),
    )


def _plan_name(upload: DocumentUpload) -> str:
    return f"{upload.file.name}.plan.json"


def _plan_store(*, upload: DocumentUpload, plan: CoursePlan) -> None:
    storage, name = upload.file.storage, _plan_name(upload)
    storage.delete(name)  # a stale plan would make the storage choose another name
    storage.save(name, ContentFile(plan_to_json(plan)))


def document_upload_plan(*, upload: DocumentUpload) -> CoursePlan:
    """The plan of an upload, as its preview showed it: the document is read once, at the
    upload, and its plan kept beside it for the preview and the confirm. An upload kept
    without one (or with one in an older layout) is read again (DocumentError if it can no
    longer be) and its plan kept."""
    storage, name = upload.file.storage, _plan_name(upload)
    if storage.exists(name):
        with storage.open(name, "rb") as stream:
            plan = plan_from_json(stream.read())
        if plan is not None:
            return plan
    with upload.file.open("rb") as stream:
        data = stream.read()
    plan = plan_from_document(
        data=data, filename=upload.original_name, title=upload.requested_title
    )
    _plan_store(upload=upload, plan=plan)
    return plan


def document_upload_create(
    *,
    data: bytes,
    filename: str,
    user: User,
    title: str = "",
    target_course: Course | None = None,
    plan: CoursePlan | None = None,
) -> DocumentUpload:
    """Keep an uploaded document, and its plan, until its owner confirms the outline preview.

    ``plan`` is the plan the upload form made of the document (read here if not given), so
    neither the preview nor the confirm has to read the document again.
    """
    if plan is None:
        plan = plan_from_document(data=data, filename=filename, title=title)
    upload = DocumentUpload(
        original_name=PurePath(filename).name[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
        requested_title=title,
        target_course=target_course,
        uploaded_at=timezone.now(),
    )
    upload.file.save("document.bin", ContentFile(data), save=False)
    _plan_store(upload=upload, plan=plan)
    upload.save()
    return upload


def lesson_update(*, lesson: Lesson, title: str, html: str) -> Lesson:
    """An edit by hand (admin or instructor): sanitize and keep the derived fields in step."""
    lesson.title = title
    lesson.html = sanitize_html(html)
    lesson.text = html_to_text(lesson.html)
    lesson.content_hash = content_hash(lesson.text)
    lesson.save()
    return lesson

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Course(models.Model):
    """A course built from one document; re-importing the document updates it in place."""

    class Completion(models.TextChoices):
        MANUAL = "manual", _("The learner marks each lesson complete")
        QUIZ = "quiz", _("A lesson is complete when its quiz is passed")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_courses",
    )
    # The file the course was last imported from, and a digest of its bytes, so a re-import of
    # the very same file can be recognised.
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    is_published = models.BooleanField(_("published"), default=True)
    # Teach and manage the course beside its owner.
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-instructors"),
        blank=True,
        related_name="co_taught_courses",
    )
    self_enrolment = models.BooleanField(_("learners may enrol themselves"), default=True)
    # Off by default: every lesson is open. On: a lesson opens once the previous lesson's quiz
    # is passed.
    gating = models.BooleanField(_("lessons open in order"), default=False)
    completion = models.CharField(
        _("lesson completion"),
        max_length=16,
        choices=Completion.choices,
        default=Completion.MANUAL,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:outline", kwargs={"slug": self.slug})


class Module(models.Model):
    """A group of lessons: a top-level heading of the document."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="modules"
    )
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Archived modules are gone from the latest import but kept for their lessons' history.
    is_archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    """One section of the document. Its identity survives re-imports that leave its text as
    it was, so that learners' progress on it is kept."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="lessons"
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="lessons"
    )
    title = models.CharField(_("title"), max_length=300)
    # Order across the whole course (not per module), so previous/next is one comparison.
    position = models.PositiveIntegerField(_("position"), default=0)
    html = models.TextField(_("body (HTML)"), blank=True, help_text=_("Sanitized on save."))
    text = models.TextField(_("body (plain text)"), blank=True)
    # Digest of the lesson's plain text: how a re-import recognises an unchanged lesson.
    content_hash = models.CharField(max_length=64, db_index=True, editable=False)
    # Where the section started in the source document (line, paragraph or page number).
    source_position = models.PositiveIntegerField(default=0, editable=False)
    # Removed from the document by a later import; kept so progress history stays intact.
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [models.Index(fields=["course", "is_archived", "position"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:lesson", kwargs={"slug": self.course.slug, "pk": self.pk})


def _upload_path(instance: DocumentUpload, filename: str) -> str:
    # The stored name is never the user's: it is neither trusted nor shown back as a URL.
    return f"documents/{instance.uploaded_at:%Y/%m}/{instance.sha256[:16]}.bin"


class DocumentUpload(models.Model):
    """A document an instructor uploaded, kept between the outline preview and the confirm.

    Stored under MEDIA_ROOT, which no URL serves, so any worker can pick the confirm up.
    """

    file = models.FileField(upload_to=_upload_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_uploads"
    )
    # What the uploader asked for: a course title, and the course to update (empty: a new one).
    requested_title = models.CharField(max_length=300, blank=True)
    target_course = models.ForeignKey(Course, on_delete=models.SET_NULL, null=True, blank=True)
    uploaded_at = models.DateTimeField()
    imported_course = models.ForeignKey(
        Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document upload")
        verbose_name_plural = _("document uploads")

    def __str__(self) -> str:
        return self.original_name

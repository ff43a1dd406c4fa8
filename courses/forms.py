"""The document upload form: it reads and plans the document, so a broken one never gets stored."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .importers import DocumentError
from .importers.detect import EXTENSIONS
from .models import Course
from .outline import CoursePlan
from .permissions import manageable_courses_filter
from .services import plan_from_document

if TYPE_CHECKING:
    from .permissions import AnyUser


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("Plain text, Markdown, HTML, Word (.docx) or PDF with a text layer."),
        widget=forms.FileInput(attrs={"accept": ",".join(sorted(EXTENSIONS))}),
    )
    title = forms.CharField(
        label=_("Course title"),
        max_length=300,
        required=False,
        help_text=_(
            "Leave empty to take the title from the document (or, when updating, to keep the "
            "course's title)."
        ),
    )
    course = forms.ModelChoiceField(
        label=_("Update an existing course"),
        queryset=Course.objects.none(),
        required=False,
        empty_label=_("No: create a new course"),
        help_text=_(
            "Unchanged lessons keep their learners' progress; lessons no longer in the document "
            "are archived."
        ),
    )

    def __init__(self, *args: Any, user: AnyUser, course_slug: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.plan: CoursePlan | None = None
        self.data_bytes = b""
        courses = Course.objects.filter(manageable_courses_filter(user)).order_by("title", "pk")
        field = self.fields["course"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = courses
        if not courses.exists():
            del self.fields["course"]
        elif course_slug and not self.is_bound:
            self.initial["course"] = courses.filter(slug=course_slug).first()
        self.fields["file"].help_text = _("%(formats)s Up to %(limit)s.") % {
            "formats": self.fields["file"].help_text,
            "limit": filesizeformat(settings.DOCENT_IMPORT_MAX_BYTES),
        }
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(Submit("submit", _("Upload and preview")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        limit = settings.DOCENT_IMPORT_MAX_BYTES
        if upload.size > limit:
            self.add_error(
                "file",
                _("The file is %(size)s; the largest document Docent imports is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
            return cleaned
        target: Course | None = cleaned.get("course")
        title = cleaned.get("title", "").strip() or (target.title if target else "")
        data = upload.read()
        try:
            plan = plan_from_document(data=data, filename=upload.name, title=title)
        except DocumentError as error:
            self.add_error("file", str(error))
            return cleaned
        cleaned["course"] = target
        cleaned["title"] = title
        self.plan = plan
        self.data_bytes = data
        return cleaned

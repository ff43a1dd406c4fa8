from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What instructors read about a course: progress, gradebook, question statistics."""

    name = "reports"
    verbose_name = _("Reports")

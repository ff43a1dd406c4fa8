from django.apps import AppConfig


class DocentConfig(AppConfig):
    """The project itself as an app: its deploy checks."""

    name = "docent"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)

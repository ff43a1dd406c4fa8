from django.apps import AppConfig


class InfrastructureConfig(AppConfig):
    """Shared infrastructure as an app, so that its template tags are found."""

    name = "infrastructure"

from __future__ import annotations

from .views import urlpatterns

app_name = "practice"

__all__ = ["urlpatterns"]

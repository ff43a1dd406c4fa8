from __future__ import annotations

from .views import urlpatterns

app_name = "reports"

__all__ = ["app_name", "urlpatterns"]

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "docent.settings")

application = get_wsgi_application()

# Import every URLconf and view while the worker boots, not in its first requests: a worker
# (re)started in the middle of an exam would otherwise keep its first learners waiting.
get_resolver().url_patterns  # noqa: B018

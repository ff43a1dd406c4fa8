"""gunicorn settings for `make serve` (bin/serve), from the environment.

Workers keep no state of their own (sessions and cache in Redis, the rest in PostgreSQL), so
any number of them, on any number of machines, may answer any request.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
# Recycle workers now and then, a little apart, so none grows without bound.
max_requests = 2000
max_requests_jitter = 200
# No access log: docent.request already writes one JSON line per request. gunicorn's own
# lines (start, stop, worker timeouts) are JSON too, like every other line.
accesslog = None
# gunicorn's control socket sits at one path per user (~/.gunicorn): two servers on one machine
# would take it from each other, and nothing here uses it.
control_socket_disable = True
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "docent.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

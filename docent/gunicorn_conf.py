"""gunicorn settings for `make serve` (bin/serve), from the environment.

Workers keep no state of their own (sessions and cache in Redis, the rest in PostgreSQL), so
any number of them, on any number of machines, may answer any request.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# One worker per core, and one. gunicorn's rule of thumb (two per core, and one) is for
# single-threaded workers; these have threads for the waits, and more processes than that only
# take the cores from each other. bench/quiz_load.py on 2 cores, run after run at the same
# hour: 3 workers gave a submit p95 of 0.40-0.49 s, 5 workers 0.82-1.33 s.
workers = int(os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) + 1)))
# Threads, because a request spends much of its time waiting for PostgreSQL and Redis: while
# one waits, another of the same worker runs. bench/quiz_load.py on 2 cores: 5 workers of 4
# threads answered 78 requests per second, 5 workers of one thread 69.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
# Recycle workers now and then, a little apart, so none grows without bound. Not too often:
# a worker takes over a second of CPU to boot.
max_requests = 10000
max_requests_jitter = 1000
# No access log: docent.request already writes one JSON line per request. gunicorn's own
# lines (start, stop, worker timeouts) are JSON too, like every other line.
accesslog = None
# gunicorn's control socket sits at one path per user (~/.gunicorn): two servers on one machine
# would take it from each other, and nothing here uses it.
control_socket_disable = True
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "infrastructure.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {
            "handlers": ["console"],
            "level": os.environ.get("LOG_LEVEL", "INFO"),
            "propagate": False,
        }
    },
}

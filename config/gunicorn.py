"""gunicorn's settings in the image (Dockerfile CMD): the port, the workers, JSON logs.

WEB_CONCURRENCY sets the number of sync workers (gunicorn's own variable; each keeps one
PostgreSQL connection, README "Database connections"). gunicorn's access log stays off: the
application writes one JSON line per request itself, with its id (config/request_log.py).
"""

import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A worker silent this long is restarted; the largest exports stream well within it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# Restart each worker after some requests, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
accesslog = None
# No runtime control socket: nothing in the container uses it, and its default place is under
# the home folder, which the non-root user cannot write to.
control_socket_disable = True
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        }
    },
    "handlers": {
        "json": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    # Replaces gunicorn's own default (a root handler this dict no longer defines); Django's
    # LOGGING takes the root over once the application is loaded.
    "root": {"handlers": ["json"], "level": "INFO"},
    "loggers": {"gunicorn.error": {"handlers": ["json"], "level": "INFO", "propagate": False}},
}

"""One log line per request, and the request's id on every line logged while it is served.

Production writes these records as JSON to stdout (config/settings/production.py, LOGGING), one
object a line, for the town's log collector (journald, Loki, Elasticsearch...). Each request gets
an id: the reverse proxy's `X-Request-ID` when it sends a plausible one (nginx: `$request_id`), a
new one otherwise; it is sent back in the response's `X-Request-ID` header and carried by every
record logged while the request is served, Django's error records (with their traceback)
included, so one failure's lines can be found together.
"""

import contextvars
import logging
import re
import time
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id looks like; anything else (too long, odd characters) is replaced, so a
# client cannot write what it likes into the logs.
PLAUSIBLE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

request_id = contextvars.ContextVar("request_id", default=None)
request_path = contextvars.ContextVar("request_path", default=None)
logger = logging.getLogger("cadre_de_vie.requests")


class RequestLog:
    """Middleware, first in the list: it sees every response, the error pages included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        current = sent if PLAUSIBLE_ID.match(sent) else uuid.uuid4().hex
        # Kept on the request too: Django logs an error response after every middleware has
        # returned (the context below is gone by then), with the request in the record.
        request.request_id = current
        id_token = request_id.set(current)
        path_token = request_path.set(request.path)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = current
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(id_token)
            request_path.reset(path_token)


class RequestContext(logging.Filter):
    """Adds the current request's id and path to every record (None outside a request).

    Django's `django.request` records carry the request object itself: it is replaced by what is
    worth reading (and never the cookies or headers it holds)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id.get()
        if getattr(record, "path", None) is None:
            record.path = getattr(request, "path", None) or request_path.get()
        if hasattr(record, "request"):
            del record.request
        if hasattr(record, "status_code") and not hasattr(record, "status"):
            record.status = record.status_code
            del record.status_code
        return True

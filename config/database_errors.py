"""When PostgreSQL is down or restarting: a 503 with a sentence, never a bare "Server Error".

Every request opens its transaction first (ATOMIC_REQUESTS), so a database that does not answer
fails the request before anything is written; Django then calls the 500 handler, which asks here
whether the error was the database being away. If it was, the answer is a 503 with `Retry-After`:
JSON under /api/ and /ogc/, a plain French page elsewhere (rendered without touching the
database: no session, no user). The next request reconnects (`CONN_HEALTH_CHECKS`), so the site
serves again as soon as the database is back, without a restart.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
# SQLSTATE classes that mean "the server is not there for you now": connection exceptions (08)
# and the server shutting down or starting up (57P01-57P05). A cancelled query (57014) is not one.
UNAVAILABLE_SQLSTATES = ("08", "57P")


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) says the database cannot be reached."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    if isinstance(error, InterfaceError):
        return True
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(UNAVAILABLE_SQLSTATES)


def current_error_is_database_unavailable() -> bool:
    """Called from Django's 500 handler, inside the `except` that caught the error."""
    return is_database_unavailable(sys.exc_info()[1])


def unavailable_message() -> str:
    return _(
        "The service is unavailable for a moment: its database does not answer. Nothing you "
        "sent was half saved. Try again in a few seconds."
    )


def database_unavailable_response(request, *, wants_json: bool) -> HttpResponse:
    logger.warning("Database unavailable: %s answered 503", request.path)
    if wants_json:
        response = JsonResponse(
            {"detail": unavailable_message()},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        page = render_to_string("503.html", {"message": unavailable_message()})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

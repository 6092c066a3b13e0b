"""The one place where a refusal becomes an API answer: JSON with a French sentence, never a 500.

- `exception_handler` (REST_FRAMEWORK["EXCEPTION_HANDLER"]): a service's Django
  `ValidationError` becomes a 400 keyed by field, `VersionConflict` a 412, `VersionRequired` a
  428, a limit on writes (`WriteThrottled`, accounts/throttling.py) a 429 with
  `Retry-After`, `PermissionDenied` a 403, `Http404` a 404, a body over the size limit a 413;
  a database refusal (`IntegrityError`, `DataError`) a 409 or a 400 with a sentence, never
  the constraint's name; a database that does not answer a 503 with `Retry-After`
  (config/database_errors.py). Views then just call the services.
- The JSON parser (config/parsers.py) bounds the body's size and depth; its refusals and DRF's
  English "JSON parse error - …" arrive here as sentences.
- `bad_request`, `page_not_found`, `permission_denied`, `server_error`: Django's error views,
  answering JSON under /api/ and /ogc/ (an oversized body refused before any view runs, an
  unknown address) and Django's own page elsewhere; the 500 handler answers 503 when the error
  was the database being away.
- `RefuseNulCharacters`: a middleware refusing a NUL character in the path or the query string,
  which PostgreSQL cannot store or compare, before any view turns it into a database error.
"""

import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.urls import Resolver404
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from accounts.throttling import WriteThrottled
from config.database_errors import (
    RETRY_AFTER_SECONDS,
    current_error_is_database_unavailable,
    database_unavailable_response,
    is_database_unavailable,
    unavailable_message,
)
from config.parsers import PayloadTooLarge, too_large, unreadable_json
from territory.concurrency import VersionConflict, VersionRequired

logger = logging.getLogger(__name__)

JSON_PREFIXES = ("/api/", "/ogc/")


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "version_conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "version_required"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "database_unavailable"


class TooManyWrites(exceptions.APIException):
    """A limit on writes reached; DRF's handler writes `Retry-After` from `wait`. Not DRF's
    `Throttled`, which would append an English-built sentence to the French one."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, detail, *, wait: int):
        super().__init__(detail)
        self.wait = wait


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _as_api_exception(exc):
    """The DRF exception that says what `exc` means, or `exc` itself."""
    if isinstance(exc, WriteThrottled):
        return TooManyWrites(exc.message, wait=exc.wait)
    if isinstance(exc, DjangoValidationError):
        return serializers.ValidationError(serializers.as_serializer_error(exc))
    if isinstance(exc, VersionConflict):
        return PreconditionFailed(str(exc))
    if isinstance(exc, VersionRequired):
        return PreconditionRequired(str(exc))
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge(too_large())
    if isinstance(exc, exceptions.ParseError) and str(exc.detail).startswith("JSON parse error"):
        return exceptions.ParseError(unreadable_json())
    if is_database_unavailable(exc):
        return ServiceUnavailable(unavailable_message())
    if isinstance(exc, IntegrityError):
        logger.warning("Integrity error turned into a 409: %s", exc)
        return Conflict(
            _(
                "This could not be saved: it conflicts with what is already stored. Reload the "
                "page and try again."
            )
        )
    if isinstance(exc, DataError):
        logger.warning("Data error turned into a 400: %s", exc)
        return exceptions.ValidationError(
            {
                "non_field_errors": [
                    _(
                        "A value sent cannot be stored (a number too large, a character that "
                        "is not allowed): check what you typed."
                    )
                ]
            }
        )
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError(_("The request is malformed."))
    return exc


def _location(exc) -> list[float] | None:
    """[lon, lat] of the place a refused geometry is wrong (territory.geometry.invalidity_error)."""
    if not isinstance(exc, DjangoValidationError) or not hasattr(exc, "error_dict"):
        return None
    for errors in exc.error_dict.values():
        for error in errors:
            if isinstance(error.params, dict) and "location" in error.params:
                return error.params["location"]
    return None


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every refusal as JSON with a sentence.

    A refused geometry also says where it is wrong, `"location": [lon, lat]`, for the map.
    """
    location = _location(exc)
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    if response is not None and location is not None and isinstance(response.data, dict):
        response.data["location"] = location
    if response is not None:
        # Whatever a view wrote before it was refused is not kept (ATOMIC_REQUESTS).
        set_rollback()
    return response


# Django's error views -----------------------------------------------------------------------


def _wants_json(request) -> bool:
    return request.path.startswith(JSON_PREFIXES)


def _json_error(message: str, status_code: int) -> JsonResponse:
    return JsonResponse(
        {"detail": message}, status=status_code, json_dumps_params={"ensure_ascii": False}
    )


def bad_request(request, exception, *args, **kwargs):
    if not _wants_json(request):
        return defaults.bad_request(request, exception, *args, **kwargs)
    if isinstance(exception, RequestDataTooBig):
        return _json_error(too_large(), 413)
    return _json_error(_("The request is malformed."), 400)


def permission_denied(request, exception, *args, **kwargs):
    if not _wants_json(request):
        return defaults.permission_denied(request, exception, *args, **kwargs)
    message = str(exception) if exception and str(exception) else None
    return _json_error(message or _("You are not allowed to do this."), 403)


def page_not_found(request, exception, *args, **kwargs):
    if not _wants_json(request):
        return defaults.page_not_found(request, exception, *args, **kwargs)
    message = None
    if isinstance(exception, Http404) and not isinstance(exception, Resolver404):
        message = str(exception)
    return _json_error(message or _("There is nothing at this address."), 404)


def server_error(request, *args, **kwargs):
    if current_error_is_database_unavailable():
        return database_unavailable_response(request, wants_json=_wants_json(request))
    if not _wants_json(request):
        return defaults.server_error(request, *args, **kwargs)
    return _json_error(_("Something went wrong on our side; the team has been told."), 500)


class RefuseNulCharacters:
    """A NUL character in the path or the query string is refused with a 400 and a sentence.

    PostgreSQL cannot hold or compare one, so every filter, search or INSEE code that reached
    the database with it would end in a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            message = _("The address holds a NUL character (%00), which is not accepted.")
            if _wants_json(request):
                return _json_error(message, 400)
            return HttpResponseBadRequest(
                format_html('<!doctype html><html lang="fr"><title>{0}</title><p>{0}</p>', message)
            )
        return self.get_response(request)


__all__ = [
    "bad_request",
    "exception_handler",
    "page_not_found",
    "permission_denied",
    "server_error",
]

"""Concurrent edits are detected: reads carry an ETag, writes may send it back in If-Match.

A write whose If-Match no longer matches the stored version is refused with 412 and a
sentence, so two people editing the same proposal never silently overwrite each other.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException


class VersionConflict(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "Someone changed this in the meantime: reload it, then make your change again."
    )
    default_code = "version_conflict"


def etag(obj) -> str:
    """The version of a stored object, from its last update."""
    return f'"{obj.pk}-{obj.updated_at.timestamp():.6f}"'


def check_if_match(request, obj) -> None:
    """Refuse the write when the client's If-Match names another version than the stored one."""
    wanted = request.headers.get("If-Match")
    if wanted and wanted.strip() != "*" and etag(obj) not in {t.strip() for t in wanted.split(",")}:
        raise VersionConflict()

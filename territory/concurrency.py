"""One version tag for every stored resource, and the refusals of a stale or missing one.

Reads carry `ETag: etag(obj)`; a write may send it back in `If-Match`. The services compare
it under a row lock (`select_for_update`), so two writers cannot both pass the check; the API
error handler (config/api_errors.py) answers `VersionConflict` with 412 and `VersionRequired`
with 428.
"""

from django.utils.translation import gettext as _


class VersionConflict(Exception):
    """The object was saved by someone else since the version the writer read."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _("Someone changed this in the meantime: reload it, then make your change again.")
        )


class VersionRequired(Exception):
    """A write that must name the version it changes (If-Match) did not."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _("Send the version you are changing (the ETag you read, in an If-Match header).")
        )


def etag(obj) -> str:
    """The version of a stored object for HTTP: its key and its last update, in microseconds."""
    return f'"{obj.pk}-{int(obj.updated_at.timestamp() * 1_000_000)}"'


def check_version(
    obj, expected: str | None, *, required: bool = False, message: str | None = None
) -> None:
    """Refuse when `expected` (an If-Match value) names another version than `obj`'s.

    `*` matches any version; an absent value passes unless `required`. Call it on a row read
    with `select_for_update()` inside the write's transaction.
    """
    if not expected or not expected.strip():
        if required:
            raise VersionRequired()
        return
    wanted = {tag.strip() for tag in expected.split(",")}
    # A weak tag (W/"...") names the same version: the representation does not matter here.
    wanted |= {tag[2:] for tag in wanted if tag.startswith("W/")}
    if "*" not in wanted and etag(obj) not in wanted:
        raise VersionConflict(message)

"""DRF's JSON parser with a bound on the body's size and on its nesting depth.

DRF reads a JSON body from the stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check, and
Python's parser answers a body nested 10,000 deep with a RecursionError (a 500). This one reads
at most the limit, counts the nesting before parsing, refuses NaN and Infinity, and says so in
a sentence. It imports nothing of DRF's views: the settings load it while they are read.
"""

import json
import re
from itertools import accumulate

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status

# GeoJSON nests at most six levels (a feature, its geometry, a MultiPolygon's three arrays and
# a position); 32 leaves room for any honest body and refuses a bomb before Python recurses.
MAX_JSON_DEPTH = 32


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def too_large() -> str:
    return _("The request is too large: at most %(size)s MB are accepted.") % {
        "size": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000:.1f}".replace(".", ",")
    }


def unreadable_json() -> str:
    return _("The request body is not valid JSON: check its brackets, commas and quotes.")


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest, counted without parsing it."""
    steps = [1 if b in "[{" else -1 for b in _BRACKET.findall(_STRING.sub("", text))]
    return max(accumulate(steps), default=0)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a size and a depth bound, and sentences for what it refuses."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise PayloadTooLarge(too_large())
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise exceptions.ParseError(
                _("The request body is not text in %(encoding)s.") % {"encoding": encoding}
            ) from error
        if json_depth(text) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("The request body nests too deep (more than %(depth)d levels).")
                % {"depth": MAX_JSON_DEPTH}
            )

        def refuse_constant(name):
            raise ValueError(name)

        try:
            return json.loads(text, parse_constant=refuse_constant)
        except (ValueError, RecursionError) as error:
            raise exceptions.ParseError(unreadable_json()) from error

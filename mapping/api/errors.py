"""Domain refusals from services become API refusals carrying the same sentence."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


@contextmanager
def service_errors() -> Iterator[None]:
    """Turn a service's `ValidationError` into a 400 keyed by field (`non_field_errors` else).

    Django's `PermissionDenied` needs nothing: DRF already answers it with a 403 and its text.
    """
    try:
        yield
    except DjangoValidationError as error:
        raise serializers.ValidationError(serializers.as_serializer_error(error)) from error

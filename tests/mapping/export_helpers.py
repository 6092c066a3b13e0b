"""Helpers shared by the tests of the exports and the OGC API."""

import io
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group

from accounts.roles import Role
from land_use.models import OrganicParcel
from tests.accounts.factories import UserFactory

FARMER_NAME = "Jeanne Labour-Fermière"
FARMER_EMAIL = "jeanne.fermiere@example.org"


def planner():
    user = UserFactory(username="urbaniste", email="urbaniste@example.org")
    user.groups.add(Group.objects.get(name=Role.PLANNER))
    return user


def give_a_parcel_a_farmer(commune) -> OrganicParcel:
    """A known farmer on the first parcel, so tests can look for her identity in the files."""
    farmer = UserFactory(username="jeanne", email=FARMER_EMAIL, display_name=FARMER_NAME)
    parcel = OrganicParcel.objects.filter(commune=commune).order_by("id").first()
    parcel.farmer = farmer
    parcel.save(update_fields=["farmer"])
    return parcel


def body(response) -> bytes:
    """The bytes of a response, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def saved(data: bytes, suffix: str) -> Path:
    """The bytes written to a temporary file GDAL can open."""
    folder = Path(tempfile.mkdtemp(prefix="export-test-"))
    path = folder / f"download{suffix}"
    path.write_bytes(data)
    return path


def text_of(data: bytes) -> str:
    return io.BytesIO(data).read().decode("utf-8", errors="replace")

"""A farmer's file of parcels: kept with its preview until confirmed, then registered at once."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_farmer
from accounts.throttling import write_allow
from land_use import uploads
from land_use.models import OrganicParcel, ParcelEvent, ParcelUpload
from land_use.services.parcels import (
    _check_overlaps,
    _jsonable,
    parcel_check_geometry,
    parcel_clean_attributes,
    parcel_lock_overlap_check,
    parcel_register,
)
from territory.db import geography_area_m2
from territory.models import Commune

UPLOAD_KEPT_FOR = datetime.timedelta(days=2)


def parcel_uploads_purge(*, now: datetime.datetime | None = None) -> int:
    """Forget the files never confirmed within `UPLOAD_KEPT_FOR`; returns how many.

    They hold up to 20 MB each and personal data: run on every new upload, and daily by
    `manage.py purge_uploads` (README, "Scheduled tasks") for farmers who never come back.
    """
    limit = (now or timezone.now()) - UPLOAD_KEPT_FOR
    deleted, _by_model = ParcelUpload.objects.filter(
        confirmed_at__isnull=True, created_at__lt=limit
    ).delete()
    return deleted


def _check_pending_quota(farmer) -> None:
    """At most `UPLOADS_PENDING_MAX` files wait for their farmer's confirmation, counted under
    a lock on the farmer's account so that files sent at the same moment cannot all pass."""
    get_user_model().objects.select_for_update().filter(pk=farmer.pk).values_list("pk").get()
    pending = ParcelUpload.objects.filter(farmer=farmer, confirmed_at__isnull=True).count()
    if pending >= settings.UPLOADS_PENDING_MAX:
        raise ValidationError(
            {
                "file": _(
                    "You already have %(count)d files waiting for your confirmation, the most "
                    "a farmer may keep waiting. Confirm their parcels first; a file not "
                    "confirmed is forgotten after %(days)d days."
                )
                % {"count": pending, "days": UPLOAD_KEPT_FOR.days}
            }
        )


@transaction.atomic
def parcel_upload_start(
    *,
    farmer,
    commune: Commune,
    file_name: str,
    content: bytes,
    defaults: dict,
    address: str | None = None,
) -> ParcelUpload:
    """Read a farmer's file and keep it, with its preview, until they confirm. Stores no parcel.

    Raises `ValidationError` (field `file`) when the file as a whole cannot be used or when too
    many files already wait for confirmation, and `WriteThrottled` beyond the limits on uploads
    of the account and of `address` (accounts.throttling).
    """
    if not is_farmer(farmer):
        raise PermissionDenied(_("Only farmers can register parcels."))
    parcel_uploads_purge()
    _check_pending_quota(farmer)
    write_allow(action="upload", account=farmer, address=address)
    with uploads.opened(file_name, content) as source:
        layers = uploads.polygon_layers(source)
        layer = layers[0]
        features = _preview(source, layer, farmer=farmer, commune=commune, defaults=defaults)
    return ParcelUpload.objects.create(
        farmer=farmer,
        commune=commune,
        file_name=file_name[:255],
        content=content,
        layers=layers,
        layer=layer,
        defaults=_jsonable_dict(defaults),
        features=features,
    )


def _jsonable_dict(values: dict) -> dict:
    return {key: _jsonable(value) for key, value in values.items()}


def parcel_upload_select_layer(*, upload: ParcelUpload, farmer, layer: str) -> ParcelUpload:
    """Preview another layer of a multi-layer file."""
    _check_upload_owner(upload, farmer)
    if layer not in upload.layers:
        raise ValidationError({"layer": _("This file has no layer of that name.")})
    with uploads.opened(upload.file_name, bytes(upload.content)) as source:
        upload.features = _preview(
            source, layer, farmer=farmer, commune=upload.commune, defaults=upload.defaults
        )
    upload.layer = layer
    upload.save(update_fields=["features", "layer"])
    return upload


def _check_upload_owner(upload: ParcelUpload, farmer) -> None:
    if upload.farmer_id != farmer.pk:
        raise PermissionDenied(_("This file was sent by someone else."))
    if upload.confirmed_at is not None:
        raise ValidationError(_("This file has already been imported."))


def _preview(source, layer, *, farmer, commune, defaults) -> list[dict]:
    """Each feature with the values it would get, accepted or refused with the reason."""
    preview = []
    seen: list[GEOSGeometry] = []
    for candidate in uploads.read_candidates(source, layer, defaults=defaults):
        entry = {
            "index": candidate.index,
            "name": candidate.attributes.get("name", ""),
            "code_cultu": candidate.attributes.get("code_cultu", ""),
            "declared_area_ha": candidate.declared_area_ha,
            "area_ha": None,
            "geometry": candidate.geometry.geojson if candidate.geometry else None,
            "accepted": False,
            "reason": candidate.refusal or "",
        }
        if not candidate.refusal:
            # Every reason at once, the shape's first: the farmer fixes the file in one go.
            reasons = []
            try:
                geometry = parcel_check_geometry(geometry=candidate.geometry, commune=commune)
                _check_overlaps(
                    geometry=geometry,
                    farmer=farmer,
                    actor=farmer,
                    exclude_pk=None,
                    override_reason="",
                )
                if any(geometry.intersection(other).area > 0.01 * geometry.area for other in seen):
                    raise ValidationError(
                        {"geometry": _("This parcel overlaps another parcel of the same file.")}
                    )
            except ValidationError as error:
                reasons.extend(error.messages)
            try:
                parcel_clean_attributes(candidate.attributes)
            except ValidationError as error:
                reasons.extend(error.messages)
            if reasons:
                entry["reason"] = " ".join(reasons)
            else:
                seen.append(geometry)
                entry["geometry"] = geometry.geojson
                entry["area_ha"] = round(geography_area_m2(geometry) / 10_000, 4)
                entry["accepted"] = True
        preview.append(entry)
    return preview


@transaction.atomic
def parcel_upload_confirm(*, upload: ParcelUpload, farmer) -> list[OrganicParcel]:
    """Register every accepted feature of the preview, all or none, then forget the file."""
    upload = ParcelUpload.objects.select_for_update().get(pk=upload.pk)
    _check_upload_owner(upload, farmer)
    if not upload.accepted:
        raise ValidationError(_("No parcel of this file can be imported."))
    # The preview's overlap checks are stale by now: parcel_register checks again under the
    # lock. Every commune the file touches is locked here, at once and in order, so that two
    # files locking them feature by feature cannot wait for each other.
    parcel_lock_overlap_check(
        commune=upload.commune,
        geometries=[GEOSGeometry(feature["geometry"], srid=4326) for feature in upload.accepted],
    )
    parcels = []
    for feature in upload.accepted:
        attributes = {
            **upload.defaults,
            "name": feature["name"],
            "code_cultu": feature["code_cultu"],
        }
        try:
            parcels.append(
                parcel_register(
                    actor=farmer,
                    farmer=farmer,
                    commune=upload.commune,
                    geometry=GEOSGeometry(feature["geometry"], srid=4326),
                    attributes=attributes,
                    source=_("File %(name)s") % {"name": upload.file_name},
                    action=ParcelEvent.Action.IMPORTED,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                _("“%(name)s” can no longer be imported: %(reason)s Nothing was imported.")
                % {"name": feature["name"], "reason": " ".join(error.messages)}
            ) from error
    upload.confirmed_at = timezone.now()
    upload.content = b""
    upload.save(update_fields=["confirmed_at", "content"])
    return parcels

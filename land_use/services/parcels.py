"""Organic parcels: the checks every parcel passes, and registering, correcting, archiving."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.gis.db.models.functions import Intersection
from django.contrib.gis.geos import GeometryCollection, GEOSGeometry, MultiPolygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_farmer, is_planner
from land_use.crops import crop
from land_use.models import OrganicParcel, ParcelEvent
from land_use.permissions import may_edit_parcel
from territory.concurrency import VersionConflict, check_version
from territory.db import GeographyArea, advisory_xact_lock, geography_area_m2
from territory.geometry import check_geometry
from territory.models import Commune
from territory.text import clean_text

PARCEL_GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
PARCEL_MAX_VERTICES = 10_000
PARCEL_MIN_AREA_HA = Decimal("0.01")
PARCEL_MAX_AREA_HA = Decimal("200")
# Two parcels may share more than a line (drawing imprecision, a hedge) but not more than 1 %.
OVERLAP_TOLERANCE = 0.01
PARCEL_NAME_MAX_LENGTH = 120
PARCEL_REASON_MAX_LENGTH = 2000
# The advisory lock every overlap check takes, per commune (territory.db.advisory_xact_lock).
OVERLAP_LOCK = "land_use.parcel_overlap"

ATTRIBUTE_FIELDS = (
    "name",
    "code_cultu",
    "stage",
    "engagement_date",
    "certification_body",
    "certification_state",
    "campaign_year",
)
EDITABLE_FIELDS = (*ATTRIBUTE_FIELDS, "geometry")


class ParcelChanged(VersionConflict):
    """The parcel was saved by someone else since the version the writer read."""


def _check_version(parcel: OrganicParcel, expected_etag: str | None) -> None:
    try:
        check_version(parcel, expected_etag)
    except VersionConflict as error:
        raise ParcelChanged(
            _(
                "This parcel was changed by someone else since you loaded it: reload it and "
                "make your change again."
            )
        ) from error


# Parcels: validation ------------------------------------------------------------------------


def parcel_check_geometry(*, geometry: GEOSGeometry, commune: Commune) -> MultiPolygon:
    """A valid (multi)polygon, not too detailed, touching the commune, of a farm parcel's size."""
    geometry = check_geometry(
        geometry, allowed_types=PARCEL_GEOMETRY_TYPES, max_vertices=PARCEL_MAX_VERTICES
    )
    if geometry.geom_type == "Polygon":
        geometry = MultiPolygon(geometry, srid=geometry.srid)
    if not commune.boundary.intersects(geometry):
        raise ValidationError(
            {
                "geometry": _(
                    "The parcel lies outside %(commune)s: only parcels in the commune can be "
                    "registered here."
                )
                % {"commune": commune.name}
            }
        )
    area_ha = Decimal(str(geography_area_m2(geometry))) / 10_000
    if area_ha < PARCEL_MIN_AREA_HA:
        raise ValidationError(
            {
                "geometry": _(
                    "The parcel covers %(area)s ha; a parcel covers at least 0.01 ha (100 m²). "
                    "Check the outline."
                )
                % {"area": _hectares(area_ha, digits=4)}
            }
        )
    if area_ha > PARCEL_MAX_AREA_HA:
        raise ValidationError(
            {
                "geometry": _(
                    "The parcel covers %(area)s ha; a parcel covers at most 200 ha. Draw each "
                    "parcel separately."
                )
                % {"area": _hectares(area_ha)}
            }
        )
    return geometry


def _hectares(value, digits: int = 2) -> str:
    """Hectares in the French way: a comma before the decimals."""
    text = f"{Decimal(value):.{digits}f}"
    return text.replace(".", ",") if settings.LANGUAGE_CODE.startswith("fr") else text


def parcel_overlaps(
    *, geometry: GEOSGeometry, exclude_pk: int | None = None
) -> list[tuple[OrganicParcel, float]]:
    """Active parcels sharing more than 1 % of their area or of `geometry`'s, with that share.

    The areas are measured by PostGIS on the spheroid, like the stored ones.
    """
    own_m2 = geography_area_m2(geometry)
    candidates = (
        OrganicParcel.objects.active()
        .intersecting(geometry)
        .exclude(pk=exclude_pk)
        .annotate(
            overlap_m2=GeographyArea(Intersection("geometry", geometry)),
            parcel_m2=GeographyArea("geometry"),
        )
    )
    found = []
    for parcel in candidates:
        share = max(
            parcel.overlap_m2 / own_m2 if own_m2 else 0,
            parcel.overlap_m2 / parcel.parcel_m2 if parcel.parcel_m2 else 0,
        )
        if share > OVERLAP_TOLERANCE:
            found.append((parcel, share))
    return found


def parcel_clean_attributes(attributes: dict, *, today: datetime.date | None = None) -> dict:
    """The parcel's fields checked and normalised; raises every problem at once, by field."""
    today = today or timezone.localdate()
    cleaned = {field: attributes.get(field) for field in ATTRIBUTE_FIELDS}
    errors: dict[str, str] = {}
    try:
        cleaned["name"] = clean_text(
            cleaned["name"],
            field="name",
            max_length=PARCEL_NAME_MAX_LENGTH,
            required=_("Give the parcel a name, e.g. the name of the field."),
            multiline=False,
        )
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    known = crop(cleaned["code_cultu"] or "")
    if not (cleaned["code_cultu"] or "").strip():
        errors["code_cultu"] = _(
            "Give the RPG crop code of the parcel (CODE_CULTU), e.g. BTH for winter soft wheat."
        )
    elif known is None:
        errors["code_cultu"] = _(
            "“%(code)s” is not a crop code of the RPG: use the three-letter code of your PAC "
            "declaration, e.g. BTH for winter soft wheat."
        ) % {"code": cleaned["code_cultu"] or ""}
    else:
        cleaned["code_cultu"] = known.code
        cleaned["crop_group"] = known.group_label
    if cleaned["stage"] not in OrganicParcel.Stage.values:
        errors["stage"] = _("Choose the conversion stage: CONV, C1, C2, C3 or AB.")
    engagement = cleaned["engagement_date"]
    if isinstance(engagement, str):
        try:
            engagement = datetime.date.fromisoformat(engagement) if engagement else None
        except ValueError:
            errors["engagement_date"] = _("The engagement date is not a date.")
            engagement = None
        cleaned["engagement_date"] = engagement
    if engagement is None and cleaned["stage"] in OrganicParcel.STAGES_NEEDING_ENGAGEMENT:
        errors["engagement_date"] = _(
            "A parcel in conversion (C1, C2 or C3) needs the date of its engagement."
        )
    elif engagement is not None and engagement > today:
        errors["engagement_date"] = _("The engagement date cannot be in the future.")
    cleaned["certification_body"] = cleaned["certification_body"] or ""
    if cleaned["certification_body"] not in ("", *OrganicParcel.CertificationBody.values):
        errors["certification_body"] = _("Choose the certification body from the list.")
    cleaned["certification_state"] = (
        cleaned["certification_state"] or OrganicParcel.CertificationState.DRAFT
    )
    if cleaned["certification_state"] not in OrganicParcel.CertificationState.values:
        errors["certification_state"] = _("Choose the certification state from the list.")
    try:
        year = int(cleaned["campaign_year"] or today.year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= today.year + 1:
        errors["campaign_year"] = _(
            "The campaign year goes from 2000 to %(next)d (the PAC campaign of the harvest)."
        ) % {"next": today.year + 1}
    cleaned["campaign_year"] = year
    if errors:
        raise ValidationError(errors)
    return cleaned


def parcel_lock_overlap_check(*, commune: Commune, geometries=()) -> None:
    """Hold, until the transaction ends, the right to check overlaps in these communes.

    Without it two farmers sending the same field at the same moment both find it free and
    both store it. The lock covers the parcel's commune and every commune its outline touches,
    since a parcel across a boundary may overlap one registered in the neighbouring commune.
    """
    keys = {commune.pk}
    if geometries:
        # One query for a whole file: a collection need not be valid, overlapping parts and all.
        outlines = GeometryCollection(*geometries, srid=4326)
        keys.update(
            Commune.objects.filter(boundary__intersects=outlines).values_list("pk", flat=True)
        )
    advisory_xact_lock(OVERLAP_LOCK, *keys)


def _check_overlaps(
    *, geometry, farmer, actor, exclude_pk: int | None, override_reason: str
) -> list[OrganicParcel]:
    """Refuse an overlap over 1 %, unless a planner accepts it with a reason: returns those.

    A write calls `parcel_lock_overlap_check` first; a preview, which stores nothing, need not.
    """
    overlaps = parcel_overlaps(geometry=geometry, exclude_pk=exclude_pk)
    if not overlaps:
        return []
    if override_reason.strip():
        if not is_planner(actor):
            raise ValidationError(
                {"override_reason": _("Only a planner can accept a parcel that overlaps another.")}
            )
        return [parcel for parcel, _share in overlaps]
    parcel, share = overlaps[0]
    if farmer is not None and parcel.farmer_id == getattr(farmer, "pk", None):
        message = _(
            "The parcel covers %(share)s %% of your parcel “%(name)s”: edit that one instead of "
            "declaring the same land twice."
        )
    else:
        message = _(
            "The parcel overlaps “%(name)s”, a parcel declared by another farmer, on %(share)s %% "
            "of its area (at most 1 %% is accepted). Check the outline, or ask a planner."
        )
    raise ValidationError(
        {"geometry": message % {"name": parcel.name, "share": _hectares(share * 100, digits=1)}}
    )


# Parcels: writes ----------------------------------------------------------------------------


@transaction.atomic
def parcel_register(
    *,
    actor,
    commune: Commune,
    geometry: GEOSGeometry,
    attributes: dict,
    farmer=None,
    override_reason: str = "",
    source: str = "",
    action: str = ParcelEvent.Action.REGISTERED,
) -> OrganicParcel:
    """A farmer (or a planner for them) registers a parcel after every check has passed.

    `attributes` holds the fields of `ATTRIBUTE_FIELDS`; the crop group follows the code and
    the area is computed by the database.
    """
    if farmer is None and not is_planner(actor):
        farmer = actor
    if not (is_planner(actor) or (is_farmer(actor) and farmer == actor)):
        raise PermissionDenied(_("Only farmers can register parcels, and only their own."))
    override_reason = clean_text(
        override_reason, field="override_reason", max_length=PARCEL_REASON_MAX_LENGTH
    )
    errors = {}
    try:
        cleaned = parcel_clean_attributes(attributes)
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned = None
    try:
        geometry = parcel_check_geometry(geometry=geometry, commune=commune)
        parcel_lock_overlap_check(commune=commune, geometries=[geometry])
        overridden = _check_overlaps(
            geometry=geometry,
            farmer=farmer,
            actor=actor,
            exclude_pk=None,
            override_reason=override_reason,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    parcel = OrganicParcel(
        commune=commune, farmer=farmer, geometry=geometry, source=source[:255], **cleaned
    )
    parcel.full_clean()
    parcel.save()
    ParcelEvent.objects.create(parcel=parcel, actor=actor, action=action)
    _record_override(parcel=parcel, actor=actor, overridden=overridden, reason=override_reason)
    return parcel


def _record_override(*, parcel, actor, overridden, reason) -> None:
    if overridden:
        ParcelEvent.objects.create(
            parcel=parcel,
            actor=actor,
            action=ParcelEvent.Action.OVERLAP_OVERRIDDEN,
            reason=reason.strip(),
            changes={"overlapping_parcels": [p.pk for p in overridden]},
        )


@transaction.atomic
def parcel_update(
    *,
    parcel: OrganicParcel,
    actor,
    changes: dict,
    override_reason: str = "",
    expected_etag: str | None = None,
) -> OrganicParcel:
    """The farmer corrects their parcel, or a planner any parcel; the change is recorded.

    With `expected_etag` (HTTP If-Match), a parcel saved meanwhile by someone else is not
    overwritten: `ParcelChanged` is raised.
    """
    parcel = OrganicParcel.objects.select_for_update().get(pk=parcel.pk)
    if not may_edit_parcel(actor, parcel):
        raise PermissionDenied(_("You can only change your own parcels."))
    _check_version(parcel, expected_etag)
    if parcel.archived_at is not None:
        raise ValidationError(_("This parcel is archived: it can no longer be changed."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    override_reason = clean_text(
        override_reason, field="override_reason", max_length=PARCEL_REASON_MAX_LENGTH
    )
    attributes = {field: getattr(parcel, field) for field in ATTRIBUTE_FIELDS}
    attributes.update({k: v for k, v in changes.items() if k != "geometry"})
    errors = {}
    try:
        cleaned = parcel_clean_attributes(attributes)
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned = {}
    geometry = parcel.geometry
    overridden = []
    if changes.get("geometry") is not None:
        try:
            geometry = parcel_check_geometry(geometry=changes["geometry"], commune=parcel.commune)
            parcel_lock_overlap_check(commune=parcel.commune, geometries=[geometry])
            overridden = _check_overlaps(
                geometry=geometry,
                farmer=parcel.farmer,
                actor=actor,
                exclude_pk=parcel.pk,
                override_reason=override_reason,
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    recorded = {}
    for field, value in cleaned.items():
        before = getattr(parcel, field)
        if before != value:
            recorded[field] = [_jsonable(before), _jsonable(value)]
            setattr(parcel, field, value)
    if geometry is not parcel.geometry and not geometry.equals_exact(parcel.geometry, 1e-9):
        recorded["geometry"] = [parcel.geometry.wkt, geometry.wkt]
        parcel.geometry = geometry
    if not recorded:
        return parcel
    parcel.full_clean()
    parcel.save()
    parcel.refresh_from_db(fields=["area_ha"])
    ParcelEvent.objects.create(
        parcel=parcel, actor=actor, action=ParcelEvent.Action.UPDATED, changes=recorded
    )
    _record_override(parcel=parcel, actor=actor, overridden=overridden, reason=override_reason)
    return parcel


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def parcel_archive(
    *, parcel: OrganicParcel, actor, reason: str = "", expected_etag: str | None = None
) -> OrganicParcel:
    """Take a parcel out of the figures without deleting it: it stays in the history."""
    parcel = OrganicParcel.objects.select_for_update().get(pk=parcel.pk)
    if not may_edit_parcel(actor, parcel):
        raise PermissionDenied(_("You can only archive your own parcels."))
    _check_version(parcel, expected_etag)
    reason = clean_text(reason, field="reason", max_length=PARCEL_REASON_MAX_LENGTH)
    if parcel.archived_at is not None:
        return parcel
    parcel.archived_at = timezone.now()
    parcel.save(update_fields=["archived_at", "updated_at"])
    ParcelEvent.objects.create(
        parcel=parcel, actor=actor, action=ParcelEvent.Action.ARCHIVED, reason=reason
    )
    return parcel


# Parcels from open data (a commune's onboarding) ----------------------------------------------

IMPORT_CREATED, IMPORT_UPDATED, IMPORT_UNCHANGED = "created", "updated", "unchanged"


def parcel_import_open_data(
    *, commune: Commune, geometry: GEOSGeometry, attributes: dict, source: str
) -> tuple[OrganicParcel, str]:
    """A parcel of an RPG or CartoBio file loaded when a commune is onboarded, by no one in
    particular: the file is the authority, so there is no farmer and no actor.

    The same checks as a farmer's parcel apply. A parcel is found again by its commune, its
    `source` and its name (the file's parcel identifier), so loading the same file twice
    changes nothing, and loading a newer one updates the parcels in place. Returns the parcel
    and what happened to it: IMPORT_CREATED, IMPORT_UPDATED or IMPORT_UNCHANGED.
    """
    source = source[:255]
    errors = {}
    try:
        cleaned = parcel_clean_attributes(attributes)
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned = None
    existing = (
        OrganicParcel.objects.active()
        .filter(commune=commune, source=source, name=(cleaned or attributes).get("name"))
        .first()
    )
    try:
        geometry = parcel_check_geometry(geometry=geometry, commune=commune)
        parcel_lock_overlap_check(commune=commune, geometries=[geometry])
        _check_overlaps(
            geometry=geometry,
            farmer=None,
            actor=None,
            exclude_pk=existing.pk if existing else None,
            override_reason="",
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if existing is None:
        parcel = OrganicParcel(commune=commune, geometry=geometry, source=source, **cleaned)
        parcel.full_clean()
        parcel.save()
        ParcelEvent.objects.create(parcel=parcel, actor=None, action=ParcelEvent.Action.IMPORTED)
        return parcel, IMPORT_CREATED
    recorded = {
        name: [_jsonable(getattr(existing, name)), _jsonable(value)]
        for name, value in cleaned.items()
        if getattr(existing, name) != value
    }
    if not existing.geometry.equals_exact(geometry, 1e-9):
        recorded["geometry"] = [existing.geometry.wkt, geometry.wkt]
    if not recorded:
        return existing, IMPORT_UNCHANGED
    for name in recorded:
        setattr(existing, name, geometry if name == "geometry" else cleaned[name])
    existing.full_clean()
    existing.save()
    ParcelEvent.objects.create(
        parcel=existing, actor=None, action=ParcelEvent.Action.UPDATED, changes=recorded
    )
    return existing, IMPORT_UPDATED

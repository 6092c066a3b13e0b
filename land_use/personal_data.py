"""The farmers' part of a person's data: their applications for the role, parcels and uploads."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import PersonalDataPart, register
from land_use.models import FarmerApplication, OrganicParcel, ParcelUpload


def _applications(user) -> list[dict]:
    return [
        {
            "id": a.pk,
            "farm_name": a.farm_name,
            "siret": a.siret,
            "message": a.message,
            "status": a.status,
            "decision_message": a.decision_message,
            "created_at": a.created_at.isoformat(),
            "decided_at": a.decided_at.isoformat() if a.decided_at else None,
        }
        for a in FarmerApplication.objects.filter(applicant=user).order_by("created_at", "pk")
    ]


def _erase_applications(user) -> None:
    FarmerApplication.objects.filter(applicant=user).delete()


def _parcels(user) -> list[dict]:
    return [
        {
            "id": p.pk,
            "name": p.name,
            "code_cultu": p.code_cultu,
            "stage": p.stage,
            "engagement_date": p.engagement_date.isoformat() if p.engagement_date else None,
            "certification_body": p.certification_body,
            "certification_state": p.certification_state,
            "campaign_year": p.campaign_year,
            "area_ha": float(p.area_ha) if p.area_ha is not None else None,
            "geometry": p.geometry.geojson,
            "archived": p.archived_at is not None,
        }
        for p in OrganicParcel.objects.filter(farmer=user).order_by("pk")
    ]


def _keep_parcels(user) -> None:
    """Declared parcels make the commune's organic figure: they stay, owned by the erased
    account, which keeps no name, email or farm name."""


def _uploads(user) -> list[dict]:
    return [
        {
            "file_name": u.file_name,
            "size_bytes": len(u.content or b""),
            "created_at": u.created_at.isoformat(),
            "confirmed_at": u.confirmed_at.isoformat() if u.confirmed_at else None,
        }
        for u in ParcelUpload.objects.filter(farmer=user).order_by("created_at", "pk")
    ]


def _erase_uploads(user) -> None:
    ParcelUpload.objects.filter(farmer=user).delete()


def register_parts() -> None:
    register(
        PersonalDataPart(
            "farmer_applications",
            _("Requests for the farmer role"),
            _applications,
            _erase_applications,
        )
    )
    register(PersonalDataPart("parcels", _("Organic parcels"), _parcels, _keep_parcels))
    register(PersonalDataPart("parcel_uploads", _("Uploaded files"), _uploads, _erase_uploads))

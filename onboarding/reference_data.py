"""Load a commune's reference data from a folder of GeoJSON files (see fixtures/*/README.md).

Loading is idempotent: each object is found again by its natural key (the INSEE code, the IDURBA,
a name or a title within the commune) and updated in place, so loading twice leaves one copy and
keeps the ids, and therefore the addresses, of what residents may already have linked to.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import transaction
from django.utils import timezone

from heritage.models import HeritageSite
from land_use.models import EcoHousingSite, Equipment, OrganicParcel, PlanDocument, Zone
from mapping.models import (
    Consultation,
    FiftyFiftyProject,
    Meeting,
    Proposal,
    ProposalStatusChange,
)
from mapping.services import proposal_refresh_spatial_links
from territory.models import Commune

ILLUSTRATIVE_SOURCE = "Illustrative data drawn by the Cadre de vie project; not an official record"


@dataclass
class CommuneProfile:
    """What the GeoJSON files do not say about the commune."""

    insee: str
    name: str
    utilised_agricultural_area_ha: Decimal | None = None
    utilised_agricultural_area_source: str = ""
    plan_idurba: str = ""
    plan_datappro: date | None = None
    consultation_title: str = ""
    consultation_description: str = ""


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, layer: str, count: int) -> None:
        self.counts[layer] = count


PROFILE_FILE = "profile.json"


def read_profile(folder: Path) -> CommuneProfile:
    """The profile of a commune's folder, from its `profile.json` (what the layers' files do
    not say: names, the utilised agricultural area and its source, the plan, the demo
    consultation's wording)."""
    with (Path(folder) / PROFILE_FILE).open(encoding="utf-8") as handle:
        values = json.load(handle)
    known = set(CommuneProfile.__dataclass_fields__)
    unknown = set(values) - known - {"comment"}
    if unknown:
        raise ValueError(f"{folder}/{PROFILE_FILE}: unknown keys {sorted(unknown)}")
    values.pop("comment", None)
    if values.get("utilised_agricultural_area_ha") is not None:
        values["utilised_agricultural_area_ha"] = Decimal(values["utilised_agricultural_area_ha"])
    if values.get("plan_datappro"):
        values["plan_datappro"] = date.fromisoformat(values["plan_datappro"])
    return CommuneProfile(**values)


LOOS_EN_GOHELLE_FOLDER = Path(__file__).resolve().parent.parent / "fixtures" / "loos_en_gohelle"
LOOS_EN_GOHELLE = read_profile(LOOS_EN_GOHELLE_FOLDER)


def _features(folder: Path, name: str) -> list[dict]:
    path = folder / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _geometry(feature: dict) -> GEOSGeometry:
    return GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)


def _multipolygon(geometry: GEOSGeometry) -> MultiPolygon:
    if geometry.geom_type == "Polygon":
        return MultiPolygon(geometry, srid=geometry.srid)
    return geometry


def _demo_user(display_name: str):
    """A fictitious author for an illustrative proposal: it cannot log in."""
    User = get_user_model()
    slug = "".join(c if c.isalnum() else "-" for c in display_name.lower()).strip("-")[:40]
    user, created = User.objects.get_or_create(
        username=f"demo-{slug}",
        defaults={"display_name": display_name, "email": f"demo-{slug}@example.invalid"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def repaired_area(boundary: GEOSGeometry) -> MultiPolygon:
    """An outline as a valid multipolygon: one that simplification left invalid (a ring
    touching itself) is repaired, keeping only its areas."""
    if not boundary.valid:
        boundary = boundary.make_valid()
        if boundary.geom_type == "GeometryCollection":
            boundary = MultiPolygon(
                [
                    part
                    for geometry in boundary
                    for part in _multipolygon(geometry)
                    if geometry.geom_type in ("Polygon", "MultiPolygon")
                ],
                srid=4326,
            )
    return _multipolygon(boundary)


def commune_upsert(
    feature: dict,
    *,
    insee: str | None = None,
    name: str | None = None,
    source: str | None = None,
    **values,
) -> Commune:
    """The commune of a GeoJSON feature (an outline with `code` and `nom`, as in the shared
    file of the Pas-de-Calais, or any boundary given its `insee` and `name`), created or updated
    by its INSEE code. An outline that simplification left invalid is repaired."""
    props = feature.get("properties") or {}
    boundary = repaired_area(_geometry(feature))
    commune, _created = Commune.objects.update_or_create(
        insee=insee or props["code"],
        defaults={
            "name": name or props["nom"],
            "boundary": _multipolygon(boundary),
            "boundary_source": source if source is not None else props.get("source", ""),
            **values,
        },
    )
    return commune


@transaction.atomic
def load_commune(folder: Path, profile: CommuneProfile) -> LoadReport:
    """Load (or update) every layer found in `folder` for the commune of `profile`."""
    report = LoadReport()
    boundaries = _features(folder, "boundary.geojson")
    values = {"name": profile.name}
    if boundaries:
        values["boundary"] = _multipolygon(_geometry(boundaries[0]))
        values["boundary_source"] = boundaries[0]["properties"].get("source", "")
    if profile.utilised_agricultural_area_ha is not None:
        values["utilised_agricultural_area_ha"] = profile.utilised_agricultural_area_ha
        values["utilised_agricultural_area_source"] = profile.utilised_agricultural_area_source
    if boundaries:
        commune, _created = Commune.objects.update_or_create(insee=profile.insee, defaults=values)
    else:
        # A profile without a boundary completes a commune onboarded from a file of communes.
        commune = Commune.objects.get(insee=profile.insee)
        Commune.objects.filter(pk=commune.pk).update(**values)
        commune.refresh_from_db()
    report.add("communes", 1)
    plan = _load_plan_and_zones(folder, commune, profile, report)
    _load_heritage(folder, commune, report)
    _load_parcels(folder, commune, report)
    _load_eco_housing(folder, commune, report)
    consultation = _load_consultation(commune, plan, profile)
    _load_proposals(folder, commune, consultation, report)
    _load_meetings(folder, commune, consultation, report)
    _load_equipment(folder, commune, report)
    _load_fifty_fifty(folder, commune, report)
    return report


def _load_plan_and_zones(folder, commune, profile, report) -> PlanDocument | None:
    features = _features(folder, "zones.geojson")
    if not features:
        return None
    plan, _created = PlanDocument.objects.update_or_create(
        idurba=profile.plan_idurba,
        defaults={
            "commune": commune,
            "typedoc": PlanDocument.TypeDoc.PLU,
            "etat": PlanDocument.Etat.ENFORCEABLE,
            "datappro": profile.plan_datappro,
            "illustrative": True,
            "source": ILLUSTRATIVE_SOURCE,
        },
    )
    # A LIBELLE may cover several separate pieces: they form one zone, as in a PLU's regulation.
    by_libelle: dict[str, list[dict]] = {}
    for feature in features:
        by_libelle.setdefault(feature["properties"]["LIBELLE"], []).append(feature)
    for libelle, group in by_libelle.items():
        props = group[0]["properties"]
        polygons = []
        for feature in group:
            polygons.extend(_multipolygon(_geometry(feature)))
        Zone.objects.update_or_create(
            commune=commune,
            plan=plan,
            libelle=libelle,
            defaults={
                "libelong": props.get("LIBELONG", ""),
                "typezone": props["TYPEZONE"],
                "formdomi": props.get("FORMDOMI", ""),
                "destoui": props.get("DESTOUI", ""),
                "destcdt": props.get("DESTCDT", ""),
                "destnon": props.get("DESTNON", ""),
                "nomfic": props.get("NOMFIC", ""),
                "urlfic": props.get("URLFIC", ""),
                "idurba": props.get("IDURBA", plan.idurba),
                "datvalid": props.get("DATVALID") or None,
                "geometry": MultiPolygon(polygons, srid=4326),
                "illustrative": True,
            },
        )
    report.add("zones", len(by_libelle))
    return plan


def _load_heritage(folder, commune, report) -> None:
    features = _features(folder, "heritage.geojson")
    for feature in features:
        props = feature["properties"]
        HeritageSite.objects.update_or_create(
            commune=commune,
            name=props["name"],
            defaults={
                "kind": props["kind"],
                "historic_monument": props.get("historic_monument", "none"),
                "merimee_ref": props.get("merimee_ref", ""),
                "unesco_world_heritage": props.get("unesco_world_heritage", False),
                "dates": props.get("dates", ""),
                "height_m": props.get("height_m"),
                "description": props.get("description", ""),
                "approximate": props.get("approximate", False),
                "source": props.get("source", "")[:255],
                "geometry": _geometry(feature),
            },
        )
    report.add("heritage", len(features))


def _load_parcels(folder, commune, report) -> None:
    features = _features(folder, "parcels.geojson")
    for feature in features:
        props = feature["properties"]
        OrganicParcel.objects.update_or_create(
            commune=commune,
            name=props["name"],
            defaults={
                "code_cultu": props["code_cultu"],
                "crop_group": props.get("crop_group", ""),
                "stage": props["stage"],
                "engagement_date": props.get("engagement_date") or None,
                "certification_body": props.get("certification_body", ""),
                "certification_state": props.get("certification_state", "draft"),
                "campaign_year": props["campaign_year"],
                "geometry": _multipolygon(_geometry(feature)),
                "illustrative": props.get("illustrative", True),
                "source": ILLUSTRATIVE_SOURCE,
            },
        )
    report.add("parcels", len(features))


def _load_eco_housing(folder, commune, report) -> None:
    features = _features(folder, "eco_housing.geojson")
    for feature in features:
        props = feature["properties"]
        EcoHousingSite.objects.update_or_create(
            commune=commune,
            name=props["name"],
            defaults={
                "address": props.get("address", ""),
                "dwellings": props["dwellings"],
                "social_dwellings": props.get("social_dwellings", 0),
                "year_delivered": props.get("year_delivered"),
                "energy_label": props["energy_label"],
                "description": props.get("description", ""),
                "geometry": _geometry(feature),
                "illustrative": props.get("illustrative", True),
                "source": ILLUSTRATIVE_SOURCE,
            },
        )
    report.add("eco-housing", len(features))


def _load_consultation(commune, plan, profile) -> Consultation | None:
    if not profile.consultation_title:
        return None
    # The demonstration consultation stays open for a year after each load, so the map always
    # has somewhere to pin an idea.
    now = timezone.now()
    consultation, _created = Consultation.objects.update_or_create(
        commune=commune,
        title=profile.consultation_title,
        defaults={
            "description": profile.consultation_description,
            "opens_at": now - timedelta(days=30),
            "closes_at": now + timedelta(days=365),
            "plan": plan,
        },
    )
    return consultation


def _load_proposals(folder, commune, consultation, report) -> None:
    features = _features(folder, "proposals.geojson")
    for feature in features:
        props = feature["properties"]
        author = _demo_user(props.get("author") or "Habitant (démo)")
        proposal, created = Proposal.objects.update_or_create(
            commune=commune,
            title=props["title"],
            illustrative=True,
            defaults={
                "consultation": consultation,
                "author": author,
                "description": props.get("description", ""),
                "category": props["category"],
                "geometry": _geometry(feature),
                "status": props.get("status", Proposal.Status.SUBMITTED),
                "answer": props.get("answer", ""),
            },
        )
        if created:
            ProposalStatusChange.objects.create(
                proposal=proposal, from_status="", to_status=proposal.status
            )
        if proposal.answer and proposal.answered_at is None:
            # A demo answer says when it was given, as a planner's does (the resident's list
            # and the exports date it); the first load's time, kept by later loads.
            proposal.answered_at = timezone.now()
            proposal.save(update_fields=["answered_at"])
        proposal_refresh_spatial_links(proposal=proposal)
    report.add("proposals", len(features))


UPCOMING_MEETING_TOPIC = "Révision du PLU : réunion publique sur la carte participative"


def _load_meetings(folder, commune, consultation, report) -> None:
    """The demonstration's public meetings (illustrative), linked to the demo proposals they
    discussed; plus one upcoming meeting of the demo consultation, three weeks after each load,
    so the page always has one to announce."""
    features = _features(folder, "meetings.geojson")
    if not features:
        return
    proposals = {p.title: p for p in Proposal.objects.filter(commune=commune, illustrative=True)}
    for feature in features:
        props = feature["properties"]
        starts_at = datetime.fromisoformat(props["starts_at"])
        meeting, _created = Meeting.objects.update_or_create(
            commune=commune,
            topic=props["topic"],
            illustrative=True,
            defaults={
                "starts_at": starts_at,
                "ends_at": datetime.fromisoformat(props["ends_at"])
                if props.get("ends_at")
                else None,
                "place_name": props["place_name"],
                "location": _geometry(feature),
                "attendance": props.get("attendance"),
                "description": props.get("description", ""),
                "minutes": props.get("minutes", ""),
                "consultation": consultation
                if props["topic"].startswith("Révision du PLU")
                else None,
            },
        )
        meeting.proposals.set([proposals[t] for t in props.get("proposals", []) if t in proposals])
    day = timezone.localdate() + timedelta(days=21)
    starts_at = timezone.make_aware(datetime.combine(day, time(18, 30)))
    Meeting.objects.update_or_create(
        commune=commune,
        topic=UPCOMING_MEETING_TOPIC,
        illustrative=True,
        defaults={
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "place_name": "Mairie de Loos-en-Gohelle",
            "location": GEOSGeometry("POINT (2.7942 50.4583)", srid=4326),
            "description": (
                "Réunion de démonstration : venez découvrir la carte participative et épingler "
                "vos idées pour la révision du plan local d'urbanisme."
            ),
            "consultation": consultation,
            "attendance": None,
            "minutes": "",
        },
    )
    report.add("meetings", len(features) + 1)


def _load_equipment(folder, commune, report) -> None:
    """Rainwater tanks and solar roofs, found again by building and kind."""
    features = _features(folder, "equipment.geojson")
    for feature in features:
        props = feature["properties"]
        Equipment.objects.update_or_create(
            commune=commune,
            kind=props["kind"],
            building=props["building"],
            defaults={
                "rainwater_capacity_m3": props.get("rainwater_capacity_m3"),
                "solar_peak_kw": props.get("solar_peak_kw"),
                "year_installed": props.get("year_installed"),
                "description": props.get("description", ""),
                "geometry": _geometry(feature),
                "position_approximate": props.get("position_approximate", True),
                "illustrative": props.get("illustrative", True),
                "source": props.get("source", "")[:255],
            },
        )
    report.add("equipment", len(features))


def _moment(value):
    return datetime.fromisoformat(value) if value else None


def _load_fifty_fifty(folder, commune, report) -> None:
    """Illustrative fifty-fifty projects of the demo proposals (fifty_fifty.json), found again
    by their proposal; the applicant is the proposal's (fictitious) author."""
    path = folder / "fifty_fifty.json"
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        projects = json.load(handle)["projects"]
    for item in projects:
        proposal = Proposal.objects.get(commune=commune, title=item["proposal"])
        project, _created = FiftyFiftyProject.objects.update_or_create(
            proposal=proposal,
            defaults={
                "commune": commune,
                "applied_by": proposal.author,
                "collective_name": item["collective_name"],
                "collective_kind": item["collective_kind"],
                "contact_name": item["contact_name"],
                "contact_email": item["contact_email"],
                "contact_phone": item.get("contact_phone", ""),
                "total_budget": Decimal(item["total_budget"]),
                "status": item["status"],
                "refusal_reason": item.get("refusal_reason", ""),
                "approved_at": _moment(item.get("approved_at")),
                "funded_at": _moment(item.get("funded_at")),
                "completed_at": _moment(item.get("completed_at")),
                "refused_at": _moment(item.get("refused_at")),
                "illustrative": True,
            },
        )
        if item.get("applied_at"):
            # applied_at is set on creation; the demo keeps the date its story tells.
            FiftyFiftyProject.objects.filter(pk=project.pk).update(
                applied_at=_moment(item["applied_at"])
            )
    report.add("fifty-fifty", len(projects))

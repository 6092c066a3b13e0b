"""Rules of organic parcels and farmer applications, against PostGIS."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Polygon
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import is_farmer
from land_use.models import FarmerApplication, OrganicParcel, ParcelEvent, validate_siret
from land_use.selectors import organic_share
from land_use.services import (
    farmer_application_grant,
    farmer_application_refuse,
    farmer_application_submit,
    parcel_archive,
    parcel_register,
    parcel_update,
)
from tests.accounts.factories import UserFactory
from tests.geometries import bowtie
from tests.land_use.factories import FarmerApplicationFactory, farmer, planner
from tests.land_use.parcels import field

ATTRIBUTES = {
    "name": "Le Grand Champ",
    "code_cultu": "bth",
    "stage": "C2",
    "engagement_date": datetime.date(2024, 5, 2),
    "certification_body": "ecocert",
    "certification_state": "certified",
    "campaign_year": 2025,
}


def register(user, commune, geometry, **overrides):
    return parcel_register(
        actor=user, commune=commune, geometry=geometry, attributes={**ATTRIBUTES, **overrides}
    )


def shifted(polygon: Polygon, dlon: float) -> Polygon:
    """The same square moved east by `dlon` degrees."""
    lon0, lat0, lon1, lat1 = polygon.extent
    moved = Polygon.from_bbox((lon0 + dlon, lat0, lon1 + dlon, lat1))
    moved.srid = 4326
    return moved


def test_a_farmer_registers_a_parcel_with_its_crop_group_and_computed_area(loos):
    user = farmer()
    parcel = register(user, loos, field(0, 0))
    parcel.refresh_from_db()
    assert parcel.farmer == user
    assert parcel.code_cultu == "BTH"
    assert parcel.crop_group == "Blé tendre"
    assert parcel.geometry.geom_type == "MultiPolygon"
    assert Decimal("3.0") < parcel.area_ha < Decimal("3.2")
    assert parcel.events.get().action == ParcelEvent.Action.REGISTERED


@pytest.mark.parametrize(
    ("overrides", "field_name", "sentence"),
    [
        ({"code_cultu": "ZZZ"}, "code_cultu", "« ZZZ » n’est pas un code culture du RPG"),
        ({"engagement_date": None}, "engagement_date", "Une parcelle en conversion"),
        (
            {"engagement_date": datetime.date.today() + datetime.timedelta(days=3)},
            "engagement_date",
            "La date d’engagement ne peut pas être dans le futur.",
        ),
        ({"certification_body": "acme"}, "certification_body", "Choisissez l’organisme"),
        ({"stage": "BIO"}, "stage", "Choisissez le stade de conversion"),
    ],
)
def test_wrong_attributes_are_refused_with_a_sentence_and_nothing_stored(
    loos, overrides, field_name, sentence
):
    user = farmer()
    with pytest.raises(ValidationError) as refusal:
        register(user, loos, field(0, 0), **overrides)
    assert refusal.value.message_dict[field_name][0].startswith(sentence)
    assert not OrganicParcel.objects.filter(farmer=user).exists()


def test_a_self_intersecting_parcel_is_refused_saying_where(loos):
    with pytest.raises(ValidationError) as refusal:
        register(farmer(), loos, bowtie())
    assert refusal.value.message_dict["geometry"][0].startswith(
        "Le contour se croise lui-même près de la latitude 50.45830, longitude 2.79420"
    )


def test_a_parcel_too_small_or_too_large_is_refused(loos):
    tiny = field(0, 0, size=0.00005)
    with pytest.raises(ValidationError, match="au moins 0,01 ha"):
        register(farmer(), loos, tiny)
    huge = Polygon.from_bbox((2.765, 50.440, 2.800, 50.470))
    huge.srid = 4326
    with pytest.raises(ValidationError, match="au plus 200 ha"):
        register(farmer(), loos, huge)


def test_an_overlap_over_one_percent_with_another_farmer_is_refused(loos):
    first = register(farmer(), loos, field(0, 0))
    # Moved east by 95 % of its width: 5 % of it is shared.
    with pytest.raises(ValidationError) as refusal:
        register(farmer(), loos, shifted(field(0, 0), 0.0019))
    message = refusal.value.message_dict["geometry"][0]
    assert message.startswith(f"La parcelle chevauche « {first.name} »")
    assert "5,0 %" in message
    assert OrganicParcel.objects.count() == 9  # the 8 illustrative ones and the first


def test_an_overlap_under_one_percent_is_accepted(loos):
    register(farmer(), loos, field(0, 0))
    # Moved east by 99.5 % of its width: 0.5 % is shared.
    second = register(farmer(), loos, shifted(field(0, 0), 0.00199))
    assert second.pk is not None


def test_a_planner_overrides_an_overlap_and_the_override_is_recorded(loos):
    register(farmer(), loos, field(0, 0))
    owner, boss = farmer(), planner()
    with pytest.raises(ValidationError, match="Seul un urbaniste"):
        parcel_register(
            actor=owner,
            commune=loos,
            geometry=shifted(field(0, 0), 0.001),
            attributes=ATTRIBUTES,
            override_reason="trust me",
        )
    parcel = parcel_register(
        actor=boss,
        farmer=owner,
        commune=loos,
        geometry=shifted(field(0, 0), 0.001),
        attributes=ATTRIBUTES,
        override_reason="Bail partagé : la haie est déclarée par les deux exploitants.",
    )
    override = parcel.events.get(action=ParcelEvent.Action.OVERLAP_OVERRIDDEN)
    assert override.actor == boss
    assert override.reason.startswith("Bail partagé")
    assert override.at is not None
    assert parcel.farmer == owner


def test_the_organic_share_of_the_fixtures_is_ten_percent(loos):
    share = organic_share(loos)
    assert abs(share.percent - Decimal("10.0")) <= Decimal("0.1")
    assert abs(share.organic_area_ha - Decimal(55)) < Decimal("0.5")


def test_the_organic_share_kept_in_the_cache_follows_even_a_bulk_update_at_once(loos):
    from django.utils import timezone

    assert organic_share(loos).organic_area_ha > 0  # measured, then kept
    OrganicParcel.objects.filter(commune=loos).update(archived_at=timezone.now())
    assert organic_share(loos).organic_area_ha == 0


def test_only_the_inside_part_of_a_straddling_parcel_counts(loos):
    before = organic_share(loos).organic_area_ha
    # A square centred on the western boundary of the commune.
    min_lon, _min_lat, _max_lon, _max_lat = loos.boundary.extent
    west = next(p for p in loos.boundary.coords[0][0] if p[0] == min_lon)
    square = Polygon.from_bbox((west[0] - 0.001, west[1] - 0.001, west[0] + 0.001, west[1] + 0.001))
    square.srid = 4326
    parcel = register(farmer(), loos, square, stage="AB", engagement_date=None)
    parcel.refresh_from_db()
    added = organic_share(loos).organic_area_ha - before
    assert Decimal("0.05") < added < parcel.area_ha * Decimal("0.9")


def test_archiving_a_parcel_lowers_the_total_and_keeps_it_in_the_history(loos):
    user = farmer()
    parcel = register(user, loos, field(0, 0))
    with_parcel = organic_share(loos).organic_area_ha
    parcel_archive(parcel=parcel, actor=user, reason="Vendue")
    after = organic_share(loos).organic_area_ha
    assert after < with_parcel
    assert abs(with_parcel - after - parcel.area_ha) < Decimal("0.02")
    parcel.refresh_from_db()
    assert parcel.archived_at is not None
    assert [e.action for e in parcel.events.all()] == ["registered", "archived"]


def test_a_farmer_cannot_change_or_archive_another_farmers_parcel(loos):
    owner, intruder = farmer(), farmer()
    parcel = register(owner, loos, field(0, 0))
    with pytest.raises(PermissionDenied):
        parcel_update(parcel=parcel, actor=intruder, changes={"name": "À moi"})
    with pytest.raises(PermissionDenied):
        parcel_archive(parcel=parcel, actor=intruder)
    parcel.refresh_from_db()
    assert parcel.name == "Le Grand Champ" and parcel.archived_at is None


def test_a_planner_corrects_a_parcel_and_the_change_is_recorded(loos):
    parcel = register(farmer(), loos, field(0, 0))
    boss = planner()
    parcel_update(parcel=parcel, actor=boss, changes={"code_cultu": "LUZ", "stage": "AB"})
    parcel.refresh_from_db()
    assert (parcel.code_cultu, parcel.crop_group, parcel.stage) == ("LUZ", "Fourrage", "AB")
    event = parcel.events.get(action=ParcelEvent.Action.UPDATED)
    assert event.actor == boss
    assert event.changes["code_cultu"] == ["BTH", "LUZ"]


def test_only_farmers_register_parcels(loos):
    with pytest.raises(PermissionDenied):
        register(UserFactory(), loos, field(0, 0))


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        ("73282932000074", True),
        ("35600000000048", True),  # La Poste's head office, Luhn-valid
        ("35600000049837", True),  # a La Poste establishment: digits sum to a multiple of 5
        ("73282932000075", False),
        ("7328293200007", False),
        ("7328293200007A", False),
    ],
)
def test_a_siret_number_is_checked_for_its_14_digits_and_luhn_key(siret, valid):
    if valid:
        validate_siret(siret)
    else:
        with pytest.raises(ValidationError):
            validate_siret(siret)


def test_a_person_asks_for_the_farmer_role_and_a_planner_grants_it(
    db, django_capture_on_commit_callbacks
):
    person = UserFactory()
    application = farmer_application_submit(
        applicant=person, farm_name="Ferme du Marais", siret="732 829 320 00074"
    )
    assert application.siret == "73282932000074"
    with pytest.raises(ValidationError, match="déjà une demande en attente"):
        farmer_application_submit(applicant=person, farm_name="Bis", siret="73282932000074")

    with django_capture_on_commit_callbacks(execute=True):
        farmer_application_grant(application=application, planner=planner(), message="Bienvenue")

    assert is_farmer(person)
    assert mail.outbox[-1].to == [person.email]
    assert "accordé" in mail.outbox[-1].subject
    application.refresh_from_db()
    assert application.status == FarmerApplication.Status.GRANTED


def test_a_refusal_needs_a_reason_that_the_person_receives(db, django_capture_on_commit_callbacks):
    application = FarmerApplicationFactory()
    with pytest.raises(ValidationError, match="pourquoi"):
        farmer_application_refuse(application=application, planner=planner(), message=" ")
    with django_capture_on_commit_callbacks(execute=True):
        farmer_application_refuse(
            application=application, planner=planner(), message="SIRET d’une autre activité."
        )
    assert not is_farmer(application.applicant)
    assert "SIRET d’une autre activité." in mail.outbox[-1].body
    with pytest.raises(PermissionDenied):
        farmer_application_grant(application=FarmerApplicationFactory(), planner=UserFactory())

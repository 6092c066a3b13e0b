"""The admin registers and corrects parcels through the services: overlaps, history."""

from django.contrib.auth.models import Group
from django.contrib.gis.geos import MultiPolygon
from django.utils import timezone

from accounts.roles import Role
from land_use.models import OrganicParcel, ParcelEvent
from land_use.services import parcel_register
from tests.accounts.factories import UserFactory
from tests.land_use.factories import farmer
from tests.land_use.parcels import field

ATTRIBUTES = {
    "name": "Le Grand Champ",
    "code_cultu": "BTH",
    "stage": "AB",
    "certification_body": "ecocert",
    "certification_state": "certified",
    "campaign_year": timezone.now().year,
}


def _planner_client(client):
    planner = UserFactory(is_staff=True)
    planner.groups.add(Group.objects.get(name=Role.PLANNER))
    client.force_login(planner)
    return planner


def _form(commune, owner, geometry, **changes):
    data = {
        "commune": commune.pk,
        "farmer": owner.pk,
        "geometry": MultiPolygon(geometry, srid=4326).ewkt
        if geometry.geom_type == "Polygon"
        else geometry.ewkt,
        **{k: v for k, v in ATTRIBUTES.items() if k != "engagement_date"},
        "engagement_date": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_parcel_added_in_the_admin_over_anothers_is_refused_with_the_overlap_sentence(
    client, loos
):
    _planner_client(client)
    neighbour = farmer()
    parcel_register(actor=neighbour, commune=loos, geometry=field(), attributes=ATTRIBUTES)
    before = OrganicParcel.objects.count()
    response = client.post(
        "/admin/land_use/organicparcel/add/", _form(loos, farmer(), field(), name="Doublon")
    )
    assert response.status_code == 200
    assert "déclarée par un autre agriculteur" in response.content.decode()
    assert OrganicParcel.objects.count() == before


def test_a_parcel_added_in_the_admin_is_in_its_history_and_an_accepted_overlap_is_recorded(
    client, loos
):
    planner = _planner_client(client)
    neighbour = farmer()
    parcel_register(actor=neighbour, commune=loos, geometry=field(), attributes=ATTRIBUTES)
    response = client.post(
        "/admin/land_use/organicparcel/add/",
        _form(loos, farmer(), field(), name="Bail partagé", override_reason="Bail commun"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    parcel = OrganicParcel.objects.get(name="Bail partagé")
    actions = set(
        ParcelEvent.objects.filter(parcel=parcel, actor=planner).values_list("action", flat=True)
    )
    assert actions == {ParcelEvent.Action.REGISTERED, ParcelEvent.Action.OVERLAP_OVERRIDDEN}


def test_a_parcel_corrected_in_the_admin_keeps_the_change_in_its_history(client, loos):
    planner = _planner_client(client)
    owner = farmer()
    parcel = parcel_register(actor=owner, commune=loos, geometry=field(3), attributes=ATTRIBUTES)
    response = client.post(
        f"/admin/land_use/organicparcel/{parcel.pk}/change/",
        _form(loos, owner, field(3), stage="C2", engagement_date="2025-03-01"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = ParcelEvent.objects.get(parcel=parcel, action=ParcelEvent.Action.UPDATED)
    assert event.actor == planner
    assert event.changes["stage"] == ["AB", "C2"]

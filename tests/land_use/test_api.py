"""`/api/v1/parcels/`: public reads without identity, farmers write their own, planners any."""

import json

import pytest
from rest_framework.test import APIClient

from land_use.models import OrganicParcel, ParcelEvent
from tests.land_use.factories import farmer, planner
from tests.land_use.parcels import field

URL = "/api/v1/parcels/"


def geojson(polygon):
    return json.loads(polygon.geojson)


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def create(client, polygon, **extra):
    payload = {
        "name": "Les Hauts Champs",
        "code_cultu": "BTH",
        "stage": "AB",
        "certification_body": "ecocert",
        "certification_state": "certified",
        "campaign_year": 2025,
        "geometry": geojson(polygon),
        **extra,
    }
    return client.post(URL, payload, format="json")


def test_a_farmer_creates_a_parcel_and_reads_it_back_as_geojson(loos):
    owner = farmer()
    response = create(client_for(owner), field(0, 0))
    assert response.status_code == 201, response.json()
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["properties"]["crop_group"] == "Blé tendre"
    assert feature["properties"]["farmer"]["id"] == owner.pk
    assert feature["properties"]["commune"] == "62528"


def test_the_public_list_is_a_feature_collection_without_the_farmers_identity(loos):
    create(client_for(farmer()), field(0, 0))
    body = client_for().get(URL, {"commune": "62528"}).json()
    assert body["type"] == "FeatureCollection"
    assert body["count"] == 9
    assert all("farmer" not in f["properties"] for f in body["features"])


def test_planners_see_the_owner(loos):
    owner = farmer()
    create(client_for(owner), field(0, 0))
    body = client_for(planner()).get(URL, {"code_cultu": "BTH", "commune": "62528"}).json()
    owners = {f["properties"]["name"]: f["properties"]["farmer"] for f in body["features"]}
    assert owners["Les Hauts Champs"]["name"] == owner.public_name


def test_filters_by_stage_crop_group_and_bbox(loos):
    create(client_for(farmer()), field(0, 0))
    public = client_for()
    assert public.get(URL, {"stage": "C1"}).json()["count"] == 1
    assert public.get(URL, {"crop_group": "blé tendre"}).json()["count"] == 2
    lon0, lat0, lon1, lat1 = field(0, 0).extent
    box = f"{lon0},{lat0},{lon1},{lat1}"
    names = [f["properties"]["name"] for f in public.get(URL, {"bbox": box}).json()["features"]]
    assert names == ["Les Hauts Champs"]
    assert public.get(URL, {"bbox": f"{lat0},{lon0},{lat1},{lon1}"}).status_code == 200
    assert public.get(URL, {"bbox": "50.4,2.7,50.5,95"}).status_code == 400


def test_farmer_b_cannot_read_the_owner_of_edit_or_archive_farmer_as_parcel(loos):
    owner, other = farmer(), farmer()
    parcel_id = create(client_for(owner), field(0, 0)).json()["id"]
    b = client_for(other)

    read = b.get(f"{URL}{parcel_id}/").json()
    assert "farmer" not in read["properties"]
    edit = b.patch(f"{URL}{parcel_id}/", {"name": "Volée"}, format="json")
    assert edit.status_code == 403
    archive = b.delete(f"{URL}{parcel_id}/")
    assert archive.status_code == 403
    assert client_for().patch(f"{URL}{parcel_id}/", {"name": "x"}, format="json").status_code == 403

    parcel = OrganicParcel.objects.get(pk=parcel_id)
    assert parcel.name == "Les Hauts Champs" and parcel.archived_at is None
    assert list(parcel.events.values_list("action", flat=True)) == ["registered"]


def test_an_archived_parcel_is_gone_from_the_api_and_unknown_ids_are_404(loos):
    owner = farmer()
    parcel_id = create(client_for(owner), field(0, 0)).json()["id"]
    assert client_for(owner).delete(f"{URL}{parcel_id}/").status_code == 204
    assert OrganicParcel.objects.get(pk=parcel_id).archived_at is not None
    assert client_for(owner).get(f"{URL}{parcel_id}/").status_code == 404
    assert client_for(farmer()).patch(f"{URL}{parcel_id}/", {}, format="json").status_code == 404


def test_a_refusal_is_a_400_with_the_sentence(loos):
    owner = farmer()
    response = create(client_for(owner), field(0, 0), code_cultu="XYZ", stage="C1")
    assert response.status_code == 400
    body = response.json()
    assert body["code_cultu"][0].startswith("« XYZ » n’est pas un code culture du RPG")
    assert body["engagement_date"][0].startswith("Une parcelle en conversion")
    crs = {**geojson(field(0, 0)), "crs": {"type": "name", "properties": {"name": "EPSG:2154"}}}
    assert (
        "sans membre crs"
        in create(client_for(owner), field(0, 0), geometry=crs).json()["geometry"][0]
    )
    assert not OrganicParcel.objects.filter(farmer=owner).exists()


def test_residents_cannot_create_parcels(loos):
    from tests.accounts.factories import UserFactory

    assert create(client_for(UserFactory()), field(0, 0)).status_code == 403
    assert create(client_for(), field(0, 0)).status_code == 403


def test_a_planner_corrects_another_farmers_parcel_overriding_an_overlap(loos):
    first = create(client_for(farmer()), field(0, 0)).json()["id"]
    second = create(client_for(farmer()), field(1, 0)).json()["id"]
    boss = planner()
    overlapping = {"geometry": geojson(field(0, 0, size=0.0021))}
    refused = client_for(boss).patch(f"{URL}{second}/", overlapping, format="json")
    assert refused.status_code == 400
    assert "La parcelle chevauche" in refused.json()["geometry"][0]

    accepted = client_for(boss).patch(
        f"{URL}{second}/",
        {**overlapping, "override_reason": "Relevé de terrain du 3 mars"},
        format="json",
    )
    assert accepted.status_code == 200, accepted.json()
    override = ParcelEvent.objects.get(parcel_id=second, action="overlap_overridden")
    assert (override.actor, override.reason) == (boss, "Relevé de terrain du 3 mars")
    assert override.changes == {"overlapping_parcels": [first]}


@pytest.mark.parametrize("insee", ["62528", None])
def test_the_organic_share_is_in_the_api(loos, insee):
    params = {"commune": insee} if insee else {}
    body = client_for().get(f"{URL}organic-share/", params).json()
    assert body["commune"] == "62528"
    assert body["utilised_agricultural_area_ha"] == "550.00"
    assert abs(float(body["share_percent"]) - 10.0) <= 0.1
    assert abs(float(body["organic_area_ha"]) - 55) < 0.5


def test_a_stale_if_match_is_refused_with_412_and_nothing_changed(loos):
    owner = farmer()
    client = client_for(owner)
    parcel_id = create(client, field(0, 0)).json()["id"]
    etag = client.get(f"{URL}{parcel_id}/").headers["ETag"]

    first = client.patch(
        f"{URL}{parcel_id}/", {"name": "Premier"}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200
    stale = client.patch(
        f"{URL}{parcel_id}/", {"name": "Second"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert stale.json()["detail"].startswith("Cette parcelle a été modifiée par quelqu’un d’autre")
    assert client.delete(f"{URL}{parcel_id}/", HTTP_IF_MATCH=etag).status_code == 412
    parcel = OrganicParcel.objects.get(pk=parcel_id)
    assert parcel.name == "Premier" and parcel.archived_at is None
    fresh = first.headers["ETag"]
    assert client.delete(f"{URL}{parcel_id}/", HTTP_IF_MATCH=fresh).status_code == 204

"""Farmers' pages, through Django's test client against PostGIS."""

import json
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import is_farmer
from land_use.models import FarmerApplication, OrganicParcel, ParcelUpload
from tests.accounts.factories import UserFactory
from tests.land_use import files
from tests.land_use.factories import FarmerApplicationFactory, farmer, planner
from tests.land_use.parcels import field

PARCEL_FORM = {
    "name": "Le Champ du Moulin",
    "code_cultu": "BTH",
    "stage": "AB",
    "engagement_date": "2018-03-01",
    "certification_body": "ecocert",
    "certification_state": "certified",
    "campaign_year": "2025",
}


def logged_in(client, user):
    client.force_login(user)
    return client


def test_the_map_page_shows_the_organic_share_of_the_commune(client, loos):
    page = client.get("/").content.decode()
    assert '<h2 id="organic-share-title">Terres agricoles biologiques</h2>' in page
    assert "10,0 %" in page
    assert "de la surface agricole utile : 55,00 ha sur 550 ha" in page


def test_a_resident_is_sent_to_the_farmer_request(client, loos):
    response = logged_in(client, UserFactory()).get(reverse("land_use:my-parcels"))
    assert response.status_code == 302
    assert response.url == reverse("land_use:become-farmer")


def test_a_farmer_draws_a_parcel_and_sees_it_with_the_total_in_french_format(client, loos):
    owner = farmer()
    logged_in(client, owner)
    data = {**PARCEL_FORM, "geometry": field(0, 0).geojson}
    response = client.post(reverse("land_use:parcel-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    parcel = OrganicParcel.objects.get(farmer=owner)
    page = client.get(reverse("land_use:my-parcels")).content.decode()
    assert "Le Champ du Moulin" in page
    total = f"{parcel.area_ha:.2f}".replace(".", ",")
    assert f'id="total-area" data-label="Surface (ha)">{total}</td>' in page


def test_the_parcel_form_shows_the_services_sentence(client, loos):
    logged_in(client, farmer())
    data = {**PARCEL_FORM, "stage": "C1", "engagement_date": "", "geometry": field(0, 0).geojson}
    page = client.post(reverse("land_use:parcel-create"), data).content.decode()
    assert "Une parcelle en conversion (C1, C2 ou C3) doit avoir sa date d’engagement." in page
    assert OrganicParcel.objects.count() == 8  # the illustrative ones only


def test_a_farmer_edits_and_archives_only_their_own_parcels(client, loos):
    owner, other = farmer(), farmer()
    logged_in(client, owner)
    client.post(reverse("land_use:parcel-create"), {**PARCEL_FORM, "geometry": field(0, 0).geojson})
    parcel = OrganicParcel.objects.get(farmer=owner)

    logged_in(client, other)
    edit_url = reverse("land_use:parcel-edit", args=[parcel.pk])
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, {**PARCEL_FORM, "name": "Volée"}).status_code == 403
    archive_url = reverse("land_use:parcel-archive", args=[parcel.pk])
    assert client.post(archive_url).status_code == 403
    parcel.refresh_from_db()
    assert parcel.name == "Le Champ du Moulin" and parcel.archived_at is None

    logged_in(client, owner)
    assert client.post(edit_url, {**PARCEL_FORM, "name": "Le Champ Neuf"}).status_code == 302
    assert client.post(archive_url).status_code == 302
    parcel.refresh_from_db()
    assert parcel.name == "Le Champ Neuf" and parcel.archived_at is not None
    page = client.get(reverse("land_use:my-parcels")).content.decode()
    assert '<th scope="row">Le Champ Neuf</th>' not in page
    assert "Aucune parcelle pour l’instant" in page


def test_an_upload_is_previewed_then_confirmed(client, loos):
    owner = farmer()
    logged_in(client, owner)
    frame = files.geopandas.pd.concat([files.three_parcels(), files.lens_frame()])
    upload_file = SimpleUploadedFile("ferme.gpkg", files.geopackage(("parcelles", frame)))
    response = client.post(
        reverse("land_use:upload"),
        {**PARCEL_FORM, "commune": "62528", "file": upload_file, "code_cultu": ""},
    )
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "La parcelle est en dehors de Loos-en-Gohelle" in preview
    assert OrganicParcel.objects.filter(farmer=owner).count() == 0

    upload = ParcelUpload.objects.get(farmer=owner)
    assert logged_in(client, farmer()).get(response.url).status_code == 404
    logged_in(client, owner)
    client.post(reverse("land_use:upload-confirm", args=[upload.token]))
    assert OrganicParcel.objects.filter(farmer=owner).count() == 3


def test_a_refused_file_is_explained_on_the_form(client, loos):
    logged_in(client, farmer())
    bad = SimpleUploadedFile("abime.zip", b"PK not really a zip")
    page = client.post(
        reverse("land_use:upload"), {**PARCEL_FORM, "commune": "62528", "file": bad}
    ).content.decode()
    assert "Le fichier zip est abîmé" in page
    assert ParcelUpload.objects.count() == 0


def test_a_person_asks_for_the_role_and_reads_the_planners_answer(
    client, db, django_capture_on_commit_callbacks
):
    person = UserFactory()
    logged_in(client, person)
    page = client.post(
        reverse("land_use:become-farmer"), {"farm_name": "Ferme", "siret": "73282932000075"}
    ).content.decode()
    assert "Ce numéro SIRET n’est pas valide" in page
    client.post(
        reverse("land_use:become-farmer"), {"farm_name": "Ferme du Bois", "siret": "73282932000074"}
    )
    application = FarmerApplication.objects.get(applicant=person)

    boss = planner()
    logged_in(client, boss)
    assert "Ferme du Bois" in client.get(reverse("land_use:applications")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("land_use:application-decide", args=[application.pk]),
            {"decision": "grant", "message": "Bienvenue parmi les agriculteurs bio !"},
        )
    assert is_farmer(person)
    assert mail.outbox[-1].to == [person.email]

    logged_in(client, person)
    page = client.get(reverse("land_use:become-farmer")).content.decode()
    assert "Bienvenue parmi les agriculteurs bio !" in page
    assert "accordée" in page


@pytest.mark.parametrize("user_factory", [UserFactory, farmer])
def test_only_planners_see_and_decide_requests(client, db, user_factory):
    application = FarmerApplicationFactory()
    logged_in(client, user_factory())
    assert client.get(reverse("land_use:applications")).status_code == 403
    client.post(
        reverse("land_use:application-decide", args=[application.pk]), {"decision": "grant"}
    )
    application.refresh_from_db()
    assert application.status == "pending"


def test_the_drawing_page_hands_the_draw_control_to_the_script(client, loos):
    logged_in(client, farmer())
    page = client.get(reverse("land_use:parcel-create")).content.decode()
    config = re.search(r'id="parcel-draw-config"[^>]*>(.*?)</script>', page).group(1)
    drawn_items = json.loads(config)["drawnItems"]
    assert drawn_items.startswith("drawnItems_draw_control_")
    assert f"var {drawn_items}" in page
    assert "leaflet.draw.js" in page and "cdnjs" not in page


def test_a_25_mb_file_is_refused_on_the_form_with_its_sentence(client, loos):
    logged_in(client, farmer())
    heavy = SimpleUploadedFile("lourd.geojson", b" " * (25 * 1024 * 1024))
    page = client.post(
        reverse("land_use:upload"), {**PARCEL_FORM, "commune": "62528", "file": heavy}
    ).content.decode()
    assert "Le fichier pèse 25,0 Mo ; la limite est de 20 Mo." in page
    assert ParcelUpload.objects.count() == 0


def test_the_preview_page_switches_layer(client, loos):
    owner = farmer()
    logged_in(client, owner)
    content = files.geopackage(
        ("vide_ou_presque", files.lens_frame()), ("parcelles", files.three_parcels())
    )
    response = client.post(
        reverse("land_use:upload"),
        {**PARCEL_FORM, "commune": "62528", "file": SimpleUploadedFile("f.gpkg", content)},
    )
    page = client.get(response.url).content.decode()
    assert "0 acceptée(s) (0,00 ha), 1 refusée(s)" in page
    page = client.post(response.url, {"layer": "parcelles"}).content.decode()
    assert "3 acceptée(s)" in page
    assert ParcelUpload.objects.get(farmer=owner).layer == "parcelles"


def test_planners_list_every_parcel_with_its_owner_and_correct_one_over_an_overlap(client, loos):
    owner, neighbour = farmer(display_name="Jeanne Fermière"), farmer()
    logged_in(client, owner)
    client.post(reverse("land_use:parcel-create"), {**PARCEL_FORM, "geometry": field(0, 0).geojson})
    logged_in(client, neighbour)
    client.post(
        reverse("land_use:parcel-create"),
        {**PARCEL_FORM, "name": "Voisine", "geometry": field(1, 0).geojson},
    )
    assert client.get(reverse("land_use:all-parcels")).status_code == 403

    boss = planner()
    logged_in(client, boss)
    page = client.get(reverse("land_use:all-parcels")).content.decode()
    assert '<td data-label="Agriculteur">Jeanne Fermière</td>' in page
    assert "Parcelle du Marais (illustrative)" in page

    neighbour_parcel = OrganicParcel.objects.get(name="Voisine")
    overlapping = {**PARCEL_FORM, "name": "Voisine", "geometry": field(0, 0, size=0.0021).geojson}
    edit_url = reverse("land_use:parcel-edit", args=[neighbour_parcel.pk])
    assert "La parcelle chevauche" in client.post(edit_url, overlapping).content.decode()
    response = client.post(edit_url, {**overlapping, "override_reason": "Bornage du géomètre"})
    assert response.status_code == 302 and response.url == reverse("land_use:all-parcels")
    event = neighbour_parcel.events.get(action="overlap_overridden")
    assert (event.actor, event.reason) == (boss, "Bornage du géomètre")


def test_farmers_do_not_get_the_override_field(client, loos):
    logged_in(client, farmer())
    page = client.get(reverse("land_use:parcel-create")).content.decode()
    assert 'name="override_reason"' not in page

"""What a farmer meets on the farm pages: the SIRET as printed, planners told of a request,
which parcels count in the organic share, messages shown once, abandoned files forgotten."""

import datetime

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from land_use.models import FarmerApplication, OrganicParcel, ParcelUpload
from land_use.services import parcel_uploads_purge
from land_use.services.parcel_uploads import UPLOAD_KEPT_FOR
from tests.accounts.factories import UserFactory
from tests.land_use import files
from tests.land_use.factories import FarmerApplicationFactory, farmer, planner
from tests.land_use.parcels import field
from tests.land_use.test_views import PARCEL_FORM, logged_in


def test_a_siret_typed_with_spaces_as_on_the_kbis_is_accepted_and_stored_as_14_digits(client, db):
    logged_in(client, UserFactory())
    response = client.post(
        reverse("land_use:become-farmer"),
        {"farm_name": "Ferme du Bois", "siret": " 732 829 320\u00a000074 "},
    )
    assert response.status_code == 302
    assert FarmerApplication.objects.get().siret == "73282932000074"


def test_a_siret_with_a_wrong_key_is_still_refused_after_its_spaces_are_removed(client, db):
    logged_in(client, UserFactory())
    page = client.post(
        reverse("land_use:become-farmer"), {"farm_name": "Ferme", "siret": "732 829 320 00075"}
    ).content.decode()
    assert "Ce numéro SIRET n’est pas valide" in page
    assert not FarmerApplication.objects.exists()


def test_every_planner_is_emailed_with_a_link_when_a_farmer_asks_for_the_role(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cadre-de-vie.example.fr"
    first, second = planner(), planner()
    inactive = planner(is_active=False)
    logged_in(client, UserFactory(display_name="Jeanne Labour"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("land_use:become-farmer"),
            {"farm_name": "Ferme du Bois", "siret": "73282932000074"},
        )
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {first.email, second.email}
    assert inactive.email not in sent
    message = sent[first.email]
    assert message.subject == "[Cadre de vie] Une demande de rôle d’agriculteur attend"
    assert "Jeanne Labour" in message.body and "Ferme du Bois" in message.body
    assert "https://cadre-de-vie.example.fr/farm/applications/" in message.body


def test_the_farmers_answer_links_to_their_parcels(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cadre-de-vie.example.fr"
    application = FarmerApplicationFactory()
    logged_in(client, planner())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("land_use:application-decide", args=[application.pk]),
            {"decision": "grant", "message": ""},
        )
    assert mail.outbox[-1].to == [application.applicant.email]
    assert "https://cadre-de-vie.example.fr/farm/parcels/" in mail.outbox[-1].body


def test_the_parcel_forms_say_which_parcels_count_in_the_organic_share(client, loos):
    logged_in(client, farmer())
    for name in ("land_use:parcel-create", "land_use:upload"):
        page = client.get(reverse(name)).content.decode()
        assert "Ce qui compte dans la part bio de la commune" in page
        assert "brouillons" in page


def test_a_draft_parcel_is_said_not_to_count_on_saving_on_its_form_and_in_the_list(client, loos):
    owner = farmer()
    logged_in(client, owner)
    drawn = field(3, 3).json
    response = client.post(
        reverse("land_use:parcel-create"),
        {**PARCEL_FORM, "certification_state": "draft", "geometry": drawn},
        follow=True,
    )
    page = response.content.decode()
    parcel = OrganicParcel.objects.get(farmer=owner)
    assert not parcel.counts_as_organic
    assert "ne compte pas dans la part bio" in page
    # Shown once: the site's message list only, not a second copy in the farm page.
    assert page.count("est enregistrée") == 1
    assert "Non comptée dans la part bio" in page
    form = client.get(reverse("land_use:parcel-edit", args=[parcel.pk])).content.decode()
    assert "Cette parcelle ne compte pas dans la part bio aujourd’hui." in form


def test_a_certified_organic_parcel_counts_and_the_queryset_agrees(client, loos):
    owner = farmer()
    logged_in(client, owner)
    client.post(reverse("land_use:parcel-create"), {**PARCEL_FORM, "geometry": field(3, 3).json})
    parcel = OrganicParcel.objects.get(farmer=owner)
    assert parcel.counts_as_organic and parcel.not_counted_reason == ""
    counted = set(OrganicParcel.objects.counted_as_organic().values_list("pk", flat=True))
    for each in OrganicParcel.objects.all():
        assert each.counts_as_organic == (each.pk in counted)


def _upload(client, owner) -> ParcelUpload:
    logged_in(client, owner)
    content = files.geopackage(("parcelles", files.three_parcels()))
    client.post(
        reverse("land_use:upload"),
        {**PARCEL_FORM, "commune": "62528", "file": SimpleUploadedFile("f.gpkg", content)},
    )
    return ParcelUpload.objects.get(farmer=owner)


def test_purge_uploads_removes_only_the_files_left_unconfirmed_past_their_delay(client, loos):
    old, recent = _upload(client, farmer()), _upload(client, farmer())
    confirmed = _upload(client, farmer())
    long_ago = timezone.now() - UPLOAD_KEPT_FOR - datetime.timedelta(hours=1)
    ParcelUpload.objects.filter(pk__in=[old.pk, confirmed.pk]).update(created_at=long_ago)
    ParcelUpload.objects.filter(pk=confirmed.pk).update(confirmed_at=timezone.now())

    call_command("purge_uploads")

    assert set(ParcelUpload.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    later = timezone.now() + UPLOAD_KEPT_FOR + datetime.timedelta(hours=1)
    assert parcel_uploads_purge(now=later) == 1
    assert list(ParcelUpload.objects.values_list("pk", flat=True)) == [confirmed.pk]

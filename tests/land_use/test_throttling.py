"""Farmers' files of parcels: a limit on uploads per account, and a quota of pending files."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from land_use.models import ParcelUpload
from tests.land_use import files
from tests.land_use.factories import farmer
from tests.land_use.test_views import PARCEL_FORM, logged_in


def _send(client):
    content = files.geojson(files.three_parcels())
    return client.post(
        reverse("land_use:upload"),
        {**PARCEL_FORM, "commune": "62528", "file": SimpleUploadedFile("f.geojson", content)},
    )


def test_uploads_beyond_the_limit_of_an_account_get_the_form_again_with_429(client, loos, settings):
    settings.WRITE_LIMITS = {**settings.WRITE_LIMITS, "upload": {"account": "1/h"}}
    owner = farmer()
    logged_in(client, owner)
    assert _send(client).status_code == 302
    refused = _send(client)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 3000
    assert "Vous avez envoyé trop de fichiers de parcelles : au plus 1 en 1 heure" in (
        refused.content.decode()
    )
    assert ParcelUpload.objects.filter(farmer=owner).count() == 1


def test_pending_files_count_toward_a_farmer_s_quota_and_the_refusal_explains_it(
    client, loos, settings
):
    settings.UPLOADS_PENDING_MAX = 2
    owner = farmer()
    logged_in(client, owner)
    assert _send(client).status_code == 302
    assert _send(client).status_code == 302
    refused = _send(client)
    html = refused.content.decode()
    assert "Vous avez déjà 2 fichiers en attente de votre confirmation" in html
    assert ParcelUpload.objects.filter(farmer=owner).count() == 2
    # A confirmed file no longer waits: the farmer may send another.
    first = ParcelUpload.objects.filter(farmer=owner).earliest("created_at")
    client.post(reverse("land_use:upload-confirm", args=[first.token]))
    assert _send(client).status_code == 302

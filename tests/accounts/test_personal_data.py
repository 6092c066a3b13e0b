"""My data and erasure cover every app's part of a person: the registry of personal data."""

import json

from django.utils import timezone

from accounts.services import user_erase
from land_use.models import FarmerApplication, OrganicParcel, ParcelUpload
from land_use.services import parcel_register
from mapping.models import Report
from mapping.services import report_create
from tests.accounts.factories import UserFactory
from tests.land_use.factories import FarmerApplicationFactory, farmer
from tests.land_use.parcels import field
from tests.mapping.factories import ProposalFactory

ATTRIBUTES = {
    "name": "Le Grand Champ",
    "code_cultu": "BTH",
    "stage": "AB",
    "certification_body": "ecocert",
    "certification_state": "certified",
    "campaign_year": timezone.now().year,
}


def _farmer_with_everything(loos):
    person = farmer(display_name="Camille")
    FarmerApplicationFactory(applicant=person, farm_name="Ferme des Terrils", message="Bio !")
    parcel_register(actor=person, commune=loos, geometry=field(), attributes=ATTRIBUTES)
    ParcelUpload.objects.create(
        farmer=person, commune=loos, file_name="parcelles.geojson", content=b"{}"
    )
    return person


def test_my_data_of_a_farmer_holds_their_application_parcels_and_uploads(client, loos):
    person = _farmer_with_everything(loos)
    client.force_login(person)
    data = json.loads(client.get("/accounts/my-data.json").content)
    assert data["farmer_applications"][0]["farm_name"] == "Ferme des Terrils"
    assert data["farmer_applications"][0]["siret"] == "73282932000074"
    assert data["farmer_applications"][0]["message"] == "Bio !"
    assert [p["name"] for p in data["parcels"]] == ["Le Grand Champ"]
    assert data["parcels"][0]["area_ha"] > 0
    assert data["parcel_uploads"][0]["file_name"] == "parcelles.geojson"
    assert data["account"]["roles"] == ["farmer"]

    page = client.get("/accounts/my-data/").content.decode()
    assert "Demandes de rôle d’agriculteur" in page
    assert "Parcelles bio" in page


def test_my_data_lists_my_reports_but_not_the_reports_of_others(client, loos):
    me, other = UserFactory(), UserFactory()
    proposal = ProposalFactory(commune=loos)
    report_create(reporter=me, proposal=proposal, reason="spam", details="Publicité")
    report_create(reporter=other, proposal=proposal, reason="abusive")
    client.force_login(me)
    data = json.loads(client.get("/accounts/my-data.json").content)
    assert [(r["reason"], r["details"]) for r in data["reports"]] == [("spam", "Publicité")]


def test_erasing_a_farmer_removes_application_and_uploads_and_anonymises_parcels(loos):
    person = _farmer_with_everything(loos)
    user_erase(user=person)
    assert not FarmerApplication.objects.filter(applicant=person).exists()
    assert not ParcelUpload.objects.filter(farmer=person).exists()
    # The parcels make the commune's organic figure: they stay, owned by a nameless account.
    parcel = OrganicParcel.objects.get(farmer=person)
    assert parcel.farmer.display_name == "" and parcel.farmer.email.endswith("@invalid")
    assert not parcel.farmer.groups.exists()


def test_erasing_a_reporter_keeps_their_reports_so_the_hidden_content_stays_hidden(loos):
    proposal = ProposalFactory(commune=loos)
    reporters = [UserFactory() for _ in range(3)]
    for reporter in reporters:
        report_create(reporter=reporter, proposal=proposal, reason="abusive", details="Insulte")
    proposal.refresh_from_db()
    assert proposal.is_hidden

    user_erase(user=reporters[0])
    kept = Report.objects.get(reporter=reporters[0])
    assert kept.reason == "abusive"
    assert kept.details == ""  # the words the person wrote are theirs, and go
    assert Report.objects.filter(proposal=proposal).count() == 3
    proposal.refresh_from_db()
    assert proposal.is_hidden

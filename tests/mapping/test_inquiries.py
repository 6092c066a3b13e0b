"""A public inquiry (enquête publique) run as the legal electronic register (art. R123-9 and
R123-13 of the Code de l'environnement): exact times, numbered and acknowledged observations,
publication after the planner's delay, the commissioner's export and report, read-only after
the close."""

import csv
import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.roles import Role
from mapping.models import Comment, Consultation, Proposal, Support
from mapping.services import comment_create, proposal_create, support_add
from tests.accounts.factories import UserFactory
from tests.concurrency import at_once
from tests.geometries import TOWN_CENTRE
from tests.mapping.factories import ConsultationFactory

PARIS = ZoneInfo("Europe/Paris")
OPENS = datetime(2027, 3, 3, 9, 0, tzinfo=PARIS)
CLOSES = datetime(2027, 4, 4, 17, 0, tzinfo=PARIS)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _with_role(role: Role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def _inquiry(commune, **fields) -> Consultation:
    values = {
        "title": "Enquête publique sur la révision du PLU",
        "kind": Consultation.Kind.INQUIRY,
        "opens_at": OPENS,
        "closes_at": CLOSES,
    }
    values.update(fields)
    return ConsultationFactory(commune=commune, **values)


def _observe(inquiry, *, now, author=None, title="Préserver la haie du chemin") -> Proposal:
    return proposal_create(
        author=author or UserFactory(),
        commune=inquiry.commune,
        title=title,
        description="La haie abrite des oiseaux : la zone 1AUh devrait la garder.",
        category="nature",
        geometry=Point(*TOWN_CENTRE, srid=4326),
        consultation=inquiry,
        now=now,
    )


EXPECTED_REFUSAL = (
    "Le registre de l’enquête publique « Enquête publique sur la révision du PLU » ne reçoit "
    "d’observations que pendant l’enquête, ouverte du 3 mars 2027 à 9 h 00 au 4 avril 2027 à "
    "17 h 00."
)


@pytest.mark.parametrize(
    "moment",
    [CLOSES + timedelta(minutes=1), OPENS - timedelta(minutes=1), CLOSES],
    ids=["a minute after the close", "a minute before the opening", "at the closing time"],
)
def test_an_inquiry_refuses_an_observation_outside_its_exact_times_giving_them(loos, moment):
    inquiry = _inquiry(loos)
    with pytest.raises(ValidationError) as refusal:
        _observe(inquiry, now=moment)
    assert refusal.value.message_dict == {"consultation": [EXPECTED_REFUSAL]}
    assert not inquiry.proposals.exists()


def test_an_inquiry_takes_an_observation_in_its_last_minute_and_at_its_opening(loos):
    inquiry = _inquiry(loos)
    first = _observe(inquiry, now=OPENS)
    last = _observe(inquiry, now=CLOSES - timedelta(minutes=1))
    assert (first.register_number, last.register_number) == (1, 2)
    assert last.created_at == CLOSES - timedelta(minutes=1)


def test_each_observation_is_numbered_and_acknowledged_by_email_with_its_number_and_time(
    loos, django_capture_on_commit_callbacks
):
    inquiry = _inquiry(loos)
    residents = [UserFactory(), UserFactory(), UserFactory()]
    with django_capture_on_commit_callbacks(execute=True):
        numbers = [
            _observe(
                inquiry, author=resident, now=OPENS + timedelta(hours=1, minutes=7 * n)
            ).register_number
            for n, resident in enumerate(residents)
        ]
    assert numbers == [1, 2, 3]
    assert [message.to for message in mail.outbox] == [[r.email] for r in residents]
    third = mail.outbox[2]
    assert "Votre observation n° 3 à l’enquête publique" in third.subject
    assert "reçue le 3 mars 2027 à 10 h 14" in third.body
    assert "enregistrée sous le numéro 3" in third.body
    # A link back to the observation, on the town's own address.
    third_proposal = inquiry.proposals.get(register_number=3)
    assert settings.SITE_URL.rstrip("/") + third_proposal.get_absolute_url() in third.body


def test_a_refused_observation_takes_no_number_and_sends_no_email(
    loos, django_capture_on_commit_callbacks
):
    inquiry = _inquiry(loos)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _observe(inquiry, now=CLOSES + timedelta(minutes=1))
    assert mail.outbox == []
    assert _observe(inquiry, now=OPENS).register_number == 1


def test_parallel_observations_get_different_numbers(live_server, loos_live):
    """Observations sent at the same moment by several residents each get their own number.

    Three rounds of six at once; without the consultation's row lock two requests read the
    same last number and the database's unique constraint turned one of them into an error."""
    now = timezone.now()
    inquiry = _inquiry(
        loos_live, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    residents = [UserFactory() for _ in range(6)]
    headers = [{"Authorization": f"Token {Token.objects.create(user=r).key}"} for r in residents]
    payload = {
        "title": "Un passage piéton",
        "description": "Devant l’école, les voitures roulent vite.",
        "category": "mobility",
        "consultation": inquiry.pk,
        "geometry": json.loads(Point(*TOWN_CENTRE, srid=4326).geojson),
    }
    url = live_server.url + "/api/v1/proposals/"
    for _round in range(3):
        responses = at_once(
            [(lambda h=h: requests.post(url, json=payload, headers=h, timeout=60)) for h in headers]
        )
        assert [r.status_code for r in responses] == [201] * 6, [r.text for r in responses]
    numbers = sorted(inquiry.proposals.values_list("register_number", flat=True))
    assert numbers == list(range(1, 19))


def test_an_observation_is_published_once_the_delay_has_passed_unless_hidden(client, loos):
    inquiry = _inquiry(loos, publication_delay_hours=48)
    author = UserFactory()
    sent = OPENS + timedelta(hours=2)
    observation = _observe(inquiry, author=author, now=sent)
    hidden = _observe(inquiry, now=sent, title="Un message injurieux")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    commissioner = _with_role(Role.COMMISSIONER)

    def seen_by(user, now):
        return set(
            Proposal.objects.visible_to(user, now=now)
            .filter(consultation=inquiry)
            .values_list("pk", flat=True)
        )

    before, after = sent + timedelta(hours=47, minutes=59), sent + timedelta(hours=48)
    assert seen_by(None, before) == set() and seen_by(UserFactory(), before) == set()
    assert seen_by(None, after) == {observation.pk}
    assert seen_by(author, before) == {observation.pk}  # the author always sees their own
    assert seen_by(commissioner, before) == {observation.pk, hidden.pk}

    # The register page and the proposal page follow the same rule.
    page = f"/consultations/{inquiry.pk}/"
    assert observation.title not in client.get(page).content.decode()
    assert client.get(observation.get_absolute_url()).status_code == 404
    Proposal.objects.filter(pk=observation.pk).update(
        created_at=timezone.now() - timedelta(hours=49)
    )
    html = client.get(page).content.decode()
    assert observation.title in html and "N° 1" in html
    assert hidden.title not in html
    assert client.get(observation.get_absolute_url()).status_code == 200


def test_the_commissioner_exports_every_observation_as_csv(client, loos):
    inquiry = _inquiry(loos, publication_delay_hours=240)
    author = UserFactory(display_name="Martine D.")
    _observe(inquiry, author=author, now=OPENS + timedelta(minutes=5), title="=HYPERLINK(1)")
    _observe(inquiry, now=OPENS + timedelta(hours=3))
    url = f"/consultations/{inquiry.pk}/observations.csv"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(_with_role(Role.COMMISSIONER))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["number", "received_at", "author", "title", "text", "category", "geometry"]
    assert [row[0] for row in rows[1:]] == ["1", "2"]
    first = rows[1]
    assert first[1] == "2027-03-03T09:05:00+01:00"
    assert first[2] == "Martine D."
    assert first[3] == "'=HYPERLINK(1)"  # a spreadsheet will not run it
    assert first[6].startswith("POINT (")


def test_the_commissioner_uploads_the_report_and_a_non_pdf_is_refused(client, loos):
    inquiry = _inquiry(loos)
    url = f"/consultations/{inquiry.pk}/report/"
    client.force_login(UserFactory())
    client.post(url, {"report": SimpleUploadedFile("r.pdf", PDF, "application/pdf")})
    inquiry.refresh_from_db()
    assert not inquiry.report
    client.force_login(_with_role(Role.COMMISSIONER))
    fake = SimpleUploadedFile("rapport.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = client.post(url, {"report": fake}, follow=True)
    assert "Ce fichier n’est pas un PDF" in response.content.decode()
    inquiry.refresh_from_db()
    assert not inquiry.report
    response = client.post(
        url, {"report": SimpleUploadedFile("rapport.pdf", PDF, "application/pdf")}, follow=True
    )
    assert "Le rapport et les conclusions sont publiés sur le registre jusqu’au" in (
        response.content.decode()
    )
    inquiry.refresh_from_db()
    assert inquiry.report and inquiry.report.read() == PDF


def test_a_report_over_the_size_limit_is_refused(loos, monkeypatch):
    from mapping.services import consultations

    monkeypatch.setattr(consultations, "REPORT_MAX_BYTES", 1024 * 1024)
    inquiry = _inquiry(loos)
    big = SimpleUploadedFile("r.pdf", PDF + b" " * (1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError) as refusal:
        consultations.consultation_report_upload(
            consultation=inquiry, user=_with_role(Role.COMMISSIONER), file=big
        )
    assert "Le fichier dépasse 1 Mo" in " ".join(refusal.value.messages)


def test_the_report_is_public_for_one_year_after_the_close_and_not_after(client, loos):
    now = timezone.now()
    inquiry = _inquiry(
        loos, opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=364)
    )
    inquiry.report.save("x.pdf", SimpleUploadedFile("x.pdf", PDF), save=True)
    page, pdf = f"/consultations/{inquiry.pk}/", f"/consultations/{inquiry.pk}/report.pdf"
    assert pdf in client.get(page).content.decode()
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF

    Consultation.objects.filter(pk=inquiry.pk).update(closes_at=now - timedelta(days=366))
    assert pdf not in client.get(page).content.decode()
    assert client.get(pdf).status_code == 404
    client.force_login(_with_role(Role.COMMISSIONER))
    assert client.get(pdf).status_code == 200  # the commissioner keeps reading it


def test_after_the_close_the_register_takes_no_comment_nor_support(client, loos):
    now = timezone.now()
    inquiry = _inquiry(loos, opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=2))
    observation = _observe(inquiry, now=now - timedelta(days=10))
    resident = UserFactory()
    closed = "son registre est désormais en lecture seule"
    for write in (
        lambda: comment_create(proposal=observation, author=resident, body="Trop tard ?"),
        lambda: support_add(proposal=observation, user=resident),
    ):
        with pytest.raises(ValidationError) as refusal:
            write()
        assert closed in " ".join(refusal.value.messages)
    with pytest.raises(ValidationError) as refusal:
        _observe(inquiry, now=now)
    assert "ouverte du" in " ".join(refusal.value.messages)

    client.force_login(resident)
    response = client.post(f"/proposals/{observation.pk}/comments/", {"body": "Trop tard ?"})
    assert response.status_code == 400 and closed in response.content.decode()
    response = client.post(f"/proposals/{observation.pk}/support/", follow=True)
    assert closed in response.content.decode()
    assert not Comment.objects.filter(proposal=observation).exists()
    assert not Support.objects.filter(proposal=observation).exists()
    assert "L’enquête est close : son registre est en lecture seule." in (
        client.get(f"/consultations/{inquiry.pk}/").content.decode()
    )

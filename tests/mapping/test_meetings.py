"""Public meetings: planners record them through the services, residents read them on their
pages, on the proposal's page, in the API; they are counted per year and per mandate."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.contrib.gis.geos import MultiPolygon, Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from mapping import selectors
from mapping.models import Meeting
from mapping.services import meeting_record, meeting_update
from territory.webmap.assets import asset_urls
from tests.accounts.factories import UserFactory
from tests.geometries import TOWN_CENTRE, square
from tests.mapping.factories import ConsultationFactory, MeetingFactory, ProposalFactory

PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OUTSIDE = (2.70, 50.50)  # north-west of Loos-en-Gohelle, in a neighbouring commune


@pytest.fixture
def planner(db):
    user = UserFactory(username="urbaniste", display_name="L'urbaniste")
    user.groups.add(Group.objects.get(name=Role.PLANNER))
    return user


@pytest.fixture
def no_demo_meetings(loos):
    """The demonstration's meetings aside, so a test counts only its own."""
    Meeting.objects.all().delete()
    return loos


def _values(**changes):
    values = {
        "topic": "Atelier de la place du marché",
        "starts_at": datetime(2027, 3, 3, 18, 30, tzinfo=PARIS),
        "ends_at": datetime(2027, 3, 3, 20, 30, tzinfo=PARIS),
        "place_name": "Mairie de Loos-en-Gohelle",
        "location": Point(*TOWN_CENTRE, srid=4326),
        "attendance": 64,
        "minutes": "Les habitants demandent des jardins partagés.",
    }
    values.update(changes)
    return values


def _pdf(content=PDF, name="cr.pdf"):
    return SimpleUploadedFile(name, content, "application/pdf")


def _other_commune(loos):
    from territory.models import Commune

    far = MultiPolygon(square(3.05, 50.30, 0.01), srid=4326)
    return Commune.objects.create(insee="62001", name="Ailleurs", boundary=far, projected_srid=2154)


# Services ------------------------------------------------------------------------------------


def test_a_planner_records_a_meeting_with_its_proposals_and_its_minutes_pdf(loos, planner):
    proposal = ProposalFactory(commune=loos)
    meeting = meeting_record(
        user=planner, commune=loos, proposals=[proposal], minutes_pdf=_pdf(), **_values()
    )
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.attendance, meeting.recorded_by) == (
        "Atelier de la place du marché",
        64,
        planner,
    )
    assert list(proposal.meetings.all()) == [meeting]
    assert meeting.minutes_pdf.name == f"meetings/{meeting.pk}/compte-rendu.pdf"
    assert meeting.minutes_pdf.read() == PDF


def test_a_resident_cannot_record_a_meeting(loos):
    with pytest.raises(PermissionDenied):
        meeting_record(user=UserFactory(), commune=loos, **_values())
    assert not Meeting.objects.filter(topic="Atelier de la place du marché").exists()


def test_a_meeting_placed_outside_the_commune_is_refused_and_nothing_is_stored(loos, planner):
    with pytest.raises(ValidationError) as refused:
        meeting_record(user=planner, commune=loos, **_values(location=Point(*OUTSIDE, srid=4326)))
    assert "Loos-en-Gohelle" in refused.value.message_dict["location"][0]
    assert not Meeting.objects.filter(topic="Atelier de la place du marché").exists()


def test_a_meeting_that_ends_before_it_starts_is_refused_with_every_problem_at_once(loos, planner):
    with pytest.raises(ValidationError) as refused:
        meeting_record(
            user=planner,
            commune=loos,
            **_values(
                topic="  ",
                ends_at=datetime(2027, 3, 3, 17, 0, tzinfo=PARIS),
                location=None,
            ),
        )
    errors = refused.value.message_dict
    assert set(errors) == {"topic", "ends_at", "location"}
    assert "3 mars 2027 à 18 h 30" in errors["ends_at"][0]


def test_only_proposals_and_consultations_of_the_same_commune_are_linked(loos, planner):
    other = _other_commune(loos)
    foreign = ProposalFactory(commune=other, geometry=Point(3.05, 50.30, srid=4326))
    with pytest.raises(ValidationError) as refused:
        meeting_record(
            user=planner,
            commune=loos,
            proposals=[foreign],
            consultation=ConsultationFactory(commune=other),
            **_values(),
        )
    assert set(refused.value.message_dict) == {"proposals", "consultation"}
    assert foreign.title in refused.value.message_dict["proposals"][0]


def test_minutes_that_are_not_a_pdf_are_refused_by_the_inquiry_reports_rule(loos, planner):
    with pytest.raises(ValidationError) as refused:
        meeting_record(
            user=planner,
            commune=loos,
            minutes_pdf=_pdf(b"<html>pas un PDF</html>", "cr.pdf"),
            **_values(),
        )
    assert "n’est pas un PDF" in refused.value.message_dict["minutes_pdf"][0]
    assert not Meeting.objects.filter(topic="Atelier de la place du marché").exists()


def test_minutes_over_the_size_limit_are_refused(loos, planner, monkeypatch):
    from mapping.services import consultations

    monkeypatch.setattr(consultations, "REPORT_MAX_BYTES", 1024 * 1024)
    big = _pdf(PDF + b" " * (1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        meeting_record(user=planner, commune=loos, minutes_pdf=big, **_values())
    assert "1 Mo" in refused.value.message_dict["minutes_pdf"][0]


def test_an_update_completes_the_meeting_and_keeps_its_pdf_unless_a_new_one_is_sent(loos, planner):
    meeting = meeting_record(user=planner, commune=loos, minutes_pdf=_pdf(), **_values())
    meeting_update(meeting=meeting, user=planner, **_values(attendance=80))
    meeting.refresh_from_db()
    assert meeting.attendance == 80 and meeting.minutes_pdf.read() == PDF
    newer = PDF.replace(b"1.7", b"2.0")
    meeting_update(meeting=meeting, user=planner, minutes_pdf=_pdf(newer), **_values())
    meeting.refresh_from_db()
    assert meeting.minutes_pdf.name == f"meetings/{meeting.pk}/compte-rendu.pdf"
    assert meeting.minutes_pdf.read() == newer


# Counts --------------------------------------------------------------------------------------


def test_meetings_of_2021_to_february_2026_count_as_one_mandate(no_demo_meetings):
    for year, month in ((2021, 1), (2022, 6), (2023, 9), (2024, 3), (2025, 11), (2026, 2)):
        MeetingFactory(
            commune=no_demo_meetings, starts_at=datetime(year, month, 10, 18, tzinfo=PARIS)
        )
    counted = selectors.meetings_per_mandate(no_demo_meetings)
    assert [(mandate.label, count) for mandate, count in counted] == [("2020-2026", 6)]


def test_the_election_day_opens_the_next_mandate_in_the_counts(no_demo_meetings):
    MeetingFactory(commune=no_demo_meetings, starts_at=datetime(2026, 3, 14, 18, tzinfo=PARIS))
    MeetingFactory(commune=no_demo_meetings, starts_at=datetime(2026, 3, 15, 10, tzinfo=PARIS))
    counted = selectors.meetings_per_mandate(no_demo_meetings)
    assert [(mandate.label, count) for mandate, count in counted] == [
        ("2020-2026", 1),
        ("2026-2032", 1),
    ]


def test_meetings_per_year_count_by_the_towns_local_year(no_demo_meetings):
    # 00:30 on 1 January in Paris is still 31 December in UTC: it counts for the new year.
    MeetingFactory(commune=no_demo_meetings, starts_at=datetime(2023, 1, 1, 0, 30, tzinfo=PARIS))
    MeetingFactory(commune=no_demo_meetings, starts_at=datetime(2022, 12, 31, 18, tzinfo=PARIS))
    MeetingFactory(commune=no_demo_meetings, starts_at=datetime(2022, 5, 1, 18, tzinfo=PARIS))
    assert selectors.meetings_per_year(no_demo_meetings) == [(2022, 2), (2023, 1)]


def test_counts_of_every_commune_when_none_is_named(no_demo_meetings):
    other = _other_commune(no_demo_meetings)
    MeetingFactory(commune=no_demo_meetings, starts_at=datetime(2022, 5, 1, 18, tzinfo=PARIS))
    MeetingFactory(
        commune=other,
        starts_at=datetime(2022, 6, 1, 18, tzinfo=PARIS),
        location=Point(3.05, 50.30, srid=4326),
    )
    assert selectors.meetings_per_year(no_demo_meetings) == [(2022, 1)]
    assert selectors.meetings_per_year(None) == [(2022, 2)]
    assert [count for _mandate, count in selectors.meetings_per_mandate(None)] == [2]


# Pages ---------------------------------------------------------------------------------------


def test_the_meetings_page_lists_upcoming_and_past_meetings_with_a_map_and_counts(
    client, no_demo_meetings
):
    loos = no_demo_meetings
    MeetingFactory(
        commune=loos, topic="Atelier à venir", starts_at=datetime(2031, 5, 1, 18, 30, tzinfo=PARIS)
    )
    MeetingFactory(
        commune=loos,
        topic="Visite passée",
        starts_at=datetime(2021, 10, 14, 18, 30, tzinfo=PARIS),
        attendance=1200,
    )
    response = client.get("/meetings/")
    assert response.status_code == 200
    html = response.content.decode()
    upcoming, past = html.split('id="past-title"')
    assert "Atelier à venir" in upcoming and "1er mai 2031 à 18 h 30" in upcoming
    assert "Visite passée" in past and "14 octobre 2021 à 18 h 30" in past
    assert "1\u202f200 personnes sont venues" in past or "1200 personnes sont venues" in past
    assert 'id="meetings-per-mandate"' in html and "2020-2026" in html and "2026-2032" in html
    assert '<th scope="row">2021</th><td>1</td>' in html
    assert "folium-map" in html and "Visite passée" in html.split("<script", 1)[1]


def test_a_meeting_page_shows_its_date_place_attendance_minutes_and_linked_proposals(
    client, loos, planner
):
    proposal = ProposalFactory(commune=loos, title="Des jardins partagés")
    meeting = meeting_record(
        user=planner, commune=loos, proposals=[proposal], minutes_pdf=_pdf(), **_values()
    )
    html = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "3 mars 2027 à 18 h 30" in html and "Mairie de Loos-en-Gohelle" in html
    assert "64 personnes" in html
    assert "Les habitants demandent des jardins partagés." in html
    assert f'href="{proposal.get_absolute_url()}"' in html
    assert f'href="/meetings/{meeting.pk}/minutes.pdf"' in html
    assert f"/meetings/{meeting.pk}/edit/" not in html  # a visitor does not edit


def test_the_minutes_pdf_is_served_to_anyone_as_a_pdf(client, loos, planner):
    meeting = meeting_record(user=planner, commune=loos, minutes_pdf=_pdf(), **_values())
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    without = MeetingFactory(commune=loos)
    assert client.get(f"/meetings/{without.pk}/minutes.pdf").status_code == 404


def test_a_proposal_page_lists_the_meetings_that_discussed_it(client, loos, planner):
    proposal = ProposalFactory(commune=loos)
    meeting = meeting_record(user=planner, commune=loos, proposals=[proposal], **_values())
    html = client.get(proposal.get_absolute_url()).content.decode()
    section = html.split('id="meetings-title"')[1]
    assert (
        f'href="/meetings/{meeting.pk}/"' in section and "Atelier de la place du marché" in section
    )
    assert "3 mars 2027 à 18 h 30" in section


def test_only_planners_open_the_meeting_form(client, loos, planner):
    client.force_login(UserFactory())
    assert client.get("/meetings/new/").status_code == 403
    client.force_login(planner)
    response = client.get("/meetings/new/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="longitude"' in html and 'name="latitude"' in html and "folium-map" in html


def test_a_planner_records_then_edits_a_meeting_through_the_form(client, loos, planner):
    client.force_login(planner)
    proposal = ProposalFactory(commune=loos)
    data = {
        "topic": "Atelier de la place du marché",
        "starts_at": "2027-03-03T18:30",
        "ends_at": "2027-03-03T20:30",
        "place_name": "Mairie de Loos-en-Gohelle",
        "longitude": "2.7942",
        "latitude": "50.4583",
        "attendance": "40",
        "minutes": "Compte rendu.",
        "proposals": [str(proposal.pk)],
        "minutes_pdf": _pdf(),
    }
    response = client.post("/meetings/new/", data)
    meeting = Meeting.objects.get(topic="Atelier de la place du marché")
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.starts_at == datetime(2027, 3, 3, 18, 30, tzinfo=PARIS)
    assert list(meeting.proposals.all()) == [proposal] and meeting.minutes_pdf
    assert meeting.location.coords == pytest.approx(TOWN_CENTRE)
    edit = client.get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert 'value="2.7942"' in edit and 'value="50.4583"' in edit
    data.pop("minutes_pdf")
    data["attendance"] = "45"
    assert client.post(f"/meetings/{meeting.pk}/edit/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.attendance == 45 and meeting.minutes_pdf.read() == PDF


def test_the_form_says_why_a_point_outside_the_commune_is_refused(client, loos, planner):
    client.force_login(planner)
    response = client.post(
        "/meetings/new/",
        {
            "topic": "Ailleurs",
            "starts_at": "2027-03-03T18:30",
            "place_name": "Salle",
            "longitude": str(OUTSIDE[0]),
            "latitude": str(OUTSIDE[1]),
        },
    )
    assert response.status_code == 400
    assert "Loos-en-Gohelle" in response.content.decode()
    assert not Meeting.objects.filter(topic="Ailleurs").exists()


def test_the_meetings_pages_load_no_outside_asset_and_their_scripts_carry_the_nonce(
    client, loos, planner
):
    meeting = Meeting.objects.filter(commune=loos).first()
    client.force_login(planner)
    for path in ("/meetings/", meeting.get_absolute_url(), "/meetings/new/"):
        response = client.get(path)
        html = response.content.decode()
        urls = asset_urls(html)
        assert urls, path
        for url in urls:
            assert url.startswith("/") and not url.startswith("//"), (path, url)
        assert f'<script nonce="{response.wsgi_request.csp_nonce}">' in html, path


# The API -------------------------------------------------------------------------------------

API = "/api/v1/meetings/"


def _api_body(**changes):
    body = {
        "topic": "Réunion par l'API",
        "starts_at": "2027-03-03T18:30:00+01:00",
        "place_name": "Base 11/19",
        "location": {"type": "Point", "coordinates": [2.788, 50.444]},
    }
    body.update(changes)
    return body


def test_the_api_lists_meetings_as_geojson_filtered_by_bbox_consultation_and_year(
    client, no_demo_meetings
):
    loos = no_demo_meetings
    consultation = ConsultationFactory(commune=loos)
    centre = MeetingFactory(
        commune=loos, starts_at=datetime(2022, 5, 1, 18, tzinfo=PARIS), consultation=consultation
    )
    base = MeetingFactory(
        commune=loos,
        starts_at=datetime(2024, 5, 1, 18, tzinfo=PARIS),
        location=Point(2.788, 50.444, srid=4326),
    )
    page = client.get(API).json()
    assert page["type"] == "FeatureCollection" and page["count"] == 2
    feature = next(f for f in page["features"] if f["id"] == centre.pk)
    assert feature["geometry"] == {"type": "Point", "coordinates": list(TOWN_CENTRE)}
    assert feature["properties"]["commune"] == "62528"
    assert feature["properties"]["consultation"] == consultation.pk
    assert feature["properties"]["url"].endswith(f"/meetings/{centre.pk}/")

    def ids(**query):
        return [f["id"] for f in client.get(API, query).json()["features"]]

    assert ids(bbox="2.785,50.440,2.792,50.447") == [base.pk]
    assert ids(consultation=consultation.pk) == [centre.pk]
    assert ids(year=2024) == [base.pk]
    assert client.get(API, {"bbox": "2.78,50.44,2.79,95"}).status_code == 400


def test_only_planners_record_meetings_through_the_api(client, loos, planner):
    assert client.post(API, _api_body(), content_type="application/json").status_code in (401, 403)
    client.force_login(UserFactory())
    assert client.post(API, _api_body(), content_type="application/json").status_code == 403
    client.force_login(planner)
    response = client.post(API, _api_body(), content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["properties"]["topic"] == "Réunion par l'API"
    assert Meeting.objects.get(pk=created["id"]).recorded_by == planner


def test_the_api_refuses_a_meeting_outside_the_commune_with_a_sentence(client, loos, planner):
    client.force_login(planner)
    outside = _api_body(location={"type": "Point", "coordinates": list(OUTSIDE)})
    response = client.post(API, outside, content_type="application/json")
    assert response.status_code == 400
    assert "Loos-en-Gohelle" in str(response.json())
    assert not Meeting.objects.filter(topic="Réunion par l'API").exists()


def test_a_planner_completes_a_meeting_with_a_partial_update(client, loos, planner):
    meeting = meeting_record(user=planner, commune=loos, **_values(attendance=None))
    client.force_login(planner)
    response = client.patch(
        f"{API}{meeting.pk}/", {"attendance": 52}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert (meeting.attendance, meeting.topic) == (52, "Atelier de la place du marché")


# The admin and the demonstration ----------------------------------------------------------------


def test_the_admin_writes_meetings_through_the_service(client, loos, planner):
    planner.is_staff = True
    planner.save(update_fields=["is_staff"])
    client.force_login(planner)
    meeting = MeetingFactory(commune=loos, topic="Avant")
    url = f"/admin/mapping/meeting/{meeting.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="minutes_pdf"' not in page.content.decode()
    data = {
        "consultation": "",
        "topic": "Après",
        "description": "",
        "starts_at_0": "03/03/2027",
        "starts_at_1": "18:30",
        "ends_at_0": "03/03/2027",
        "ends_at_1": "20:00",
        "place_name": "Mairie",
        # Outside the commune: the model has no rule for it, the service has.
        "location": Point(*OUTSIDE, srid=4326).ewkt,
        "attendance": "",
        "minutes": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "gardez-la à l’intérieur de la commune" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).topic == "Avant"
    data["location"] = meeting.location.ewkt
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).topic == "Après"


def test_the_demonstration_has_illustrative_meetings_past_and_upcoming(loos):
    meetings = Meeting.objects.filter(commune=loos)
    assert meetings.count() >= 12 and not meetings.filter(illustrative=False).exists()
    groups = selectors.meetings_grouped(commune=loos)
    assert groups.upcoming and groups.past
    assert any(m.proposals.exists() for m in meetings)
    for meeting in meetings:
        assert loos.boundary.contains(meeting.location), meeting.topic


def test_erasing_a_planner_keeps_the_meetings_they_recorded_and_forgets_who_did(loos, planner):
    from accounts.services import user_erase

    meeting = meeting_record(user=planner, commune=loos, **_values())
    user_erase(user=planner)
    meeting.refresh_from_db()
    assert meeting.topic == "Atelier de la place du marché" and meeting.recorded_by is None

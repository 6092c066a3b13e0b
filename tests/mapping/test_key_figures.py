"""The key figures (`mapping.key_figures`): each figure from known rows, the page, the JSON API
and the CSV, and the organic share read from the very selector the parcels API reads."""

import csv
import io
import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from rest_framework.test import APIClient

from land_use.models import EcoHousingSite, Equipment
from mapping.key_figures import figure_rows, key_figures, seed_figures
from mapping.models import FiftyFiftyProject, Meeting, Proposal, Support
from territory.models import Commune
from territory.webmap.assets import asset_urls
from tests.accounts.factories import UserFactory
from tests.geometries import TOWN_CENTRE
from tests.mapping.factories import ProposalFactory

PARIS = ZoneInfo("Europe/Paris")
API = "/api/v1/key-figures/"


@pytest.fixture
def town(loos):
    """A second commune with no data of its own, so each test knows every row it counts."""
    return Commune.objects.create(
        insee="62001", name="Ablain-Saint-Nazaire", boundary=loos.boundary, projected_srid=2154
    )


def _proposal(commune, *, status="submitted", category="public_space", **fields):
    if status in Proposal.ANSWERED_STATUSES:
        fields.setdefault("answer", "Merci pour cette idée.")
        fields.setdefault("answered_at", timezone.now())
    return ProposalFactory(commune=commune, status=status, category=category, **fields)


def _answered_after(commune, days: float, **fields):
    proposal = _proposal(commune, status="accepted", **fields)
    created = timezone.now() - timedelta(days=60)
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=created, answered_at=created + timedelta(days=days)
    )
    return proposal


def _without_demo_activity(commune) -> None:
    """Loos-en-Gohelle's demo meetings and fifty-fifty projects left out, so a test counts its
    own rows."""
    Meeting.objects.filter(commune=commune).delete()
    FiftyFiftyProject.objects.filter(commune=commune).delete()


def _meeting(commune, starts_at: datetime):
    return Meeting.objects.create(
        commune=commune,
        topic="Le cadre de vie du quartier",
        starts_at=starts_at,
        place_name="Salle des fêtes",
        location=Point(*TOWN_CENTRE, srid=4326),
    )


def _fifty_fifty(commune, budget: str, status: str, approved_at: datetime | None):
    return FiftyFiftyProject.objects.create(
        proposal=_proposal(commune),
        commune=commune,
        collective_name="Les jardiniers du 11/19",
        collective_kind="association",
        contact_name="Camille",
        contact_email="camille@example.org",
        total_budget=Decimal(budget),
        status=status,
        refusal_reason="Hors budget." if status == "refused" else "",
        applied_by=UserFactory(),
        approved_at=approved_at,
    )


def test_proposals_are_counted_by_status_and_category_as_a_visitor_sees_them(town):
    _proposal(town, status="submitted", category="housing")
    _proposal(town, status="accepted", category="mobility")
    _proposal(town, status="rejected", category="mobility")
    _proposal(town, status="accepted", category="energy", is_hidden=True)
    _proposal(town, status="withdrawn", category="energy")
    figures = key_figures(town)
    assert figures.proposals == 3
    assert [(item.value, item.count) for item in figures.proposals_by_status] == [
        ("submitted", 1),
        ("accepted", 1),
        ("rejected", 1),
    ]
    assert [(item.value, item.label, item.count) for item in figures.proposals_by_category] == [
        ("housing", "logement", 1),
        ("mobility", "mobilité", 2),
    ]


def test_the_answer_rate_is_answered_public_proposals_over_public_proposals(town):
    _proposal(town, status="submitted")
    _proposal(town, status="under_review")
    _proposal(town, status="partially_accepted")
    _proposal(town, status="implemented", is_hidden=True)
    figures = key_figures(town)
    assert (figures.answered, figures.proposals) == (1, 3)
    assert figures.answer_rate_percent == Decimal("33.3")


def test_the_median_time_to_answer_is_the_median_of_answered_at_minus_created_at(town):
    for days in (2, 4, 10, 20):
        _answered_after(town, days)
    _answered_after(town, 500, is_hidden=True)  # hidden: counts in no public figure
    _proposal(town, status="submitted")
    # Continuous median of 2, 4, 10 and 20 days: halfway between 4 and 10.
    assert key_figures(town).median_days_to_answer == Decimal("7.0")


def test_no_answer_yet_gives_no_rate_and_no_median(town):
    figures = key_figures(town)
    assert (figures.answer_rate_percent, figures.median_days_to_answer) == (None, None)


def test_supports_are_counted_on_public_proposals_only(town):
    shown, hidden = _proposal(town), _proposal(town, is_hidden=True)
    for proposal, count in ((shown, 3), (hidden, 2)):
        for _ in range(count):
            Support.objects.create(proposal=proposal, user=UserFactory())
    assert key_figures(town).supports == 3


def test_meetings_are_counted_per_year_and_per_mandate(town):
    for moment in (
        datetime(2019, 6, 1, 18, tzinfo=PARIS),
        datetime(2020, 3, 1, 18, tzinfo=PARIS),  # before the election of 15 March 2020
        datetime(2020, 6, 1, 18, tzinfo=PARIS),
        datetime(2021, 1, 1, 0, 30, tzinfo=PARIS),  # 2020 in UTC, 2021 in the town
    ):
        _meeting(town, moment)
    figures = key_figures(town)
    assert figures.meetings_per_year == [(2019, 1), (2020, 2), (2021, 1)]
    assert [(m.label, n) for m, n in figures.meetings_per_mandate] == [
        ("2014-2020", 2),
        ("2020-2026", 2),
    ]
    assert figures.latest_mandate[0].label == "2020-2026"


def test_the_seeds_220_is_compared_with_the_last_completed_mandate_not_one_just_begun(town):
    _meeting(town, datetime(2022, 5, 1, 18, tzinfo=PARIS))
    _meeting(town, datetime(2023, 5, 1, 18, tzinfo=PARIS))
    _meeting(town, timezone.now() + timedelta(days=7))
    figures = key_figures(town)
    current = figures.meetings_per_mandate[-1][0]
    assert current.starts <= timezone.localdate() < current.ends
    assert (figures.latest_mandate[0].label, figures.latest_mandate[1]) == ("2020-2026", 2)


def test_fifty_fifty_budgets_and_the_towns_half_per_year_of_approval(town):
    _fifty_fifty(town, "10000", "approved", datetime(2024, 2, 1, tzinfo=PARIS))
    _fifty_fifty(town, "3000", "funded", datetime(2024, 9, 1, tzinfo=PARIS))
    _fifty_fifty(town, "500.50", "completed", datetime(2025, 1, 15, tzinfo=PARIS))
    _fifty_fifty(town, "8000", "refused", None)
    _fifty_fifty(town, "9000", "application", None)
    years = [
        (year.year, year.count, year.total_budget, year.town_share)
        for year in key_figures(town).fifty_fifty_per_year
    ]
    assert years == [
        (2024, 2, Decimal("13000.00"), Decimal("6500.00")),
        (2025, 1, Decimal("500.50"), Decimal("250.25")),
    ]


def test_eco_housing_dwellings_per_year_in_all_and_since_1997(town):
    for year, dwellings in ((1995, 10), (2005, 20), (2005, 5), (None, 3)):
        EcoHousingSite.objects.create(
            commune=town,
            name=f"Résidence {year}-{dwellings}",
            dwellings=dwellings,
            year_delivered=year,
            energy_label="bbc",
            geometry=Point(*TOWN_CENTRE, srid=4326),
        )
    figures = key_figures(town)
    assert figures.eco_housing_per_year == [(1995, 10), (2005, 25)]
    assert (figures.eco_housing_dwellings, figures.eco_housing_dwellings_since_1997) == (38, 25)


def test_rainwater_tanks_count_buildings_once_and_sum_capacity_and_solar_power(town):
    where = Point(*TOWN_CENTRE, srid=4326)
    for building, capacity in (("Mairie", "10"), ("Mairie", "5.5"), ("École Basly", "20")):
        Equipment.objects.create(
            commune=town,
            kind="rainwater_tank",
            building=building,
            rainwater_capacity_m3=Decimal(capacity),
            geometry=where,
        )
    Equipment.objects.create(
        commune=town, kind="solar_roof", building="Église", solar_peak_kw=35, geometry=where
    )
    figures = key_figures(town)
    assert figures.buildings_with_tanks == 2
    assert figures.rainwater_capacity_m3 == Decimal("35.5")
    assert figures.solar_peak_kw == Decimal("35.0")


def test_a_commune_counts_only_its_own_rows_and_none_counts_the_whole_deployment(loos, town):
    _proposal(town)
    _proposal(town)
    in_loos = key_figures(loos).proposals
    assert in_loos > 0
    assert key_figures(town).proposals == 2
    assert key_figures(None).proposals == in_loos + 2
    assert key_figures(None).commune is None


def test_the_organic_share_is_the_parcels_apis_own(loos):
    """The key figures read land_use.selectors.organic_share: the same numbers as the API."""
    parcels_api = APIClient().get("/api/v1/parcels/organic-share/", {"commune": "62528"}).json()
    figures = key_figures(loos)
    assert figures.organic.organic_area_ha == Decimal(parcels_api["organic_area_ha"])
    assert figures.organic.percent == Decimal(parcels_api["share_percent"])
    assert figures.organic.percent == Decimal("10.0")
    ours = APIClient().get(API, {"commune": "62528"}).json()["organic"]
    assert Decimal(str(ours["share_percent"])) == Decimal(parcels_api["share_percent"])
    assert Decimal(str(ours["organic_area_ha"])) == Decimal(parcels_api["organic_area_ha"])


def test_the_whole_deployments_organic_share_waits_for_every_agricultural_area(loos, town):
    assert key_figures(None).organic.percent is None  # the second commune's area is unknown
    Commune.objects.filter(pk=town.pk).update(utilised_agricultural_area_ha=450)
    whole = key_figures(None).organic
    assert whole.utilised_agricultural_area_ha == Decimal("1000.00")
    assert whole.organic_area_ha == key_figures(loos).organic.organic_area_ha  # all in Loos
    assert whole.percent == Decimal("5.5")


def test_the_seed_figures_are_the_numbers_of_the_seed_document():
    seed = seed_figures()
    values = {key: int(figure.value) for key, figure in seed.items()}
    assert values == {
        "associations": 100,
        "meetings_per_mandate": 220,
        "jobs_created_1999_2008": 321,
        "eco_housing_dwellings_since_1997": 150,
        "organic_area_ha": 55,
        "organic_share_percent": 10,
        "buildings_with_rainwater_tanks": 8,
    }
    for figure in seed.values():
        assert re.search(rf"\b{int(figure.value)}\b", figure.sentence), figure.key


def test_the_json_api_gives_every_figure_beside_loos_en_gohelles(loos):
    _without_demo_activity(loos)
    _meeting(loos, datetime(2021, 5, 4, 18, tzinfo=PARIS))
    response = APIClient().get(API, {"commune": "62528"})
    assert response.status_code == 200
    body = response.json()
    assert (body["commune"], body["commune_name"]) == ("62528", "Loos-en-Gohelle")
    assert body["proposals"]["total"] == key_figures(loos).proposals
    assert (
        sum(item["count"] for item in body["proposals"]["by_status"]) == body["proposals"]["total"]
    )
    assert body["meetings"]["per_year"] == [{"year": 2021, "count": 1}]
    assert body["meetings"]["per_mandate"] == [
        {"mandate": "2020-2026", "starts": "2020-03-15", "ends": "2026-03-15", "count": 1}
    ]
    assert body["eco_housing"]["dwellings_since_1997"] == 150
    seed = {item["key"]: item for item in body["loos_en_gohelle"]}
    assert seed["meetings_per_mandate"]["value"] == 220
    assert "220 réunions publiques" in seed["meetings_per_mandate"]["sentence"]


def test_the_json_api_without_a_commune_spans_the_deployment(loos, town):
    _proposal(town)
    body = APIClient().get(API).json()
    assert body["commune"] is None
    assert body["proposals"]["total"] == key_figures(loos).proposals + 1


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("99999", "Aucune commune n’a ici le code INSEE 99999."),
        ("abc", "« ABC » n’est pas un code INSEE"),
    ],
)
def test_an_unknown_commune_is_refused_with_a_sentence(client, loos, code, sentence):
    response = APIClient().get(API, {"commune": code})
    assert response.status_code == 404
    assert sentence in str(response.json())
    assert client.get("/key-figures/", {"commune": code}).status_code == 404
    assert client.get("/key-figures/key-figures.csv", {"commune": code}).status_code == 404


def _csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_csv_has_one_row_per_figure_with_its_unit_and_loos_en_gohelles_value(client, loos):
    _without_demo_activity(loos)
    _meeting(loos, datetime(2022, 10, 3, 18, tzinfo=PARIS))
    response = client.get("/key-figures/key-figures.csv", {"commune": "62528"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = {row["figure"]: row for row in _csv_rows(response)}
    expected = {row.figure for row in figure_rows(key_figures(loos))}
    assert set(rows) == expected
    assert rows["organic_share"]["value"] == "10.0"
    assert (rows["organic_share"]["unit"], rows["organic_share"]["loos_en_gohelle"]) == ("%", "10")
    assert rows["eco_housing.since_1997"]["value"] == "150"
    assert rows["eco_housing.since_1997"]["loos_en_gohelle"] == "150"
    meetings = rows["meetings.mandate.2020-2026"]
    assert (meetings["value"], meetings["unit"], meetings["loos_en_gohelle"]) == (
        "1",
        "réunions",
        "220",
    )
    assert meetings["label"] == "Réunions publiques du mandat 2020-2026"
    assert rows["associations"]["value"] == ""
    assert rows["associations"]["loos_en_gohelle"] == "100"


def test_the_page_shows_the_figures_in_french_beside_the_seed_and_loads_only_local_assets(
    client, loos
):
    _without_demo_activity(loos)
    _fifty_fifty(loos, "12346", "approved", datetime(2024, 2, 1, tzinfo=PARIS))
    response = client.get("/key-figures/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chiffres clés de Loos-en-Gohelle" in html
    # French number format: a non-breaking space between thousands, a comma before decimals.
    assert "6\u00a0173 € financés par la commune" in html
    assert "10 % de la surface agricole utile" in html
    assert "55&nbsp;ha</p>" in html
    assert "<strong>220</strong> réunions publiques par mandat" in html
    assert "« 150 logements éco-conçus depuis 1997 »" in html
    assert 'id="key-figures-charts"' in html
    for chart in ("proposals-status", "proposals-category", "eco-housing-year", "organic-share"):
        assert f'<canvas id="chart-{chart}" role="img"' in html
    urls = asset_urls(html)
    assert "/static/vendor/chart.js/chart.umd.min.js" in urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert client.get(url).status_code == 200, url


def test_every_chart_has_its_numbers_in_a_table(client, loos):
    html = client.get("/key-figures/").content.decode()
    table = re.search(
        r"<caption>Écohabitat : logements livrés par an \(logements\)</caption>.*?</table>",
        html,
        re.S,
    )
    assert table, "the eco-housing chart has no table"
    dwellings = sum(int(cell) for cell in re.findall(r'"key-figures__number">(\d+)<', table[0]))
    assert dwellings == key_figures(loos).eco_housing_dwellings

"""Every proposal records the zones it touches with its share in each, and its heritage
perimeters; the shares follow the plan when its zones are replaced, and one sentence says it."""

import csv
import io
from decimal import Decimal

import pytest
import shapely
from django.contrib.gis.geos import LineString, MultiPolygon, Point, Polygon
from django.db import connection
from django.utils import translation

from heritage.models import HeritageSite
from land_use.cnig import zones_import_cnig
from land_use.models import PlanDocument, Zone
from mapping.models import ProposalZone
from mapping.services import proposal_create, proposal_zone_shares_recompute
from mapping.zone_shares import proposal_zones_summary
from tests.accounts.factories import UserFactory
from tests.geometries import TOWN_CENTRE
from tests.land_use.test_cnig import _row, _write_zone_urba
from tests.mapping.export_helpers import body
from tests.mapping.factories import ConsultationFactory, ProposalFactory

LAMBERT_93 = 2154


def centre_l93(lon=TOWN_CENTRE[0], lat=TOWN_CENTRE[1]) -> tuple[float, float]:
    point = Point(lon, lat, srid=4326)
    point.transform(LAMBERT_93)
    return point.x, point.y


def l93_box(xmin, ymin, xmax, ymax) -> Polygon:
    box = Polygon.from_bbox((xmin, ymin, xmax, ymax))
    box.srid = LAMBERT_93
    return box


def wgs84(geometry):
    return geometry.transform(4326, clone=True)


def two_zones(commune, *, x0, y0, west="1AUh", east="N", border=0.0):
    """The commune's plan replaced by two zones side by side, 1 km high, their border at x0."""
    Zone.objects.filter(commune=commune).delete()
    plan = PlanDocument.objects.create(commune=commune, idurba="62528_PLU_20250101")
    for libelle, typezone, box in (
        (west, "AUc", l93_box(x0 - 1000, y0 - 500, x0 + border, y0 + 500)),
        (east, "N", l93_box(x0 + border, y0 - 500, x0 + 1000, y0 + 500)),
    ):
        Zone.objects.create(
            commune=commune,
            plan=plan,
            libelle=libelle,
            typezone=typezone,
            geometry=MultiPolygon(wgs84(box), srid=4326),
        )


def shares(proposal) -> dict[str, Decimal]:
    return dict(
        ProposalZone.objects.filter(proposal=proposal).values_list("zone__libelle", "share")
    )


@pytest.fixture
def consultation(loos):
    return ConsultationFactory(commune=loos)


def _propose(loos, consultation, geometry):
    return proposal_create(
        author=UserFactory(),
        commune=loos,
        consultation=consultation,
        title="Des jardins partagés",
        description="Entre les maisons et les champs.",
        category="nature",
        geometry=geometry,
    )


def test_an_area_across_two_zones_records_both_with_its_share_of_area_in_each(loos, consultation):
    x0, y0 = centre_l93()
    two_zones(loos, x0=x0, y0=y0)
    # 400 m west of the border and 100 m east of it, 100 m high: 80 % and 20 % of the area.
    proposal = _propose(loos, consultation, wgs84(l93_box(x0 - 400, y0 - 50, x0 + 100, y0 + 50)))
    recorded = shares(proposal)
    assert set(recorded) == {"1AUh", "N"}
    assert recorded["1AUh"] == pytest.approx(Decimal(80), abs=Decimal("0.05"))
    assert recorded["N"] == pytest.approx(Decimal(20), abs=Decimal("0.05"))
    assert abs(sum(recorded.values()) - 100) <= 1
    assert set(proposal.zones.values_list("libelle", flat=True)) == {"1AUh", "N"}


def test_a_line_across_two_zones_is_shared_by_its_length(loos, consultation):
    x0, y0 = centre_l93()
    two_zones(loos, x0=x0, y0=y0)
    # 150 m west of the border, 450 m east of it: 25 % and 75 % of the length.
    line = LineString((x0 - 150, y0), (x0 + 450, y0 + 0.0), srid=LAMBERT_93)
    recorded = shares(_propose(loos, consultation, wgs84(line)))
    assert recorded["1AUh"] == pytest.approx(Decimal(25), abs=Decimal("0.05"))
    assert recorded["N"] == pytest.approx(Decimal(75), abs=Decimal("0.05"))
    assert abs(sum(recorded.values()) - 100) <= 1


def test_a_point_is_wholly_in_the_zone_holding_it(loos, consultation):
    x0, y0 = centre_l93()
    two_zones(loos, x0=x0, y0=y0)
    point = Point(x0 + 50, y0, srid=LAMBERT_93)
    assert shares(_propose(loos, consultation, wgs84(point))) == {"N": Decimal("100.00")}


def test_the_shares_are_measured_in_metres_not_in_degrees(loos, consultation):
    """A square of 200 m by 200 m in Lambert-93 is not square in degrees (a degree of longitude
    is 71 km here, one of latitude 111 km): measured in degrees the split would differ."""
    x0, y0 = centre_l93()
    two_zones(loos, x0=x0, y0=y0)
    proposal = _propose(loos, consultation, wgs84(l93_box(x0 - 50, y0 - 100, x0 + 150, y0 + 100)))
    assert shares(proposal) == {"1AUh": Decimal("25.00"), "N": Decimal("75.00")}


def test_the_loos_proposals_have_shares_summing_to_a_hundred(loos):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proposal_id, SUM(share) FROM mapping_proposalzone GROUP BY proposal_id"
        )
        totals = dict(cursor.fetchall())
    assert totals, "the Loos fixture's proposals touch zones"
    assert all(abs(total - 100) <= 1 for total in totals.values()), totals


def test_a_cnig_reimport_of_the_plan_recomputes_the_shares(
    loos, consultation, tmp_path, django_capture_on_commit_callbacks
):
    x0, y0 = centre_l93()
    Zone.objects.filter(commune=loos).delete()

    def import_plan(border: float):
        source = _write_zone_urba(
            tmp_path / f"62528_ZONE_URBA_{int(border)}.shp",
            [_row("1AUh", "AUc"), _row("N", "N")],
            [
                shapely.box(x0 - 1000, y0 - 500, x0 + border, y0 + 500),
                shapely.box(x0 + border, y0 - 500, x0 + 1000, y0 + 500),
            ],
        )
        with django_capture_on_commit_callbacks(execute=True):
            zones_import_cnig(commune=loos, source=source)

    import_plan(border=0)
    proposal = _propose(loos, consultation, wgs84(l93_box(x0 - 400, y0 - 50, x0 + 100, y0 + 50)))
    assert shares(proposal)["1AUh"] == pytest.approx(Decimal(80), abs=Decimal("0.05"))
    # The revised plan moves the border 150 m east: the whole area is now in 1AUh.
    import_plan(border=150)
    assert shares(proposal) == {"1AUh": Decimal("100.00")}
    # Then 150 m west of where it was: 250 m of the area's width on each side.
    import_plan(border=-150)
    recorded = shares(proposal)
    assert recorded["1AUh"] == pytest.approx(Decimal(50), abs=Decimal("0.05"))
    assert recorded["N"] == pytest.approx(Decimal(50), abs=Decimal("0.05"))


def test_recomputing_a_commune_rebuilds_every_proposal_in_one_pass(loos, consultation):
    x0, y0 = centre_l93()
    two_zones(loos, x0=x0, y0=y0)
    first = ProposalFactory(commune=loos, geometry=wgs84(Point(x0 - 10, y0, srid=LAMBERT_93)))
    second = ProposalFactory(commune=loos, geometry=wgs84(Point(x0 + 10, y0, srid=LAMBERT_93)))
    assert not shares(first) and not shares(second)  # the factory bypasses the service
    proposal_zone_shares_recompute(commune_id=loos.pk)
    assert shares(first) == {"1AUh": Decimal("100.00")}
    assert shares(second) == {"N": Decimal("100.00")}


def _point_at_distance_from(site: HeritageSite, metres: float) -> Point:
    """A point `metres` due north of the site's outline, computed in Lambert-93 (north, where the
    commune goes on beyond 600 m)."""
    outline = site.geometry.transform(LAMBERT_93, clone=True)
    x, north = outline.centroid.x, outline.extent[3]
    # The outline's northernmost vertex may lie east or west of the centroid: step north of the
    # extent, measure the true distance to the outline and correct once.
    point = Point(x, north + metres, srid=LAMBERT_93)
    point = Point(x, north + metres + (metres - point.distance(outline)), srid=LAMBERT_93)
    assert point.distance(outline) == pytest.approx(metres, abs=1)
    return wgs84(point)


@pytest.mark.parametrize(("metres", "inside"), [(400, True), (600, False)])
def test_a_point_400_m_from_the_11_19_base_is_in_its_perimeter_and_600_m_is_not(
    loos, consultation, metres, inside
):
    base = HeritageSite.objects.get(commune=loos, name="Base 11/19")
    proposal = _propose(loos, consultation, _point_at_distance_from(base, metres))
    assert proposal.heritage_perimeters.filter(pk=base.pk).exists() is inside


def test_the_sentence_says_the_zones_shares_and_heritage_perimeter_in_french(loos, consultation):
    base = HeritageSite.objects.get(commune=loos, name="Base 11/19")
    HeritageSite.objects.filter(commune=loos).exclude(pk=base.pk).delete()
    outline = base.geometry.transform(LAMBERT_93, clone=True)
    x0, y0 = outline.centroid.x, outline.extent[3] + 250
    two_zones(loos, x0=x0, y0=y0)
    proposal = _propose(loos, consultation, wgs84(l93_box(x0 - 200, y0 - 25, x0 + 50, y0 + 25)))
    assert proposal_zones_summary(proposal=proposal) == (
        "touche 1AUh (80\u00a0%) et N (20\u00a0%) ; dans le périmètre de 500\u00a0m de "
        "«\u00a0Base 11/19\u00a0» : avis de l'Architecte des Bâtiments de France requis"
    )


def test_the_sentence_writes_decimals_the_french_way_and_lists_three_zones(loos, consultation):
    x0, y0 = centre_l93()
    two_zones(loos, x0=x0, y0=y0, border=0)
    Zone.objects.filter(libelle="N").update(libelle="Nc")
    plan = PlanDocument.objects.get(idurba="62528_PLU_20250101")
    # A third zone north of the other two.
    Zone.objects.create(
        commune=loos,
        plan=plan,
        libelle="UB",
        typezone="U",
        geometry=MultiPolygon(wgs84(l93_box(x0 - 1000, y0 + 500, x0 + 1000, y0 + 900))),
    )
    # 300 x 300 m around (x0 + 50, y0 + 450): 50 m of height north of y0 + 500.
    area = l93_box(x0 - 100, y0 + 300, x0 + 200, y0 + 600)
    proposal = _propose(loos, consultation, wgs84(area))
    summary = proposal_zones_summary(proposal=proposal)
    # West: 100 x 200 = 22,2 %; east: 200 x 200 = 44,4 %; north: 300 x 100 = 33,3 %.
    assert summary == "touche Nc (44,4\u00a0%), UB (33,3\u00a0%) et 1AUh (22,2\u00a0%)"


def test_a_proposal_outside_every_zone_says_so(loos, consultation):
    Zone.objects.filter(commune=loos).delete()
    HeritageSite.objects.filter(commune=loos).delete()
    proposal = _propose(loos, consultation, Point(*TOWN_CENTRE, srid=4326))
    assert proposal_zones_summary(proposal=proposal) == "ne touche aucune zone du plan"


def test_the_sentence_is_in_english_for_an_english_reader(loos, consultation):
    x0, y0 = centre_l93()
    two_zones(loos, x0=x0, y0=y0)
    HeritageSite.objects.filter(commune=loos).delete()
    proposal = _propose(loos, consultation, wgs84(l93_box(x0 - 400, y0 - 50, x0 + 100, y0 + 50)))
    with translation.override("en"):
        assert proposal_zones_summary(proposal=proposal) == "touches 1AUh (80 %) and N (20 %)"


def test_the_page_the_api_and_the_csv_say_the_zones_and_their_shares(client, loos, consultation):
    x0, y0 = centre_l93()
    two_zones(loos, x0=x0, y0=y0)
    HeritageSite.objects.filter(commune=loos).delete()
    proposal = _propose(loos, consultation, wgs84(l93_box(x0 - 400, y0 - 50, x0 + 100, y0 + 50)))
    sentence = "touche 1AUh (80\u00a0%) et N (20\u00a0%)"
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Touche 1AUh (80\u00a0%) et N (20\u00a0%)" in html
    feature = client.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert feature["properties"]["zones"] == [
        {"libelle": "1AUh", "typezone": "AUc", "share": 80.0},
        {"libelle": "N", "typezone": "N", "share": 20.0},
    ]
    assert feature["properties"]["heritage_perimeters"] == []
    assert feature["properties"]["zones_summary"] == sentence
    rows = csv.DictReader(
        io.StringIO(body(client.get("/exports/proposals.csv")).decode("utf-8-sig"))
    )
    assert {row["title"]: row["zones_summary"] for row in rows}[proposal.title] == sentence

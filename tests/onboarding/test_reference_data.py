"""Loos-en-Gohelle's reference data, loaded into PostGIS by `manage.py load_loos`."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from heritage.models import HeritageSite
from land_use.models import EcoHousingSite, OrganicParcel, PlanDocument, Zone
from mapping.models import Consultation, Proposal
from territory.models import Commune

LAYERS = (
    Commune,
    PlanDocument,
    Zone,
    HeritageSite,
    OrganicParcel,
    EcoHousingSite,
    Proposal,
    Consultation,
)


def _counts():
    return {model.__name__: model.objects.count() for model in LAYERS}


@pytest.mark.django_db
def test_loading_twice_leaves_one_copy_of_everything_and_keeps_ids():
    call_command("load_loos", stdout=io.StringIO())
    first = _counts()
    ids = set(Proposal.objects.values_list("pk", flat=True))
    call_command("load_loos", stdout=io.StringIO())
    assert _counts() == first
    assert set(Proposal.objects.values_list("pk", flat=True)) == ids
    assert first["Commune"] == 1
    assert all(count > 0 for count in first.values()), first


def test_commune_area_is_12_7_km2_within_2_percent(loos):
    area = Commune.objects.with_area_km2().get(pk=loos.pk).area_km2
    assert area == pytest.approx(12.7, rel=0.02)


def test_base_11_19_and_every_illustrative_parcel_lie_inside_the_commune(loos):
    base = HeritageSite.objects.get(commune=loos, name="Base 11/19")
    assert loos.boundary.contains(base.geometry)
    parcels = OrganicParcel.objects.filter(commune=loos, illustrative=True)
    assert parcels.count() >= 5
    outside = parcels.exclude(geometry__within=loos.boundary)
    assert list(outside) == []


def _area_m2(sql: str, params) -> float:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return float(cursor.fetchone()[0] or 0.0)


def test_illustrative_zones_cover_the_commune_with_no_gap_or_overlap_above_1_m2(loos):
    # Measured in Lambert-93, the commune's projected CRS.
    gap = _area_m2(
        """SELECT ST_Area(ST_Difference(ST_Transform(c.boundary, 2154),
                                        ST_Union(ST_Transform(z.geometry, 2154))))
           FROM territory_commune c JOIN land_use_zone z ON z.commune_id = c.id
           WHERE c.id = %s GROUP BY c.boundary""",
        [loos.pk],
    )
    overlap = _area_m2(
        """SELECT COALESCE(SUM(ST_Area(ST_Intersection(ST_Transform(a.geometry, 2154),
                                                       ST_Transform(b.geometry, 2154)))), 0)
           FROM land_use_zone a JOIN land_use_zone b
             ON a.commune_id = b.commune_id AND a.id < b.id
            AND ST_Intersects(a.geometry, b.geometry)
           WHERE a.commune_id = %s""",
        [loos.pk],
    )
    outside = _area_m2(
        """SELECT ST_Area(ST_Difference(ST_Union(ST_Transform(z.geometry, 2154)),
                                        ST_Transform(c.boundary, 2154)))
           FROM territory_commune c JOIN land_use_zone z ON z.commune_id = c.id
           WHERE c.id = %s GROUP BY c.boundary""",
        [loos.pk],
    )
    assert gap < 1.0
    assert overlap < 1.0
    assert outside < 1.0
    assert set(Zone.objects.values_list("typezone", flat=True)) == {"U", "AUc", "AUs", "A", "N"}


def test_everything_illustrative_says_so_and_everything_real_carries_its_source(loos):
    assert all("illustratif" in z.libelong for z in Zone.objects.filter(illustrative=True))
    assert Zone.objects.filter(illustrative=False).count() == 0
    assert loos.boundary_source.startswith("IGN")
    assert loos.utilised_agricultural_area_source
    for site in HeritageSite.objects.all():
        assert site.source, site.name
    approximate = set(HeritageSite.objects.filter(approximate=True).values_list("name", flat=True))
    assert {"Terril 74 (est)", "Terril 74A (ouest)", "Terril 74B (plat)"} <= approximate


def test_illustrative_organic_parcels_total_55_ha_in_agricultural_zones(loos):
    from django.db.models import Sum

    total = OrganicParcel.objects.filter(commune=loos).aggregate(total=Sum("area_ha"))["total"]
    assert float(total) == pytest.approx(55.0, abs=0.01)
    for parcel in OrganicParcel.objects.filter(commune=loos):
        zones = Zone.objects.filter(commune=loos, geometry__contains=parcel.geometry)
        assert zones.filter(typezone="A").exists(), parcel.name


def test_one_consultation_is_open_after_loading(loos):
    assert Consultation.objects.filter(commune=loos).open_at().count() == 1


def test_every_answered_demo_proposal_says_when_and_a_reload_keeps_the_date(loos):
    answered = Proposal.objects.filter(commune=loos).exclude(answer="")
    assert answered.exists()
    dates = dict(answered.values_list("pk", "answered_at"))
    assert all(dates.values()), dates
    call_command("load_loos", stdout=io.StringIO())
    assert dict(answered.values_list("pk", "answered_at")) == dates

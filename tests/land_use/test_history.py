"""A zone's earlier outlines stay in its history whatever rewrites it: a bulk update, raw SQL,
even a deletion; a planner brings an earlier outline back."""

from django.contrib.gis.geos import MultiPolygon
from django.db import connection

from land_use.history import ZONES
from land_use.models import PlanDocument, Zone
from tests.geometries import square
from tests.land_use.factories import planner


def _zone(commune, *, half=0.0005):
    plan = PlanDocument.objects.create(commune=commune, idurba="62528_PLU_20250101")
    return Zone.objects.create(
        commune=commune,
        plan=plan,
        libelle="1AUh",
        typezone="AUc",
        geometry=MultiPolygon(square(half=half), srid=4326),
    )


def _outlines(zone) -> list:
    return list(
        ZONES.version_model.objects.filter(pgh_obj_id=zone.pk)
        .order_by("pgh_id")
        .values_list("geometry", flat=True)
    )


def test_a_bulk_update_keeps_the_zones_earlier_geometry(loos):
    zone = _zone(loos)
    earlier = zone.geometry
    larger = MultiPolygon(square(half=0.001), srid=4326)
    Zone.objects.filter(pk=zone.pk).update(geometry=larger)
    outlines = _outlines(zone)
    assert len(outlines) == 2
    assert outlines[0].equals(earlier)
    assert outlines[1].equals(larger)


def test_raw_sql_keeps_the_zones_earlier_geometry(loos):
    zone = _zone(loos)
    earlier = zone.geometry
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE land_use_zone SET geometry = ST_Multi(ST_Buffer(geometry, 0.001)) "
            "WHERE id = %s",
            [zone.pk],
        )
    outlines = _outlines(zone)
    assert len(outlines) == 2
    assert outlines[0].equals(earlier)
    assert outlines[1].area > earlier.area


def test_a_deleted_zone_keeps_its_last_geometry_in_its_history(loos):
    zone = _zone(loos)
    earlier, pk = zone.geometry, zone.pk
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM mapping_proposalzone WHERE zone_id = %s", [pk])
        cursor.execute("DELETE FROM land_use_zone WHERE id = %s", [pk])
    last = ZONES.version_model.objects.filter(pgh_obj_id=pk).latest("pgh_id")
    assert last.pgh_label == "delete"
    assert last.geometry.equals(earlier)


def test_a_planner_restores_the_zones_earlier_geometry_from_its_history_page(client, loos):
    zone = _zone(loos)
    earlier = zone.geometry
    first = ZONES.version_model.objects.get(pgh_obj_id=zone.pk)
    Zone.objects.filter(pk=zone.pk).update(
        geometry=MultiPolygon(square(half=0.001), srid=4326), libelle="N"
    )
    client.force_login(planner())
    page = client.get(f"/history/zones/{zone.pk}/").content.decode()
    assert "Polygon" in page or "MultiPolygon" in page
    response = client.post(f"/history/zones/{zone.pk}/", {"version": first.pk})
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.libelle == "1AUh"
    assert zone.geometry.equals(earlier)
    assert len(_outlines(zone)) == 3


def test_a_zone_deleted_in_the_admin_comes_back_from_its_history(client, loos):
    zone = _zone(loos)
    earlier, pk = zone.geometry, zone.pk
    first = ZONES.version_model.objects.get(pgh_obj_id=pk)
    person = planner(is_staff=True)
    client.force_login(person)
    client.post(f"/admin/land_use/zone/{pk}/delete/", {"post": "yes"})
    assert not Zone.objects.filter(pk=pk).exists()
    page = client.get(f"/history/zones/{pk}/").content.decode()
    assert "Cet enregistrement a été supprimé" in page
    client.post(f"/history/zones/{pk}/", {"version": first.pk})
    assert Zone.objects.get(pk=pk).geometry.equals(earlier)

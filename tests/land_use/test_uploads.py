"""A farmer's file of parcels: read in every format, previewed, stored only when confirmed."""

import geopandas
import pytest
import shapely
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from land_use.models import OrganicParcel, ParcelEvent, ParcelUpload
from land_use.services import parcel_upload_confirm, parcel_upload_select_layer, parcel_upload_start
from tests.land_use import files
from tests.land_use.factories import farmer
from tests.land_use.parcels import field

DEFAULTS = {
    "stage": "AB",
    "certification_body": "ecocert",
    "certification_state": "certified",
    "campaign_year": 2025,
    "engagement_date": "2019-05-01",
}


def start(user, commune, name, content):
    return parcel_upload_start(
        farmer=user, commune=commune, file_name=name, content=content, defaults=DEFAULTS
    )


@pytest.mark.parametrize(
    ("file_name", "build"),
    [
        ("parcelles.geojson", lambda: files.geojson(files.three_parcels())),
        ("parcelles.gpkg", lambda: files.geopackage(("parcelles", files.three_parcels()))),
        ("parcelles.zip", lambda: files.zipped_shapefile(files.three_parcels())),
        ("parcelles.kml", lambda: files.kml(files.three_parcels())),
    ],
)
def test_each_format_imports_the_same_three_parcels_with_their_rpg_columns(loos, file_name, build):
    user = farmer()
    upload = start(user, loos, file_name, build())
    assert [f["accepted"] for f in upload.features] == [True, True, True]
    assert OrganicParcel.objects.filter(farmer=user).count() == 0  # nothing before confirming

    parcels = parcel_upload_confirm(upload=upload, farmer=user)

    stored = OrganicParcel.objects.filter(farmer=user).order_by("name")
    assert [p.pk for p in parcels] and stored.count() == 3
    assert [p.name for p in stored] == ["Parcelle 101", "Parcelle 102", "Parcelle 103"]
    assert [p.code_cultu for p in stored] == list(files.CODES)
    assert [p.crop_group for p in stored] == ["Blé tendre", "Fourrage", "Légumes ou fleurs"]
    for column, parcel in enumerate(stored):
        assert parcel.geometry.sym_difference(field(column, 0)).area < 1e-10
        assert 3.0 < parcel.area_ha < 3.2
        assert parcel.events.get().action == ParcelEvent.Action.IMPORTED
    upload.refresh_from_db()
    assert upload.confirmed_at is not None and bytes(upload.content) == b""


def test_a_lambert_93_file_lands_in_the_right_place(loos):
    user = farmer()
    content = files.geopackage(("parcelles", files.three_parcels(crs=2154)))
    parcel_upload_confirm(upload=start(user, loos, "l93.gpkg", content), farmer=user)

    first = OrganicParcel.objects.get(farmer=user, name="Parcelle 101")
    # Its south-west corner is FIELDS_ORIGIN; measured in Lambert-93, within a metre.
    corner = Point(*field(0, 0).extent[:2], srid=4326).transform(2154, clone=True)
    stored_corner = Point(*first.geometry.extent[:2], srid=4326).transform(2154, clone=True)
    assert corner.distance(stored_corner) < 1.0


def _refused_file(loos, name, content):
    user = farmer()
    with pytest.raises(ValidationError) as refusal:
        start(user, loos, name, content)
    assert ParcelUpload.objects.count() == 0
    assert OrganicParcel.objects.filter(farmer=user).count() == 0
    return refusal.value.message_dict["file"][0]


def test_a_point_layer_is_refused_as_not_parcel_outlines(loos):
    message = _refused_file(loos, "points.geojson", files.geojson(files.points_frame()))
    assert message == (
        "Ce fichier contient des points ou des lignes, pas des contours de parcelles : "
        "exportez vos parcelles en polygones."
    )


def test_an_empty_file_is_refused(loos):
    empty = geopandas.GeoDataFrame({"ID_PARCEL": []}, geometry=[], crs=4326)
    message = _refused_file(loos, "vide.gpkg", files.geopackage(("parcelles", empty)))
    assert message == "Le fichier ne contient aucune parcelle."


def test_a_corrupt_zip_is_refused(loos):
    content = files.zipped_shapefile(files.three_parcels())[:200]
    message = _refused_file(loos, "abime.zip", content)
    assert message.startswith("Le fichier zip est abîmé")


def test_a_shapefile_without_prj_is_refused_because_its_crs_is_unknown(loos):
    content = files.zipped_shapefile(files.three_parcels(), with_prj=False)
    message = _refused_file(loos, "sans_prj.zip", content)
    assert message.startswith("Le Shapefile n’a pas de fichier .prj")


def test_a_25_mb_file_is_refused_before_reading(loos):
    frame = files.three_parcels()
    frame["NOTE"] = "x" * (25 * 1024 * 1024 // 3)
    content = files.geojson(frame)
    assert len(content) > 25 * 1024 * 1024
    message = _refused_file(loos, "lourd.geojson", content)
    assert message.startswith("Le fichier pèse 25,")
    assert "la limite est de 20 Mo" in message


def _refused_feature(loos, frame, expected_start):
    user = farmer()
    upload = start(user, loos, "parcelles.geojson", files.geojson(frame))
    [feature] = upload.features
    assert not feature["accepted"]
    assert feature["reason"].startswith(expected_start), feature["reason"]
    with pytest.raises(ValidationError):
        parcel_upload_confirm(upload=upload, farmer=user)
    assert OrganicParcel.objects.filter(farmer=user).count() == 0
    return feature["reason"]


def test_a_bowtie_is_refused_saying_where_it_crosses_itself(loos):
    lon, lat = field(0, 1).centroid.coords
    _refused_feature(
        loos,
        files.bowtie_frame(),
        f"Le contour se croise lui-même près de la latitude {lat:.5f}, longitude {lon:.5f}",
    )


def test_a_parcel_in_lens_is_refused_as_outside_the_commune(loos):
    _refused_feature(loos, files.lens_frame(), "La parcelle est en dehors de Loos-en-Gohelle")


def test_the_preview_keeps_good_features_and_names_the_refused_one(loos):
    user = farmer()
    frame = geopandas.pd.concat([files.three_parcels(), files.lens_frame()], ignore_index=True)
    upload = start(user, loos, "melange.geojson", files.geojson(frame))
    assert [f["accepted"] for f in upload.features] == [True, True, True, False]

    parcel_upload_confirm(upload=upload, farmer=user)

    assert OrganicParcel.objects.filter(farmer=user).count() == 3


def test_a_multi_layer_geopackage_lets_the_farmer_choose_the_layer(loos):
    user = farmer()
    other = geopandas.GeoDataFrame(
        {"ID_PARCEL": ["901"], "CODE_CULTU": ["ORH"]},
        geometry=[shapely.from_wkt(field(0, 1).wkt)],
        crs=4326,
    )
    content = files.geopackage(("ilots_2024", other), ("parcelles_2025", files.three_parcels()))
    upload = start(user, loos, "ferme.gpkg", content)
    assert upload.layers == ["ilots_2024", "parcelles_2025"]
    assert len(upload.features) == 1

    upload = parcel_upload_select_layer(upload=upload, farmer=user, layer="parcelles_2025")
    parcel_upload_confirm(upload=upload, farmer=user)

    assert OrganicParcel.objects.filter(farmer=user).count() == 3


def test_another_farmer_cannot_confirm_someone_elses_upload(loos):
    owner, other = farmer(), farmer()
    upload = start(owner, loos, "p.geojson", files.geojson(files.three_parcels()))
    with pytest.raises(Exception, match="quelqu’un d’autre"):
        parcel_upload_confirm(upload=upload, farmer=other)
    assert OrganicParcel.objects.filter(farmer__in=[owner, other]).count() == 0


def test_a_file_with_more_than_5000_features_is_refused(loos):
    lon, lat = field(0, 0).extent[:2]
    boxes = [
        shapely.box(lon + i * 1e-5, lat, lon + i * 1e-5 + 5e-6, lat + 5e-6) for i in range(5001)
    ]
    frame = geopandas.GeoDataFrame({"ID_PARCEL": range(5001)}, geometry=boxes, crs=4326)
    message = _refused_file(loos, "enorme.gpkg", files.geopackage(("parcelles", frame)))
    assert message == "Le fichier contient 5001 entités ; la limite est de 5 000. Découpez-le."


def test_a_parcel_with_more_than_10000_vertices_is_refused(loos):
    lon, lat = field(0, 1).centroid.coords
    circle = shapely.Point(lon, lat).buffer(0.001, quad_segs=2600)
    assert len(circle.exterior.coords) > 10_000
    frame = geopandas.GeoDataFrame({"ID_PARCEL": ["1"]}, geometry=[circle], crs=4326)
    _refused_feature(loos, frame, "La forme compte plus de 10000 points. Simplifiez-la.")


def test_a_file_without_crop_codes_takes_the_one_given_or_says_it_is_missing(loos):
    user = farmer()
    frame = files.three_parcels().drop(columns=["CODE_CULTU"])
    upload = start(user, loos, "sans_code.geojson", files.geojson(frame))
    assert {f["reason"] for f in upload.features} == {
        "Donnez le code culture RPG de la parcelle (CODE_CULTU), par exemple BTH pour le blé "
        "tendre d’hiver."
    }
    upload = parcel_upload_start(
        farmer=user,
        commune=loos,
        file_name="sans_code.geojson",
        content=files.geojson(frame),
        defaults={**DEFAULTS, "code_cultu": "LUZ"},
    )
    parcel_upload_confirm(upload=upload, farmer=user)
    assert set(OrganicParcel.objects.filter(farmer=user).values_list("code_cultu", flat=True)) == {
        "LUZ"
    }

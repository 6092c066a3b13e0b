"""The geometry gate for file readers, the version tag and the text cleaning, called directly."""

import pytest
from django.core.exceptions import ValidationError
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import Polygon as ShapelyPolygon

from territory.geometry import geometry_from_shape
from territory.text import clean_text

AREAS = ("Polygon", "MultiPolygon")


def test_a_shapely_polygon_passes_the_gate_and_comes_back_as_geos_in_wgs84():
    square = ShapelyPolygon([(2.785, 50.45), (2.787, 50.45), (2.787, 50.452), (2.785, 50.45)])
    geometry = geometry_from_shape(square, allowed_types=AREAS, max_vertices=100)
    assert geometry.geom_type == "Polygon" and geometry.srid == 4326


@pytest.mark.parametrize(
    ("shape", "words"),
    [
        (ShapelyPoint(2.78, 50.45, 12), "hauteur"),
        (ShapelyPoint(2.78, 50.45), "accepté"),
        (ShapelyPolygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)]), "se croise"),
    ],
)
def test_a_shape_read_from_a_file_is_refused_like_on_the_api(shape, words):
    with pytest.raises(ValidationError) as refused:
        geometry_from_shape(shape, allowed_types=AREAS, max_vertices=100, field="file")
    assert words in " ".join(refused.value.message_dict["file"])


def test_clean_text_trims_invisible_characters_and_keeps_line_breaks():
    assert clean_text("\u200b Un banc\n au soleil \ufeff", field="t", max_length=50) == (
        "Un banc\n au soleil"
    )

import pytest
from rest_framework.exceptions import ValidationError

from heritage.models import HeritageSite
from territory.api.filters import parse_bbox
from territory.querysets import bbox_polygon


def test_a_bbox_is_read_as_min_lon_min_lat_max_lon_max_lat():
    assert parse_bbox("2.78,50.44,2.80,50.46") == (2.78, 50.44, 2.80, 50.46)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("2.78,50.44,2.80", "four numbers"),
        ("2.78,50.44,2.80,abc", "number"),
        ("2.78,50.44,nan,50.46", "finite"),
        ("2.78,50.44,2.80,1e999", "finite"),
        ("190,50.44,191,50.46", "180"),
        ("2.78,95,2.80,96", "swapped"),
        ("2.80,50.46,2.78,50.44", "before its maximum"),
    ],
)
def test_a_malformed_bbox_is_refused_with_a_sentence(raw, words, settings):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        parse_bbox(raw)
    assert words in str(refused.value.detail["bbox"])


def test_a_bbox_query_keeps_a_feature_inside_and_drops_one_outside(loos):
    base = HeritageSite.objects.get(name="Base 11/19")
    around_base = bbox_polygon(2.785, 50.440, 2.795, 50.447)
    north = bbox_polygon(2.79, 50.47, 2.80, 50.48)
    assert base in HeritageSite.objects.filter(geometry__intersects=around_base)
    assert base not in HeritageSite.objects.filter(geometry__intersects=north)
    assert base in HeritageSite.objects.in_bbox(2.785, 50.440, 2.795, 50.447)

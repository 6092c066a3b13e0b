"""Pagination of the API: pages of 100 by default, up to 1,000 with `?page_size=`."""

from rest_framework.pagination import PageNumberPagination
from rest_framework_gis.pagination import GeoJsonPagination as DrfGisGeoJsonPagination

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class Pagination(PageNumberPagination):
    """For the collections that are not layers (comments, ...)."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class GeoJsonPagination(DrfGisGeoJsonPagination):
    """A page of a layer: a GeoJSON FeatureCollection with `count`, `next` and `previous`."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

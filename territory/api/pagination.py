"""Pagination of the API: pages of 100 by default, up to 1,000 with `?page_size=`."""

import json

from django.core.paginator import InvalidPage
from rest_framework.exceptions import NotFound
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

    def page_queryset(self, queryset, request, view=None):
        """The page's rows as a queryset, not yet read (PostGIS writes them, see
        territory.api.geojson_pages); the page's count and links as `paginate_queryset` sets."""
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as error:
            raise NotFound(
                self.invalid_page_message.format(page_number=page_number, message=str(error))
            ) from error
        self.request = request
        return self.page.object_list

    def geojson_page(self, features: str) -> str:
        """The page's FeatureCollection as `get_paginated_response` sends it, around the
        features' JSON text written by PostGIS (spliced in, not parsed again)."""
        head = {
            "type": "FeatureCollection",
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
        }
        return json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + (
            ',"features":' + features + "}"
        )

"""Pagination of the API: pages of 100 by default, up to 1,000 with `?page_size=`."""

import json

from django.core.paginator import InvalidPage
from django.db.models import Count, Window
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
        territory.api.geojson_pages); the page's count and links as `paginate_queryset` sets.

        The page's ids and the count of matching rows come from one query (`count(*) OVER ()`):
        in any order but the key's, picking a page sorts every matching row, and a separate
        count read them all a second time (27,000 proposals in a box at z14). The ids are picked
        alone, before the properties are written: joined with the author, the consultation and
        the rest first, every matching row was read wide before the sort kept a page.
        """
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.get_page_number(request, paginator)
        picked = self._ids_and_count(queryset, page_number, page_size)
        if picked:
            paginator.count = picked[0][1]
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as error:
            raise NotFound(
                self.invalid_page_message.format(page_number=page_number, message=str(error))
            ) from error
        self.request = request
        if picked:
            return queryset.filter(pk__in=[pk for pk, _ in picked])
        return self.page.object_list

    @staticmethod
    def _ids_and_count(queryset, page_number, page_size) -> list[tuple[int, int]]:
        """The (id, rows matched) pairs of the page's rows; none for a page past the end, a
        page that is not a number, or rows asked DISTINCT (a window would count them twice):
        then the paginator counts, and refuses a page past the end."""
        try:
            number = int(page_number)
        except (TypeError, ValueError):
            return []
        offset = (number - 1) * page_size
        # An offset past PostgreSQL's bigint is past the end anyway: the paginator says so.
        if number < 1 or offset + page_size >= 2**63 or queryset.query.distinct:
            return []
        counted = queryset.annotate(_matched=Window(Count("pk")))
        return list(counted.values_list("pk", "_matched")[offset : offset + page_size])

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

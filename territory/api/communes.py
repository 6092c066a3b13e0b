"""`/api/v1/communes/`: the communes and their boundaries."""

from django_filters import rest_framework as filters
from rest_framework import viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from territory.api.filters import BBoxFilter
from territory.api.geojson_pages import PostgisGeoJsonListMixin
from territory.api.pagination import GeoJsonPagination
from territory.api.serializers import (
    CatalogueFieldsMixin,
    CatalogueQuerysetMixin,
    Rfc7946GeometryField,
)
from territory.models import Commune


class CommuneSerializer(CatalogueFieldsMixin, GeoFeatureModelSerializer):
    boundary = Rfc7946GeometryField()

    class Meta:
        model = Commune
        geo_field = "boundary"
        layer = "communes"
        extra_fields = (
            "boundary_source",
            "utilised_agricultural_area_ha",
            "utilised_agricultural_area_source",
        )


class CommuneFilter(filters.FilterSet):
    insee = filters.CharFilter(help_text="INSEE code, e.g. 62528")
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Commune
        fields = ["insee", "name"]


class CommuneViewSet(
    PostgisGeoJsonListMixin, CatalogueQuerysetMixin, viewsets.ReadOnlyModelViewSet
):
    """Communes as a GeoJSON FeatureCollection; `?bbox=` keeps those whose boundary meets it."""

    catalogue_layer = "communes"

    queryset = Commune.objects.order_by("insee")
    serializer_class = CommuneSerializer
    pagination_class = GeoJsonPagination
    filter_backends = [filters.DjangoFilterBackend, BBoxFilter]
    filterset_class = CommuneFilter
    bbox_filter_field = "boundary"

"""`/api/v1/heritage/`: heritage sites; the 500 m perimeters are in the exports and OGC API."""

from django.db.models import Q
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from heritage.models import HeritageSite
from territory.api.filters import BBoxFilter
from territory.api.geojson_pages import PostgisGeoJsonListMixin, boolean
from territory.api.pagination import GeoJsonPagination
from territory.api.serializers import (
    CatalogueFieldsMixin,
    CatalogueQuerysetMixin,
    CommuneInseeField,
    Rfc7946GeometryField,
)


class HeritageSiteSerializer(CatalogueFieldsMixin, GeoFeatureModelSerializer):
    geometry = Rfc7946GeometryField()
    commune = CommuneInseeField()
    has_protection_perimeter = serializers.SerializerMethodField()

    class Meta:
        model = HeritageSite
        geo_field = "geometry"
        layer = "heritage"
        extra_fields = ("source", "has_protection_perimeter")

    def get_has_protection_perimeter(self, site) -> bool:
        return site.protection_perimeter is not None

    def sql_properties(self) -> dict:
        return {"has_protection_perimeter": boolean(Q(protection_perimeter__isnull=False))}


class HeritageSiteFilter(filters.FilterSet):
    commune = filters.CharFilter(field_name="commune__insee", help_text="INSEE code")
    kind = filters.MultipleChoiceFilter(choices=HeritageSite.Kind.choices)
    historic_monument = filters.MultipleChoiceFilter(choices=HeritageSite.HistoricMonument.choices)
    unesco_world_heritage = filters.BooleanFilter()

    class Meta:
        model = HeritageSite
        fields = ["commune", "kind", "historic_monument", "unesco_world_heritage"]


class HeritageSiteViewSet(
    PostgisGeoJsonListMixin, CatalogueQuerysetMixin, viewsets.ReadOnlyModelViewSet
):
    """Heritage sites as GeoJSON, filtered by `kind`, protection, `commune`, `bbox`."""

    catalogue_layer = "heritage"

    queryset = HeritageSite.objects.select_related("commune").order_by("id")
    serializer_class = HeritageSiteSerializer
    pagination_class = GeoJsonPagination
    filter_backends = [filters.DjangoFilterBackend, BBoxFilter]
    filterset_class = HeritageSiteFilter

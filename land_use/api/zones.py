"""`/api/v1/zones/`: the zones of the land-use plan (CNIG ZONE_URBA)."""

from django_filters import rest_framework as filters
from rest_framework import viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from land_use.models import Zone
from territory.api.filters import BBoxFilter
from territory.api.geojson_pages import PostgisGeoJsonListMixin
from territory.api.pagination import GeoJsonPagination
from territory.api.serializers import (
    CatalogueFieldsMixin,
    CatalogueQuerysetMixin,
    CommuneInseeField,
    Rfc7946GeometryField,
)


class ZoneSerializer(CatalogueFieldsMixin, GeoFeatureModelSerializer):
    geometry = Rfc7946GeometryField()
    commune = CommuneInseeField()
    plan = CommuneInseeField(slug_field="idurba")

    class Meta:
        model = Zone
        geo_field = "geometry"
        layer = "zones"
        extra_fields = ("plan",)


class ZoneFilter(filters.FilterSet):
    commune = filters.CharFilter(field_name="commune__insee", help_text="INSEE code")
    typezone = filters.MultipleChoiceFilter(choices=Zone.TypeZone.choices)
    libelle = filters.CharFilter()
    idurba = filters.CharFilter(field_name="plan__idurba", help_text="IDURBA of the plan")

    class Meta:
        model = Zone
        fields = ["commune", "typezone", "libelle", "idurba"]


class ZoneViewSet(PostgisGeoJsonListMixin, CatalogueQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Land-use zones as GeoJSON, filtered by `typezone`, `libelle`, `commune`, `bbox`."""

    catalogue_layer = "zones"

    queryset = Zone.objects.select_related("commune", "plan").order_by("id")
    serializer_class = ZoneSerializer
    pagination_class = GeoJsonPagination
    filter_backends = [filters.DjangoFilterBackend, BBoxFilter]
    filterset_class = ZoneFilter

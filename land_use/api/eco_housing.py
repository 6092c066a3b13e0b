"""`/api/v1/eco-housing/`: eco-designed housing operations."""

from django_filters import rest_framework as filters
from rest_framework import viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from land_use.models import EcoHousingSite
from territory.api.filters import BBoxFilter, YearFilter
from territory.api.geojson_pages import PostgisGeoJsonListMixin
from territory.api.pagination import GeoJsonPagination
from territory.api.serializers import (
    CatalogueFieldsMixin,
    CatalogueQuerysetMixin,
    CommuneInseeField,
    Rfc7946GeometryField,
)


class EcoHousingSiteSerializer(CatalogueFieldsMixin, GeoFeatureModelSerializer):
    geometry = Rfc7946GeometryField()
    commune = CommuneInseeField()

    class Meta:
        model = EcoHousingSite
        geo_field = "geometry"
        layer = "eco-housing"
        extra_fields = ("source",)


class EcoHousingSiteFilter(filters.FilterSet):
    commune = filters.CharFilter(field_name="commune__insee", help_text="INSEE code")
    energy_label = filters.MultipleChoiceFilter(choices=EcoHousingSite.EnergyLabel.choices)
    delivered_from = YearFilter(field_name="year_delivered", lookup_expr="gte")
    delivered_until = YearFilter(field_name="year_delivered", lookup_expr="lte")

    class Meta:
        model = EcoHousingSite
        fields = ["commune", "energy_label", "delivered_from", "delivered_until"]


class EcoHousingSiteViewSet(
    PostgisGeoJsonListMixin, CatalogueQuerysetMixin, viewsets.ReadOnlyModelViewSet
):
    """Eco-housing sites as GeoJSON, filtered by energy label, year, `commune`, `bbox`."""

    catalogue_layer = "eco-housing"

    queryset = EcoHousingSite.objects.select_related("commune").order_by("id")
    serializer_class = EcoHousingSiteSerializer
    pagination_class = GeoJsonPagination
    filter_backends = [filters.DjangoFilterBackend, BBoxFilter]
    filterset_class = EcoHousingSiteFilter

"""`/api/v1/equipment/`: the town's transition equipment (rainwater tanks, solar roofs)."""

from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from land_use.models import Equipment
from territory.api.filters import BBoxFilter
from territory.api.geojson_pages import PostgisGeoJsonListMixin
from territory.api.pagination import GeoJsonPagination
from territory.api.serializers import (
    CatalogueFieldsMixin,
    CatalogueQuerysetMixin,
    CommuneInseeField,
    Rfc7946GeometryField,
)


class EquipmentSerializer(CatalogueFieldsMixin, GeoFeatureModelSerializer):
    """A rainwater tank (capacity in m³) or a solar roof (peak power in kWp) as a GeoJSON point;
    `position_approximate` says when the point is an estimate, not a survey."""

    geometry = Rfc7946GeometryField()
    commune = CommuneInseeField()
    rainwater_capacity_m3 = serializers.DecimalField(
        max_digits=8, decimal_places=1, coerce_to_string=False, read_only=True, allow_null=True
    )
    solar_peak_kw = serializers.DecimalField(
        max_digits=8, decimal_places=1, coerce_to_string=False, read_only=True, allow_null=True
    )

    class Meta:
        model = Equipment
        geo_field = "geometry"
        layer = "equipment"
        extra_fields = ()


class EquipmentFilter(filters.FilterSet):
    commune = filters.CharFilter(field_name="commune__insee", help_text="INSEE code")
    kind = filters.MultipleChoiceFilter(choices=Equipment.Kind.choices)

    class Meta:
        model = Equipment
        fields = ["commune", "kind"]


class EquipmentViewSet(
    PostgisGeoJsonListMixin, CatalogueQuerysetMixin, viewsets.ReadOnlyModelViewSet
):
    """Transition equipment as GeoJSON, filtered by `kind`, `commune`, `bbox`."""

    catalogue_layer = "equipment"

    queryset = Equipment.objects.select_related("commune").order_by("id")
    serializer_class = EquipmentSerializer
    pagination_class = GeoJsonPagination
    filter_backends = [filters.DjangoFilterBackend, BBoxFilter]
    filterset_class = EquipmentFilter

from django.db.models import Case, F, JSONField, Value, When
from django.db.models.functions import Coalesce, NullIf, Trim, Upper
from django.db.models.lookups import Exact
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from accounts.models import public_name_expression
from land_use.crops import crop, crops
from land_use.models import OrganicParcel
from land_use.selectors import OrganicShare
from land_use.services import PARCEL_GEOMETRY_TYPES, PARCEL_MAX_VERTICES
from territory.api.fields import geometry_field
from territory.api.geojson_pages import JsonBuildObject
from territory.api.serializers import CatalogueFieldsMixin, Rfc7946GeometryField

# What only the API shows: whether the parcel is archived (farmers see their archived parcels).
API_EXTRAS = ("archived_at",)


class ParcelSerializer(CatalogueFieldsMixin, GeoFeatureModelSerializer):
    """A parcel as everyone may see it: no farmer's identity (the catalogue's public columns)."""

    geometry = Rfc7946GeometryField()
    commune = serializers.SlugRelatedField(slug_field="insee", read_only=True)
    crop_group = serializers.SerializerMethodField()
    area_ha = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = OrganicParcel
        geo_field = "geometry"
        layer = "parcels"
        extra_fields = API_EXTRAS

    def get_crop_group(self, parcel) -> str:
        """The stored group, or the one of the crop code for parcels loaded without it."""
        if parcel.crop_group:
            return parcel.crop_group
        known = crop(parcel.code_cultu)
        return known.group_label if known else ""

    def sql_properties(self) -> dict:
        """`get_crop_group` in SQL (territory.api.geojson_pages)."""
        code = Upper(Trim("code_cultu"))
        by_code = Case(
            *(
                When(Exact(code, Value(key)), then=Value(c.group_label))
                for key, c in crops().items()
            ),
            default=Value(""),
        )
        return {"crop_group": Coalesce(NullIf(F("crop_group"), Value("")), by_code)}


class PlannerParcelSerializer(ParcelSerializer):
    """What planners and the parcel's own farmer see: the owner too."""

    farmer = serializers.SerializerMethodField()

    class Meta(ParcelSerializer.Meta):
        extra_fields = (*API_EXTRAS, "farmer")

    def get_farmer(self, parcel) -> dict | None:
        if parcel.farmer is None:
            return None
        return {"id": parcel.farmer.pk, "name": parcel.farmer.public_name}

    def sql_properties(self) -> dict:
        farmer = JsonBuildObject(id=F("farmer_id"), name=public_name_expression("farmer"))
        return {
            **super().sql_properties(),
            "farmer": Case(
                When(farmer__isnull=False, then=farmer), default=None, output_field=JSONField()
            ),
        }


class ParcelWriteSerializer(serializers.Serializer):
    """What a farmer sends; the rules are checked by the services, not here."""

    commune = serializers.CharField(
        required=False, help_text="INSEE code; the default commune when absent."
    )
    name = serializers.CharField(max_length=120, required=False)
    code_cultu = serializers.CharField(max_length=3, required=False)
    stage = serializers.CharField(max_length=4, required=False)
    engagement_date = serializers.DateField(required=False, allow_null=True)
    certification_body = serializers.CharField(max_length=20, required=False, allow_blank=True)
    certification_state = serializers.CharField(max_length=10, required=False)
    campaign_year = serializers.IntegerField(required=False)
    geometry = geometry_field(
        allowed_types=PARCEL_GEOMETRY_TYPES, max_vertices=PARCEL_MAX_VERTICES, required=False
    )
    override_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class OrganicShareSerializer(serializers.Serializer):
    commune = serializers.CharField(source="commune.insee")
    commune_name = serializers.CharField(source="commune.name")
    organic_area_ha = serializers.DecimalField(max_digits=12, decimal_places=2)
    utilised_agricultural_area_ha = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True
    )
    utilised_agricultural_area_source = serializers.CharField(
        source="commune.utilised_agricultural_area_source"
    )
    share_percent = serializers.DecimalField(
        source="percent", max_digits=5, decimal_places=1, allow_null=True
    )

    class Meta:
        model = OrganicShare

"""`/api/v1/key-figures/`: the key figures of a commune, or of the whole deployment, as JSON.

The same figures as the page and its CSV: `mapping.key_figures.key_figures()` computes them.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from mapping.key_figures import key_figures
from territory.communes import commune_or_all

DECIMALS = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": False}


class LabelledCountSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class ProposalFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="proposals", help_text="Public proposals.")
    by_status = LabelledCountSerializer(source="proposals_by_status", many=True)
    by_category = LabelledCountSerializer(source="proposals_by_category", many=True)
    answered = serializers.IntegerField()
    answer_rate_percent = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    median_days_to_answer = serializers.DecimalField(
        max_digits=8,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text="Median of answered_at - created_at over answered proposals, in days.",
    )
    supports = serializers.IntegerField()


class _PairSerializer(serializers.Serializer):
    """A (key, number) pair of a series, written as an object with named members."""

    names: tuple[str, str]

    def to_representation(self, instance):
        return super().to_representation(dict(zip(self.names, instance, strict=True)))


class YearCountSerializer(_PairSerializer):
    names = ("year", "count")
    year = serializers.IntegerField()
    count = serializers.IntegerField()


class MandateCountSerializer(serializers.Serializer):
    mandate = serializers.CharField(help_text="e.g. 2020-2026")
    starts = serializers.DateField(help_text="The day of the election that opened it.")
    ends = serializers.DateField(help_text="The day of the next election.")
    count = serializers.IntegerField()

    def to_representation(self, instance):
        mandate, count = instance
        return super().to_representation(
            {
                "mandate": mandate.label,
                "starts": mandate.starts,
                "ends": mandate.ends,
                "count": count,
            }
        )


class MeetingFiguresSerializer(serializers.Serializer):
    per_year = YearCountSerializer(source="meetings_per_year", many=True)
    per_mandate = MandateCountSerializer(source="meetings_per_mandate", many=True)


class FiftyFiftyYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()
    total_budget = serializers.DecimalField(**DECIMALS)
    town_share = serializers.DecimalField(**DECIMALS)


class FiftyFiftyFiguresSerializer(serializers.Serializer):
    per_year = FiftyFiftyYearSerializer(source="fifty_fifty_per_year", many=True)
    projects = serializers.IntegerField(source="fifty_fifty_projects")
    town_share = serializers.DecimalField(source="fifty_fifty_town_share", **DECIMALS)


class OrganicFiguresSerializer(serializers.Serializer):
    organic_area_ha = serializers.DecimalField(**DECIMALS)
    utilised_agricultural_area_ha = serializers.DecimalField(**DECIMALS, allow_null=True)
    share_percent = serializers.DecimalField(
        source="percent", max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True
    )


class DwellingsPerYearSerializer(_PairSerializer):
    names = ("year", "dwellings")
    year = serializers.IntegerField()
    dwellings = serializers.IntegerField()


class EcoHousingFiguresSerializer(serializers.Serializer):
    dwellings = serializers.IntegerField(source="eco_housing_dwellings")
    dwellings_since_1997 = serializers.IntegerField(source="eco_housing_dwellings_since_1997")
    per_year = DwellingsPerYearSerializer(source="eco_housing_per_year", many=True)


class EquipmentFiguresSerializer(serializers.Serializer):
    buildings_with_rainwater_tanks = serializers.IntegerField(source="buildings_with_tanks")
    rainwater_capacity_m3 = serializers.DecimalField(**DECIMALS)
    solar_peak_kw = serializers.DecimalField(**DECIMALS)


class SeedFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.DecimalField(**DECIMALS)
    sentence = serializers.CharField(help_text="The seed document's own words (French).")


class KeyFiguresSerializer(serializers.Serializer):
    commune = serializers.CharField(
        source="commune.insee", allow_null=True, help_text="null: the whole deployment."
    )
    commune_name = serializers.CharField(source="commune.name", allow_null=True)
    proposals = ProposalFiguresSerializer(source="*")
    meetings = MeetingFiguresSerializer(source="*")
    fifty_fifty = FiftyFiftyFiguresSerializer(source="*")
    organic = OrganicFiguresSerializer()
    eco_housing = EcoHousingFiguresSerializer(source="*")
    equipment = EquipmentFiguresSerializer(source="*")
    loos_en_gohelle = SeedFigureSerializer(
        source="seed_list",
        many=True,
        help_text="Loos-en-Gohelle's key figures from the seed document, to compare with.",
    )


class OneObjectSchema(AutoSchema):
    """`list` answers one object (the figures), not a list of them."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class KeyFiguresViewSet(viewsets.ViewSet):
    """The key figures, live from the data, beside Loos-en-Gohelle's figures."""

    serializer_class = KeyFiguresSerializer
    schema = OneObjectSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "commune",
                str,
                description="INSEE code of a commune; without it, the whole deployment.",
            )
        ],
        responses=KeyFiguresSerializer,
    )
    def list(self, request):
        """Proposals by status and category, answer rate and median time to answer, supports,
        meetings per year and mandate, fifty-fifty budgets, organic share, eco-housing and
        equipment. An unknown commune is a 404 with a sentence."""
        figures = key_figures(commune_or_all(request))
        return Response(KeyFiguresSerializer(figures).data)

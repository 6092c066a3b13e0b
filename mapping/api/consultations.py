"""`/api/v1/consultations/`: plan reviews. Not a layer (no geometry), so plain JSON pages."""

from django.utils import timezone
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from mapping.models import Consultation
from territory.api.serializers import CommuneInseeField


class ConsultationSerializer(serializers.ModelSerializer):
    commune = CommuneInseeField()
    plan = CommuneInseeField(slug_field="idurba")
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "commune",
            "title",
            "description",
            "opens_at",
            "closes_at",
            "is_open",
            "plan",
        ]

    def get_is_open(self, consultation) -> bool:
        return consultation.is_open_at(timezone.now())


class ConsultationFilter(filters.FilterSet):
    commune = filters.CharFilter(field_name="commune__insee", help_text="INSEE code")
    open = filters.BooleanFilter(method="filter_open", help_text="Open now (true) or not")

    class Meta:
        model = Consultation
        fields = ["commune", "open"]

    def filter_open(self, queryset, name, value):
        open_now = Consultation.objects.open_at(timezone.now())
        return queryset.filter(pk__in=open_now) if value else queryset.exclude(pk__in=open_now)


class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    """Plan reviews, newest first, filtered by `commune` and `open`."""

    queryset = Consultation.objects.select_related("commune", "plan").order_by("-opens_at", "id")
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter

"""`/api/v1/consultations/`: plan reviews. Not a layer (no geometry), so plain JSON pages."""

from django.urls import reverse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from mapping import services
from mapping.api.serializers import FollowSerializer
from mapping.models import Consultation
from territory.api.serializers import CommuneInseeField


class ConsultationSerializer(serializers.ModelSerializer):
    commune = CommuneInseeField()
    plan = CommuneInseeField(
        slug_field="idurba", allow_null=True, help_text="IDURBA of the plan; null for none."
    )
    is_open = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField(
        help_text="Public inquiry: the report and conclusions (PDF), while they are published."
    )
    url = serializers.SerializerMethodField()

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
            "kind",
            "publication_delay_hours",
            "plan",
            "report",
            "url",
        ]

    def get_is_open(self, consultation) -> bool:
        return consultation.is_open_at(timezone.now())

    def get_report(self, consultation) -> str | None:
        if not consultation.report_is_public_at(timezone.now()):
            return None
        return self._absolute(reverse("mapping:consultation-report", args=[consultation.pk]))

    def get_url(self, consultation) -> str:
        return self._absolute(consultation.get_absolute_url())

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


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

    @extend_schema(methods=["POST", "DELETE"], request=None, responses={200: FollowSerializer})
    @action(detail=True, methods=["post", "delete"], permission_classes=[IsAuthenticated])
    def follow(self, request, pk=None):
        """POST follows the consultation (an email at each answer to one of its proposals);
        DELETE stops following it."""
        consultation = self.get_object()
        if request.method == "POST":
            services.follow_add(user=request.user, consultation=consultation)
        else:
            services.follow_remove(user=request.user, consultation=consultation)
        return Response(
            {"following": services.is_following(user=request.user, consultation=consultation)}
        )

"""`/api/v1/meetings/`: the town's public meetings, as GeoJSON points.

Everyone reads (meetings and their minutes are public); planners record and correct them
through the services (mapping.services.meeting_record / meeting_update), which judge every value.
"""

from django.db.models import Case, Q, TextField, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from mapping import services
from mapping.models import Consultation, Meeting, Proposal
from mapping.permissions import IsPlannerOrReadOnly
from territory.api.fields import CommuneField, geometry_field
from territory.api.filters import BBoxFilter, YearFilter
from territory.api.geojson_pages import PostgisGeoJsonListMixin, url_expression
from territory.api.pagination import GeoJsonPagination
from territory.api.serializers import (
    CatalogueFieldsMixin,
    CatalogueQuerysetMixin,
    CommuneInseeField,
    Rfc7946GeometryField,
)
from territory.communes import commune_of_write


class MeetingSerializer(CatalogueFieldsMixin, GeoFeatureModelSerializer):
    """A meeting as a GeoJSON feature: the catalogue's meetings layer, its texts and links."""

    location = Rfc7946GeometryField()
    commune = CommuneInseeField()
    proposals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    minutes_pdf = serializers.SerializerMethodField(help_text="The minutes as a PDF, if attached.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        geo_field = "location"
        layer = "meetings"
        extra_fields = ("description", "minutes", "minutes_pdf", "proposals", "url")

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_minutes_pdf(self, meeting) -> str | None:
        if not meeting.minutes_pdf:
            return None
        return self._absolute(reverse("mapping:meeting-minutes", args=[meeting.pk]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, meeting) -> str:
        return self._absolute(meeting.get_absolute_url())

    def sql_properties(self) -> dict:
        request = self.context.get("request")
        return {
            "minutes_pdf": Case(
                When(Q(minutes_pdf="") | Q(minutes_pdf__isnull=True), then=None),
                default=url_expression("mapping:meeting-minutes", request=request),
                output_field=TextField(),
            ),
            "url": url_expression("mapping:meeting-detail", request=request),
        }

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class MeetingWriteSerializer(serializers.Serializer):
    """A meeting recorded or corrected by a planner; the service judges every value (inside the
    commune, ends after it starts, proposals and consultation of the same commune)."""

    topic = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    description = serializers.CharField(allow_blank=True, required=False)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    place_name = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    location = geometry_field(allowed_types=("Point",), max_vertices=1)
    attendance = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    minutes = serializers.CharField(allow_blank=True, required=False)
    consultation = serializers.PrimaryKeyRelatedField(
        queryset=Consultation.objects.all(), required=False, allow_null=True
    )
    proposals = serializers.PrimaryKeyRelatedField(
        queryset=Proposal.objects.all(), many=True, required=False
    )
    commune = CommuneField(
        required=False,
        help_text=_("INSEE code; the consultation's commune, or the default commune."),
    )


class MeetingFilter(filters.FilterSet):
    commune = filters.CharFilter(field_name="commune__insee", help_text="INSEE code")
    consultation = filters.NumberFilter(field_name="consultation_id", help_text="Consultation id")
    year = YearFilter(
        field_name="starts_at", lookup_expr="year", help_text="Year held (Paris time)"
    )

    class Meta:
        model = Meeting
        fields = ["commune", "consultation", "year"]


_FIELDS = (
    "topic",
    "description",
    "starts_at",
    "ends_at",
    "place_name",
    "location",
    "attendance",
    "minutes",
    "consultation",
)


@extend_schema_view(
    create=extend_schema(request=MeetingWriteSerializer, responses={201: MeetingSerializer}),
    update=extend_schema(request=MeetingWriteSerializer, responses={200: MeetingSerializer}),
    partial_update=extend_schema(
        request=MeetingWriteSerializer, responses={200: MeetingSerializer}
    ),
)
class MeetingViewSet(
    PostgisGeoJsonListMixin,
    CatalogueQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Public meetings as GeoJSON, latest first; `?bbox=`, `?consultation=`, `?year=`,
    `?commune=`. Planners create (POST) and correct (PUT, PATCH) them."""

    catalogue_layer = "meetings"
    queryset = (
        Meeting.objects.select_related("commune")
        .prefetch_related("proposals")
        .order_by("-starts_at", "-pk")
    )
    serializer_class = MeetingSerializer
    pagination_class = GeoJsonPagination
    filter_backends = [filters.DjangoFilterBackend, BBoxFilter]
    filterset_class = MeetingFilter
    bbox_filter_field = "location"
    permission_classes = [IsPlannerOrReadOnly]

    def _read(self, meeting: Meeting, response_status=status.HTTP_200_OK) -> Response:
        meeting = self.get_queryset().get(pk=meeting.pk)
        data = MeetingSerializer(meeting, context=self.get_serializer_context()).data
        return Response(data, status=response_status)

    def create(self, request, *args, **kwargs):
        form = MeetingWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        consultation = data.get("consultation")
        commune = commune_of_write(data.pop("commune", None), consultation)
        meeting = services.meeting_record(user=request.user, commune=commune, **data)
        return self._read(meeting, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        meeting = self.get_object()
        form = MeetingWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        form.is_valid(raise_exception=True)
        # What a partial update leaves out keeps its stored value.
        values = {name: getattr(meeting, name) for name in _FIELDS}
        values["proposals"] = list(meeting.proposals.all())
        values.update(form.validated_data)
        values.pop("commune", None)
        services.meeting_update(meeting=meeting, user=request.user, **values)
        return self._read(meeting)

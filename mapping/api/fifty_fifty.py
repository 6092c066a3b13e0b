"""`/api/v1/fifty-fifty/`: fifty-fifty projects, the town funding half of a collective's project.

GeoJSON features drawn where their proposal is (the catalogue's "fifty-fifty" layer). Everyone
reads the public columns; the collective's contact is shown to the planners and the applicant
only. The proposal's author applies with `POST`; a planner moves the project on with
`POST /api/v1/fifty-fifty/<id>/status/`. The rules are in mapping.services.fifty_fifty.
"""

from decimal import Decimal

from django.db.models import Case, JSONField, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.contrib.rest_framework_gis import (
    GeoFeatureModelSerializerExtension,
    build_geometry_geo_schema,
)
from drf_spectacular.plumbing import build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from mapping import services
from mapping.layers import fifty_fifty_shown
from mapping.models import FiftyFiftyProject, Proposal
from mapping.permissions import (
    IsPlanner,
    fifty_fifty_contact_condition,
    may_see_fifty_fifty_contact,
)
from territory.api.filters import BBoxFilter, YearFilter
from territory.api.geojson_pages import JsonLiteral, PostgisGeoJsonListMixin, url_expression
from territory.api.pagination import GeoJsonPagination
from territory.api.serializers import (
    CatalogueFieldsMixin,
    CommuneInseeField,
    Rfc7946GeometryField,
)
from territory.catalogue import layer

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


@extend_schema_field(OpenApiTypes.DECIMAL)
class BudgetField(serializers.Field):
    """An amount in euros: a JSON number or a text ("12000.50", "12 000,50"); the service
    judges it. A JSON number is read as the digits that were sent, never as a binary float."""

    def to_internal_value(self, data):
        if isinstance(data, float):
            return Decimal(repr(data))
        return data

    def to_representation(self, value):
        return value


@extend_schema_field(build_geometry_geo_schema())
class ProposalDrawingField(Rfc7946GeometryField):
    """The project's proposal's drawing (any geometry type): an annotation, not a column of the
    project, so its OpenAPI type is given here rather than looked up on the model."""


class FiftyFiftySerializer(CatalogueFieldsMixin, GeoFeatureModelSerializer):
    """A fifty-fifty project as a GeoJSON feature; amounts in euros (numbers with 2 decimals).

    `contact_name`, `contact_email` and `contact_phone` are present for the planners and the
    applicant only.
    """

    geometry = ProposalDrawingField()
    commune = CommuneInseeField()
    total_budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False, read_only=True
    )
    town_share = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        help_text=_("Half of the total budget, computed by the database."),
    )
    proposal_title = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    collective_kind_label = serializers.CharField(
        source="get_collective_kind_display", read_only=True
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    next_statuses = serializers.ListField(
        child=serializers.CharField(), read_only=True, source="next_statuses_list"
    )
    contact_name = serializers.CharField(read_only=True, required=False)
    contact_email = serializers.EmailField(read_only=True, required=False)
    contact_phone = serializers.CharField(read_only=True, required=False)

    class Meta:
        model = FiftyFiftyProject
        geo_field = "geometry"
        layer = "fifty-fifty"
        extra_fields = (
            "status_label",
            "collective_kind_label",
            "url",
            "next_statuses",
            *CONTACT_FIELDS,
        )

    def to_representation(self, instance):
        instance.next_statuses_list = list(instance.next_statuses())
        feature = super().to_representation(instance)
        request = self.context.get("request")
        if not may_see_fifty_fifty_contact(getattr(request, "user", None), instance):
            for name in CONTACT_FIELDS:
                feature["properties"].pop(name, None)
        return feature

    def sql_properties(self) -> dict:
        transitions = FiftyFiftyProject.TRANSITIONS
        return {
            "url": url_expression("mapping:fifty-fifty-detail"),
            "next_statuses": Case(
                *(When(status=s, then=JsonLiteral(list(n))) for s, n in transitions.items()),
                default=JsonLiteral([]),
                output_field=JSONField(),
            ),
        }

    def sql_conditional_properties(self):
        """The contact, present only where `may_see_fifty_fifty_contact` allows it."""
        request = self.context.get("request")
        return fifty_fifty_contact_condition(getattr(request, "user", None)), CONTACT_FIELDS


class FiftyFiftySerializerExtension(GeoFeatureModelSerializerExtension):
    """The OpenAPI description of a project's feature: its geometry is its proposal's (any
    geometry type), not a column of the project, which drf-spectacular's own extension needs."""

    target_class = FiftyFiftySerializer
    priority = 1

    def map_serializer(self, auto_schema, direction):
        base_schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        properties = base_schema["properties"]
        feature_id = properties.pop("id", {"type": "integer"})
        properties.pop("geometry", None)
        base_schema.pop("required", None)
        base_schema.pop("description", None)
        return build_object_type(
            properties={
                "type": {"type": "string", "enum": ["Feature"]},
                "id": feature_id,
                "geometry": build_geometry_geo_schema(),
                "properties": base_schema,
            },
            description=FiftyFiftySerializer.__doc__.strip(),
        )


class FiftyFiftyApplySerializer(serializers.Serializer):
    """An application: the proposal (its author's own), the collective, its contact, the
    total budget in euros. The town's share is never sent: it is half of the budget."""

    proposal = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all())
    collective_name = serializers.CharField(allow_blank=True, trim_whitespace=False)
    collective_kind = serializers.ChoiceField(choices=FiftyFiftyProject.CollectiveKind.choices)
    contact_name = serializers.CharField(allow_blank=True, trim_whitespace=False)
    contact_email = serializers.CharField(allow_blank=True, trim_whitespace=False)
    contact_phone = serializers.CharField(allow_blank=True, required=False, default="")
    total_budget = BudgetField()


class FiftyFiftyStatusSerializer(serializers.Serializer):
    """A planner's decision: the next status (see `FiftyFiftyProject.TRANSITIONS`); a refusal
    gives its reason."""

    status = serializers.ChoiceField(choices=FiftyFiftyProject.Status.choices)
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class FiftyFiftyFilter(filters.FilterSet):
    commune = filters.CharFilter(field_name="commune__insee", help_text="INSEE code")
    status = filters.MultipleChoiceFilter(choices=FiftyFiftyProject.Status.choices)
    year = YearFilter(field_name="approved_at__year", help_text="year of approval (Europe/Paris)")

    class Meta:
        model = FiftyFiftyProject
        fields = ["commune", "status", "year"]


class FiftyFiftyViewSet(
    PostgisGeoJsonListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Fifty-fifty projects as GeoJSON, `?status=`, `?year=` (of approval), `?commune=`,
    `?bbox=`; amounts in euros, the town's share being half of the total budget."""

    serializer_class = FiftyFiftySerializer
    pagination_class = GeoJsonPagination
    filter_backends = [filters.DjangoFilterBackend, BBoxFilter]
    filterset_class = FiftyFiftyFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        # The layer's rows (the projects of the proposals this person sees), every commune's.
        projects = fifty_fifty_shown(None, self.request.user).select_related("commune", "proposal")
        return layer("fifty-fifty").api_queryset(projects).order_by("-applied_at", "-pk")

    def _read(self, project, response_status=status.HTTP_200_OK) -> Response:
        project = self.get_queryset().get(pk=project.pk)
        data = FiftyFiftySerializer(project, context=self.get_serializer_context()).data
        return Response(data, status=response_status)

    @extend_schema(
        request=FiftyFiftyApplySerializer,
        responses={
            201: FiftyFiftySerializer,
            400: OpenApiResponse(description="refused, with a sentence per field"),
            403: OpenApiResponse(description="not the proposal's author"),
        },
    )
    def create(self, request, *args, **kwargs):
        """The proposal's author applies for it as a fifty-fifty project (once)."""
        form = FiftyFiftyApplySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        proposal = get_object_or_404(
            Proposal.objects.visible_to(request.user), pk=data.pop("proposal").pk
        )
        project = services.fifty_fifty_apply(proposal=proposal, user=request.user, **data)
        return self._read(project, status.HTTP_201_CREATED)

    @extend_schema(
        request=FiftyFiftyStatusSerializer,
        responses={
            200: FiftyFiftySerializer,
            400: OpenApiResponse(description="a forbidden step, or a refusal without a reason"),
            403: OpenApiResponse(description="not a planner"),
        },
    )
    @action(detail=True, methods=["post"], url_path="status", permission_classes=[IsPlanner])
    def move(self, request, pk=None):
        """A planner moves the project on: application → approved → funded → completed, or
        refused (from an application or an approved project) with its reason."""
        project = self.get_object()
        form = FiftyFiftyStatusSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.fifty_fifty_move(
            project=project,
            planner=request.user,
            status=form.validated_data["status"],
            reason=form.validated_data["reason"],
        )
        return self._read(project)

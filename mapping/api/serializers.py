"""What the API says about proposals, comments, supports and reports, and what it accepts.

Reads are GeoJSON features; writes go through the services (mapping/services.py), which hold
every rule, so the serializers that accept input only parse it.
"""

from django.db.models import Case, F, FloatField, OuterRef, TextField, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from accounts.models import public_name_expression
from mapping.models import (
    Comment,
    Consultation,
    Proposal,
    ProposalStatusChange,
    ProposalZone,
    Report,
)
from mapping.services import PROPOSAL_GEOMETRY_TYPES, PROPOSAL_MAX_VERTICES
from territory.api.fields import CommuneField, geometry_field
from territory.api.geojson_pages import JsonArray, JsonBuildObject, iso_datetime, url_expression
from territory.api.serializers import CatalogueFieldsMixin, Rfc7946GeometryField


def proposal_geometry_field(**kwargs):
    """A drawn geometry, as GeoJSON: a point, a line or an area, read by the geometry gate."""
    return geometry_field(
        allowed_types=PROPOSAL_GEOMETRY_TYPES, max_vertices=PROPOSAL_MAX_VERTICES, **kwargs
    )


class StatusChangeSerializer(serializers.ModelSerializer):
    """One step of a proposal's history: who (their public name), when, from, to, the answer."""

    changed_by_name = serializers.SerializerMethodField()
    answer = serializers.CharField(source="note", read_only=True)
    # The first step, the proposal's creation, comes from no status at all: "".
    from_status = serializers.ChoiceField(
        choices=[("", "—"), *Proposal.Status.choices], read_only=True
    )

    class Meta:
        model = ProposalStatusChange
        fields = ["changed_at", "changed_by_name", "from_status", "to_status", "answer"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_changed_by_name(self, change) -> str:
        return str(change.changed_by.public_name) if change.changed_by else ""


class ZoneShareSerializer(serializers.Serializer):
    """A zone of the plan the proposal touches, with the share (%) of its length or area there."""

    libelle = serializers.CharField(source="zone.libelle")
    typezone = serializers.CharField(source="zone.typezone")
    share = serializers.FloatField()


class HeritagePerimeterSerializer(serializers.Serializer):
    """A heritage site whose protection perimeter the proposal falls in."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class ProposalSerializer(CatalogueFieldsMixin, GeoFeatureModelSerializer):
    """A proposal as a GeoJSON feature; user text is plain text, to be shown as text.

    Its fields are the catalogue's proposals layer (mapping/layers.py) and a few API-only ones.
    """

    geometry = Rfc7946GeometryField()
    commune = serializers.SlugRelatedField(slug_field="insee", read_only=True)
    author_name = serializers.SerializerMethodField()
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    support_count = serializers.IntegerField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    status_history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    zones = serializers.SerializerMethodField()
    zones_summary = serializers.CharField(
        read_only=True,
        help_text=_("The zones it touches with its share in each, and its heritage perimeters."),
    )
    heritage_perimeters = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        geo_field = "geometry"
        layer = "proposals"
        extra_fields = (
            "category_label",
            "status_label",
            "url",
            "status_history",
            "zones",
            "heritage_perimeters",
        )

    @extend_schema_field(OpenApiTypes.STR)
    def get_author_name(self, proposal) -> str:
        return str(proposal.author.public_name)

    @extend_schema_field(ZoneShareSerializer(many=True))
    def get_zones(self, proposal) -> list[dict]:
        return ZoneShareSerializer(proposal.zone_shares.all(), many=True).data

    @extend_schema_field(HeritagePerimeterSerializer(many=True))
    def get_heritage_perimeters(self, proposal) -> list[dict]:
        return HeritagePerimeterSerializer(proposal.heritage_perimeters.all(), many=True).data

    def sql_properties(self) -> dict:
        """The fields computed above in Python, in SQL (territory.api.geojson_pages), in the
        orders of the view's prefetches."""
        changes = ProposalStatusChange.objects.filter(proposal=OuterRef("pk"))
        shares = ProposalZone.objects.filter(proposal=OuterRef("pk"))
        sites = Proposal._meta.get_field("heritage_perimeters").related_model.objects.filter(
            proposals_in_perimeter=OuterRef("pk")
        )
        return {
            "author_name": public_name_expression("author"),
            "url": url_expression("mapping:proposal-detail"),
            "status_history": JsonArray(
                changes.order_by("changed_at", "pk").values(
                    json=JsonBuildObject(
                        changed_at=iso_datetime(F("changed_at")),
                        changed_by_name=Case(
                            When(changed_by__isnull=True, then=Value("")),
                            default=public_name_expression("changed_by"),
                            output_field=TextField(),
                        ),
                        from_status=F("from_status"),
                        to_status=F("to_status"),
                        answer=F("note"),
                    )
                )
            ),
            "zones": JsonArray(
                shares.order_by("-share", "zone__libelle", "pk").values(
                    json=JsonBuildObject(
                        libelle=F("zone__libelle"),
                        typezone=F("zone__typezone"),
                        share=Cast("share", FloatField()),
                    )
                )
            ),
            "heritage_perimeters": JsonArray(
                sites.order_by("name", "pk").values(
                    json=JsonBuildObject(id=F("pk"), name=F("name"))
                )
            ),
        }


class ProposalCreateSerializer(serializers.Serializer):
    """A new proposal: the services judge every value (mapping.services.proposal_create)."""

    title = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    description = serializers.CharField(allow_blank=True, required=False)
    # None chosen is judged by the service, which names the categories to choose from.
    category = serializers.ChoiceField(
        choices=Proposal.Category.choices,
        allow_blank=True,
        required=False,
        default="",
        error_messages={
            "invalid_choice": _("“{input}” is not a category; choose one from the list.")
        },
    )
    geometry = proposal_geometry_field(required=False, allow_null=True)
    consultation = serializers.PrimaryKeyRelatedField(
        queryset=Consultation.objects.all(), required=False, allow_null=True
    )
    commune = CommuneField(
        required=False,
        help_text=_("INSEE code; the consultation's commune, or the default commune."),
    )


class ProposalUpdateSerializer(serializers.Serializer):
    """What the author may correct while the proposal is submitted."""

    title = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    description = serializers.CharField(allow_blank=True, required=False)
    category = serializers.ChoiceField(choices=Proposal.Category.choices, required=False)
    geometry = proposal_geometry_field(required=False)


class ProposalAnswerSerializer(serializers.Serializer):
    """A planner's answer: the next status (see `Proposal.TRANSITIONS`) and the public answer,
    required for accepted, partially accepted, rejected and implemented."""

    status = serializers.ChoiceField(choices=Proposal.Status.choices)
    answer = serializers.CharField(allow_blank=True, required=False, default="")


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField(read_only=True)


class SupportSerializer(serializers.Serializer):
    supported = serializers.BooleanField(read_only=True)
    support_count = serializers.IntegerField(read_only=True)


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "proposal", "body", "author_name", "created_at", "updated_at"]
        read_only_fields = ["id", "author_name", "created_at", "updated_at"]
        # The service says when a body is missing or too long, in its own words.
        extra_kwargs = {"body": {"allow_blank": True}}

    @extend_schema_field(OpenApiTypes.STR)
    def get_author_name(self, comment) -> str:
        return str(comment.author.public_name)


class CommentUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "reason", "details"]
        read_only_fields = ["id"]

"""The REST API of the participatory map: /api/v1/proposals/ and /api/v1/comments/.

Anonymous visitors read; residents write their own things only. Views parse, call a service
and serialize: the rules live in mapping/services.py, the visibility in the querysets.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from accounts.throttling import client_address
from mapping import services
from mapping.api.filters import CommentFilter, ProposalFilter
from mapping.api.serializers import (
    CommentSerializer,
    CommentUpdateSerializer,
    FollowSerializer,
    ProposalAnswerSerializer,
    ProposalCreateSerializer,
    ProposalSerializer,
    ProposalUpdateSerializer,
    ReportSerializer,
    SupportSerializer,
)
from mapping.models import Comment, Proposal, ProposalStatusChange, ProposalZone
from mapping.permissions import IsAuthorOrReadOnly, IsPlanner
from territory.api.filters import BBoxFilter
from territory.api.geojson_pages import PostgisGeoJsonListMixin
from territory.api.pagination import GeoJsonPagination
from territory.catalogue import layer
from territory.communes import commune_of_write
from territory.concurrency import etag

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the version being changed; 412 if it changed in the meantime.",
)
CONFLICT = OpenApiResponse(description="changed by someone else in the meantime")


def if_match(request) -> str | None:
    return request.headers.get("If-Match")


def visible_proposals(user):
    return Proposal.objects.visible_to(user)


@extend_schema_view(
    create=extend_schema(request=ProposalCreateSerializer, responses={201: ProposalSerializer}),
    update=extend_schema(
        request=ProposalUpdateSerializer,
        parameters=[IF_MATCH],
        responses={200: ProposalSerializer, 412: CONFLICT},
    ),
    partial_update=extend_schema(
        request=ProposalUpdateSerializer,
        parameters=[IF_MATCH],
        responses={200: ProposalSerializer, 412: CONFLICT},
    ),
)
class ProposalViewSet(
    PostgisGeoJsonListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Residents' proposals as GeoJSON; `?bbox=`, `?category=`, `?status=`, `?consultation=`."""

    serializer_class = ProposalSerializer
    pagination_class = GeoJsonPagination
    filter_backends = [BBoxFilter, DjangoFilterBackend]
    filterset_class = ProposalFilter
    bbox_filter_field = "geometry"
    permission_classes = [IsAuthenticatedOrReadOnly, IsAuthorOrReadOnly]

    def get_queryset(self):
        # Every proposal the person may see, withdrawn ones included (they keep their address),
        # with the columns the catalogue's proposals layer computes.
        proposals = (
            visible_proposals(self.request.user)
            .select_related("author", "commune")
            .prefetch_related(
                Prefetch(
                    "status_changes",
                    ProposalStatusChange.objects.select_related("changed_by").order_by(
                        "changed_at", "pk"
                    ),
                ),
                Prefetch("zone_shares", ProposalZone.objects.select_related("zone")),
                "heritage_perimeters",
            )
        )
        return layer("proposals").api_queryset(proposals).order_by("-created_at", "-pk")

    def _read(self, proposal: Proposal, response_status=status.HTTP_200_OK) -> Response:
        proposal = self.get_queryset().get(pk=proposal.pk)
        response = Response(ProposalSerializer(proposal).data, status=response_status)
        response["ETag"] = etag(proposal)
        return response

    def retrieve(self, request, *args, **kwargs):
        return self._read(self.get_object())

    def create(self, request, *args, **kwargs):
        form = ProposalCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        consultation = data.get("consultation")
        commune = commune_of_write(data.get("commune"), consultation)
        proposal = services.proposal_create(
            author=request.user,
            commune=commune,
            title=data.get("title", ""),
            description=data.get("description", ""),
            category=data["category"],
            geometry=data.get("geometry"),
            consultation=consultation,
            address=client_address(request),
        )
        return self._read(proposal, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        proposal = self.get_object()
        form = ProposalUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        form.is_valid(raise_exception=True)
        services.proposal_update(
            proposal=proposal,
            user=request.user,
            expected_etag=if_match(request),
            **form.validated_data,
        )
        return self._read(proposal)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The author withdraws the proposal: kept and marked withdrawn, never deleted."""
        proposal = self.get_object()
        services.proposal_withdraw(
            proposal=proposal, user=request.user, expected_etag=if_match(request)
        )
        return self._read(proposal)

    @extend_schema(
        request=ProposalAnswerSerializer,
        parameters=[IF_MATCH],
        responses={
            200: ProposalSerializer,
            400: OpenApiResponse(description="a forbidden step, or a decision without an answer"),
            403: OpenApiResponse(description="not a planner"),
            412: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsPlanner])
    def answer(self, request, pk=None):
        """A planner gives the proposal its next status (submitted → under review → accepted,
        partially accepted or rejected → implemented) with a public answer, required for every
        decision; the change is kept in `status_history` and the author and followers are emailed.
        """
        proposal = self.get_object()
        form = ProposalAnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.proposal_answer(
            proposal=proposal,
            planner=request.user,
            status=form.validated_data["status"],
            answer=form.validated_data["answer"],
            expected_etag=if_match(request),
        )
        return self._read(proposal)

    @extend_schema(methods=["POST", "DELETE"], request=None, responses={200: FollowSerializer})
    @action(detail=True, methods=["post", "delete"], permission_classes=[IsAuthenticated])
    def follow(self, request, pk=None):
        """POST follows the proposal (an email at each answer); DELETE stops following it."""
        proposal = self.get_object()
        if request.method == "POST":
            services.follow_add(user=request.user, proposal=proposal)
        else:
            services.follow_remove(user=request.user, proposal=proposal)
        return Response({"following": services.is_following(user=request.user, proposal=proposal)})

    @extend_schema(
        methods=["POST", "DELETE"],
        request=None,
        responses={200: SupportSerializer, 400: OpenApiResponse(description="refused")},
    )
    @action(detail=True, methods=["post", "delete"], permission_classes=[IsAuthenticated])
    def support(self, request, pk=None):
        """POST supports the proposal (once per person); DELETE takes the support back."""
        proposal = self.get_object()
        if request.method == "POST":
            services.support_add(
                proposal=proposal, user=request.user, address=client_address(request)
            )
        else:
            services.support_remove(proposal=proposal, user=request.user)
        return Response(
            {
                "supported": proposal.supports.filter(user=request.user).exists(),
                "support_count": proposal.supports.count(),
            }
        )

    @extend_schema(request=ReportSerializer, responses={201: ReportSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def report(self, request, pk=None):
        """Report the proposal to the moderators, with a reason."""
        proposal = self.get_object()
        form = ReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = services.report_create(
            reporter=request.user,
            proposal=proposal,
            address=client_address(request),
            **form.validated_data,
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    update=extend_schema(
        request=CommentUpdateSerializer,
        parameters=[IF_MATCH],
        responses={200: CommentSerializer, 412: CONFLICT},
    ),
    partial_update=extend_schema(
        request=CommentUpdateSerializer,
        parameters=[IF_MATCH],
        responses={200: CommentSerializer, 412: CONFLICT},
    ),
)
class CommentViewSet(viewsets.ModelViewSet):
    """Comments on proposals, `?proposal=<id>`; each resident edits and deletes their own."""

    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    permission_classes = [IsAuthenticatedOrReadOnly, IsAuthorOrReadOnly]

    def get_queryset(self):
        return (
            Comment.objects.shown()
            .filter(proposal__in=visible_proposals(self.request.user))
            .select_related("author")
            .order_by("created_at", "pk")
        )

    def create(self, request, *args, **kwargs):
        form = CommentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        proposal = get_object_or_404(
            visible_proposals(request.user), pk=form.validated_data["proposal"].pk
        )
        comment = services.comment_create(
            proposal=proposal,
            author=request.user,
            body=form.validated_data["body"],
            address=client_address(request),
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        comment = self.get_object()
        response = Response(CommentSerializer(comment).data)
        response["ETag"] = etag(comment)
        return response

    def update(self, request, *args, **kwargs):
        comment = self.get_object()
        form = CommentUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.comment_update(
            comment=comment,
            user=request.user,
            expected_etag=if_match(request),
            **form.validated_data,
        )
        response = Response(CommentSerializer(comment).data)
        response["ETag"] = etag(comment)
        return response

    def destroy(self, request, *args, **kwargs):
        comment = self.get_object()
        services.comment_delete(comment=comment, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ReportSerializer, responses={201: ReportSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def report(self, request, pk=None):
        """Report the comment to the moderators, with a reason."""
        comment = self.get_object()
        form = ReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = services.report_create(
            reporter=request.user,
            comment=comment,
            address=client_address(request),
            **form.validated_data,
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

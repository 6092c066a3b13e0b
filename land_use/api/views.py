"""`/api/v1/parcels/`: organic parcels as GeoJSON; farmers write their own, planners any."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.roles import is_planner
from land_use.api.filters import ParcelFilter
from land_use.api.serializers import (
    OrganicShareSerializer,
    ParcelSerializer,
    ParcelWriteSerializer,
    PlannerParcelSerializer,
)
from land_use.models import OrganicParcel
from land_use.permissions import ParcelPermission
from land_use.selectors import organic_share
from land_use.services import (
    ATTRIBUTE_FIELDS,
    parcel_archive,
    parcel_register,
    parcel_update,
)
from territory.api.filters import BBoxFilter
from territory.api.geojson_pages import PostgisGeoJsonListMixin
from territory.api.pagination import GeoJsonPagination
from territory.api.serializers import CatalogueQuerysetMixin
from territory.communes import UnknownCommune, commune_by_insee, requested_insee, staff_serves
from territory.models import Commune


def _commune(insee: str | None) -> Commune:
    """The commune a parcel request names; an unknown one is a refusal of the field."""
    try:
        return commune_by_insee(insee)
    except UnknownCommune as error:
        raise ValidationError({"commune": [str(error)]}) from error


class ParcelViewSet(
    PostgisGeoJsonListMixin,
    CatalogueQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Active organic parcels. Anyone reads them without the farmer's identity; planners see the
    owner; farmers register, correct and archive their own; DELETE archives (nothing is lost)."""

    queryset = OrganicParcel.objects.active().select_related("commune", "farmer").order_by("pk")
    catalogue_layer = "parcels"
    permission_classes = [ParcelPermission]
    pagination_class = GeoJsonPagination
    filter_backends = [BBoxFilter, DjangoFilterBackend]
    filterset_class = ParcelFilter
    bbox_filter_field = "geometry"

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ParcelWriteSerializer
        if self._planner_of(requested_insee(self.request)):
            return PlannerParcelSerializer
        return ParcelSerializer

    def _planner_of(self, insee: str | None) -> bool:
        """The farmer's identity is for the planners of the parcels' commune: a list of every
        commune at once shows it only to those who serve them all (superusers)."""
        user = self.request.user
        if not is_planner(user):
            return False
        return user.is_superuser if insee is None else staff_serves(user, insee.upper())

    def retrieve(self, request, *args, **kwargs):
        parcel = self.get_object()
        mine = request.user.is_authenticated and parcel.farmer_id == request.user.pk
        planner = self._planner_of(parcel.commune.insee)
        serializer = PlannerParcelSerializer if mine or planner else ParcelSerializer
        data = serializer(parcel, context=self.get_serializer_context()).data
        return Response(data, headers={"ETag": parcel.etag})

    def _parsed(self, request, *, partial: bool):
        write = ParcelWriteSerializer(data=request.data, partial=partial)
        write.is_valid(raise_exception=True)
        return dict(write.validated_data)

    @extend_schema(request=ParcelWriteSerializer, responses={201: PlannerParcelSerializer})
    def create(self, request, *args, **kwargs):
        data = self._parsed(request, partial=False)
        commune = _commune(data.pop("commune", None))
        if "geometry" not in data:
            raise ValidationError({"geometry": [_("Draw the outline of the parcel.")]})
        parcel = parcel_register(
            actor=request.user,
            commune=commune,
            geometry=data["geometry"],
            attributes={f: data.get(f) for f in ATTRIBUTE_FIELDS},
            override_reason=data.get("override_reason", ""),
        )
        parcel = self.get_queryset().get(pk=parcel.pk)
        return Response(PlannerParcelSerializer(parcel).data, status=status.HTTP_201_CREATED)

    def _update(self, request, *, partial: bool):
        parcel = self.get_object()
        data = self._parsed(request, partial=partial)
        override_reason = data.pop("override_reason", "")
        if "commune" in data:
            raise ValidationError({"commune": [_("A parcel cannot move to another commune.")]})
        parcel = parcel_update(
            parcel=parcel,
            actor=request.user,
            changes=data,
            override_reason=override_reason,
            expected_etag=request.headers.get("If-Match"),
        )
        parcel = self.get_queryset().get(pk=parcel.pk)
        return Response(PlannerParcelSerializer(parcel).data, headers={"ETag": parcel.etag})

    @extend_schema(request=ParcelWriteSerializer, responses=PlannerParcelSerializer)
    def update(self, request, *args, **kwargs):
        return self._update(request, partial=False)

    @extend_schema(request=ParcelWriteSerializer, responses=PlannerParcelSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self._update(request, partial=True)

    @extend_schema(description="Archives the parcel: it leaves the figures, stays in the history.")
    def destroy(self, request, *args, **kwargs):
        parcel = self.get_object()
        if not isinstance(request.data, Mapping):
            raise ValidationError(
                {"non_field_errors": [_('Send an object, e.g. {"reason": "…"}.')]}
            )
        parcel_archive(
            parcel=parcel,
            actor=request.user,
            reason=request.data.get("reason", ""),
            expected_etag=request.headers.get("If-Match"),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[OpenApiParameter("commune", str, description="INSEE code")],
        responses=OrganicShareSerializer,
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="organic-share", pagination_class=None)
    def organic_share(self, request):
        """Organic area / utilised agricultural area of a commune, computed by PostGIS."""
        commune = _commune(requested_insee(request))
        return Response(OrganicShareSerializer(organic_share(commune)).data)

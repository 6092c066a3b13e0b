"""The REST API router: every collection of DESIGN.md registers here under /api/v1/."""

from rest_framework.routers import DefaultRouter

from land_use.api.views import ParcelViewSet
from mapping.api.views import CommentViewSet, ProposalViewSet

router = DefaultRouter()
router.register("parcels", ParcelViewSet, basename="parcel")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("comments", CommentViewSet, basename="comment")

urlpatterns = router.urls

"""The REST API router: every collection of DESIGN.md registers here under /api/v1/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls

from mapping.api.views import CommentViewSet, ProposalViewSet  # noqa: E402

router.register("proposals", ProposalViewSet, basename="proposal")
router.register("comments", CommentViewSet, basename="comment")
urlpatterns = router.urls  # taken again: the router's URLs now include the collections above

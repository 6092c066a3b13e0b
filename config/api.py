"""The REST API router: every collection of DESIGN.md registers here under /api/v1/."""

from rest_framework.routers import DefaultRouter

from land_use.api.views import ParcelViewSet

router = DefaultRouter()
router.register("parcels", ParcelViewSet, basename="parcel")

urlpatterns = router.urls

"""The REST API router: every collection of DESIGN.md registers here under /api/v1/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls

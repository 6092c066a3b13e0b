from django.contrib import admin
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import health
from territory.communes import InseeConverter

register_converter(InseeConverter, "insee")

urlpatterns = [
    path("", include("mapping.urls")),
    path("health/", health.health, name="health"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("farm/", include("land_use.urls")),
    path("exports/", include("mapping.exports.urls")),
    path("ogc/", include("mapping.ogc.urls")),
    path("tiles/", include("territory.urls")),
]

# Under /api/ and /ogc/ Django's own refusals (an unknown address, a body over the size limit
# refused before any view runs) answer JSON too, with a sentence.
handler400 = "config.api_errors.bad_request"
handler403 = "config.api_errors.permission_denied"
handler404 = "config.api_errors.page_not_found"
handler500 = "config.api_errors.server_error"

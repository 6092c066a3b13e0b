from django.contrib import admin

from heritage.models import HeritageSite
from territory.admin import LocalMapAdmin


@admin.register(HeritageSite)
class HeritageSiteAdmin(LocalMapAdmin):
    list_display = ("name", "kind", "historic_monument", "unesco_world_heritage", "approximate")
    list_filter = ("kind", "historic_monument", "unesco_world_heritage", "commune")
    search_fields = ("name", "merimee_ref")
    # The perimeter is derived by PostGIS from the geometry and the protection.
    readonly_fields = ("protection_perimeter",)

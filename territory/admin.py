from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin

from territory.models import Commune
from territory.widgets import LocalOSMWidget


class LocalMapAdmin(GISModelAdmin):
    """Every geographic admin of the project: the offline map widget."""

    gis_widget = LocalOSMWidget


@admin.register(Commune)
class CommuneAdmin(LocalMapAdmin):
    list_display = ("name", "insee", "projected_srid", "utilised_agricultural_area_ha")
    search_fields = ("name", "insee")

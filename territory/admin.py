from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.db import models

from territory.models import Commune
from territory.widgets import LocalOSMWidget

# Addresses typed without a scheme are taken as https (Django 6's default, chosen now).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class LocalMapAdmin(GISModelAdmin):
    """Every geographic admin of the project: the offline map widget."""

    gis_widget = LocalOSMWidget
    formfield_overrides = {**GISModelAdmin.formfield_overrides, **URL_FIELDS_ASSUME_HTTPS}


@admin.register(Commune)
class CommuneAdmin(LocalMapAdmin):
    list_display = ("name", "insee", "projected_srid", "utilised_agricultural_area_ha")
    search_fields = ("name", "insee")

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.core.exceptions import ValidationError
from django.db import models, transaction

from territory.models import Commune
from territory.widgets import LocalOSMWidget

# Addresses typed without a scheme are taken as https (Django 6's default, chosen now).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class LocalMapAdmin(GISModelAdmin):
    """Every geographic admin of the project: the offline map widget."""

    gis_widget = LocalOSMWidget
    formfield_overrides = {**GISModelAdmin.formfield_overrides, **URL_FIELDS_ASSUME_HTTPS}


class _DryRun(Exception):
    """Rolls back the service's trial run made while the admin form validates."""


class ServiceWriteAdmin(admin.ModelAdmin):
    """An admin whose saves go through the app's services, so the admin obeys the same rules
    (geometry, overlaps, answers) and leaves the same history as the site and the API.

    Subclasses define `service_save(request, obj, form, change)`, which calls the service and
    returns the stored object. While the form validates, it is run once inside a savepoint that
    is always rolled back: its refusals appear on the form, next to their fields; nothing of
    the trial is kept (its on_commit side effects are dropped with the savepoint).
    """

    def service_save(self, request, obj, form, change):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin.service_save(request, self.instance, self, obj is not None)
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as error:
                    self._update_errors(error)

        return ServiceForm

    def save_model(self, request, obj, form, change):
        stored = self.service_save(request, obj, form, change)
        obj.pk = stored.pk
        obj.refresh_from_db()


@admin.register(Commune)
class CommuneAdmin(LocalMapAdmin):
    list_display = ("name", "insee", "projected_srid", "utilised_agricultural_area_ha")
    search_fields = ("name", "insee")

from django.contrib import admin

from land_use.models import (
    EcoHousingSite,
    FarmerApplication,
    OrganicParcel,
    ParcelEvent,
    ParcelUpload,
    PlanDocument,
    Zone,
)
from territory.admin import URL_FIELDS_ASSUME_HTTPS, LocalMapAdmin


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("idurba", "commune", "typedoc", "etat", "datappro", "illustrative")
    list_filter = ("typedoc", "etat", "illustrative")


@admin.register(Zone)
class ZoneAdmin(LocalMapAdmin):
    list_display = ("libelle", "typezone", "commune", "area_ha", "illustrative")
    list_filter = ("typezone", "commune", "illustrative")
    search_fields = ("libelle", "libelong")
    readonly_fields = ("area_ha",)


class ParcelEventInline(admin.TabularInline):
    """The parcel's history, read only: it is written by the services."""

    model = ParcelEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "actor", "reason", "changes")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OrganicParcel)
class OrganicParcelAdmin(LocalMapAdmin):
    inlines = [ParcelEventInline]
    list_display = (
        "name",
        "farmer",
        "code_cultu",
        "stage",
        "certification_state",
        "area_ha",
        "archived_at",
    )
    list_filter = ("stage", "certification_state", "certification_body", "commune")
    search_fields = ("name", "code_cultu", "farmer__display_name")
    readonly_fields = ("area_ha", "created_at", "updated_at")
    raw_id_fields = ("farmer",)


@admin.register(EcoHousingSite)
class EcoHousingSiteAdmin(LocalMapAdmin):
    list_display = ("name", "dwellings", "social_dwellings", "energy_label", "year_delivered")
    list_filter = ("energy_label", "commune", "illustrative")
    search_fields = ("name", "address")


@admin.register(FarmerApplication)
class FarmerApplicationAdmin(admin.ModelAdmin):
    list_display = ("farm_name", "siret", "applicant", "status", "created_at", "decided_by")
    list_filter = ("status",)
    search_fields = ("farm_name", "siret", "applicant__display_name")
    raw_id_fields = ("applicant", "decided_by")


@admin.register(ParcelUpload)
class ParcelUploadAdmin(admin.ModelAdmin):
    list_display = ("file_name", "farmer", "commune", "layer", "created_at", "confirmed_at")
    exclude = ("content",)
    readonly_fields = ("token", "features", "layers", "defaults")
    raw_id_fields = ("farmer",)

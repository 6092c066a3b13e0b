from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from land_use.models import (
    EcoHousingSite,
    Equipment,
    FarmerApplication,
    OrganicParcel,
    ParcelEvent,
    ParcelUpload,
    PlanDocument,
    Zone,
)
from land_use.services import ATTRIBUTE_FIELDS, EDITABLE_FIELDS, parcel_register, parcel_update
from territory.admin import URL_FIELDS_ASSUME_HTTPS, LocalMapAdmin, ServiceWriteAdmin


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


class OrganicParcelAdminForm(forms.ModelForm):
    override_reason = forms.CharField(
        label=_("reason for accepting an overlap (planners)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when this parcel must overlap another by more than 1 %; recorded."),
    )

    class Meta:
        model = OrganicParcel
        fields = ("commune", "farmer", "geometry", *ATTRIBUTE_FIELDS)


@admin.register(OrganicParcel)
class OrganicParcelAdmin(ServiceWriteAdmin, LocalMapAdmin):
    """Planners register and correct parcels through the services: the area, overlap and
    crop-code rules hold, and every change is in the parcel's history."""

    form = OrganicParcelAdminForm
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
    raw_id_fields = ("farmer",)

    def get_readonly_fields(self, request, obj=None):
        # Derived or written by the services only; owner and commune are set once.
        derived = ("crop_group", "area_ha", "archived_at", "source", "created_at", "updated_at")
        return derived if obj is None else (*derived, "farmer", "commune")

    def has_delete_permission(self, request, obj=None):
        return False  # parcels are archived, never deleted: they stay in the history

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            return parcel_register(
                actor=request.user,
                commune=data["commune"],
                farmer=data.get("farmer"),
                geometry=data["geometry"],
                attributes={field: data.get(field) for field in ATTRIBUTE_FIELDS},
                override_reason=data.get("override_reason", ""),
            )
        return parcel_update(
            parcel=obj,
            actor=request.user,
            changes={f: data[f] for f in form.changed_data if f in EDITABLE_FIELDS},
            override_reason=data.get("override_reason", ""),
        )


@admin.register(EcoHousingSite)
class EcoHousingSiteAdmin(LocalMapAdmin):
    list_display = ("name", "dwellings", "social_dwellings", "energy_label", "year_delivered")
    list_filter = ("energy_label", "commune", "illustrative")
    search_fields = ("name", "address")


@admin.register(Equipment)
class EquipmentAdmin(LocalMapAdmin):
    list_display = (
        "building",
        "kind",
        "rainwater_capacity_m3",
        "solar_peak_kw",
        "year_installed",
        "position_approximate",
        "commune",
    )
    list_filter = ("kind", "position_approximate", "illustrative", "commune")
    search_fields = ("building", "description")


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

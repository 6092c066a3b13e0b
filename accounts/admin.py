from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User, WriteEvent
from accounts.services import user_sync_staff_status


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Public profile"), {"fields": ("display_name",)}),
        # Blocking is done on the moderation page, which logs it; here it is only shown.
        (_("Communes served"), {"fields": ("staff_communes",)}),
        (_("Moderation"), {"fields": ("blocked_at", "blocked_reason", "blocked_by")}),
    )
    readonly_fields = ("blocked_at", "blocked_reason", "blocked_by")
    list_display = ("username", "display_name", "email", "is_staff", "is_active")
    search_fields = ("username", "display_name", "email")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_sync_staff_status(user=form.instance)


@admin.register(WriteEvent)
class WriteEventAdmin(admin.ModelAdmin):
    """The writes the limits count (accounts/throttling.py), kept a day at most: staff see who
    writes how much, and lift a limit early for someone by deleting their counted writes."""

    list_display = ("at", "action", "account", "address")
    list_filter = ("action",)
    search_fields = ("account__username", "address")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

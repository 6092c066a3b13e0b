from django.contrib import admin

from mapping.models import (
    Comment,
    Consultation,
    Proposal,
    ProposalStatusChange,
    Report,
    Support,
)
from territory.admin import LocalMapAdmin


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("title", "commune", "opens_at", "closes_at")
    list_filter = ("commune",)


class StatusChangeInline(admin.TabularInline):
    model = ProposalStatusChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "changed_by", "changed_at", "note")
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(LocalMapAdmin):
    list_display = ("title", "category", "status", "author", "created_at", "is_hidden")
    list_filter = ("status", "category", "consultation", "is_hidden", "illustrative")
    search_fields = ("title", "description")
    raw_id_fields = ("author", "answered_by")
    readonly_fields = ("zones", "heritage_perimeters", "created_at", "updated_at")
    inlines = [StatusChangeInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "proposal", "author", "created_at", "is_hidden")
    list_filter = ("is_hidden",)
    raw_id_fields = ("proposal", "author")


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ("proposal", "user", "created_at")
    raw_id_fields = ("proposal", "user")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "proposal", "comment", "created_at", "resolved_at")
    list_filter = ("reason",)
    raw_id_fields = ("proposal", "comment", "reporter")

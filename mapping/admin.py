from django.contrib import admin

from mapping.models import (
    Comment,
    Consultation,
    FiftyFiftyProject,
    Follow,
    Meeting,
    ModerationAction,
    Proposal,
    ProposalStatusChange,
    ProposalZone,
    Report,
    Support,
)
from mapping.services import (
    consultation_create,
    consultation_update,
    meeting_record,
    meeting_update,
    proposal_staff_update,
)
from territory.admin import LocalMapAdmin, ServiceWriteAdmin


@admin.register(Consultation)
class ConsultationAdmin(ServiceWriteAdmin):
    """Through consultation_create/update like the site's form. The report is the
    commissioner's, uploaded on the register's page where its content is checked: read-only
    here, so no file skips the PDF check."""

    list_display = ("title", "kind", "commune", "opens_at", "closes_at")
    list_filter = ("commune", "kind")
    fields = (
        "commune",
        "title",
        "description",
        "kind",
        "opens_at",
        "closes_at",
        "plan",
        "publication_delay_hours",
        "report",
        "report_uploaded_at",
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("report", "report_uploaded_at")
        return ("commune", *fixed) if obj is not None else fixed

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        values = {
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "kind": data.get("kind"),
            "opens_at": data.get("opens_at"),
            "closes_at": data.get("closes_at"),
            "plan": data.get("plan"),
            "publication_delay_hours": data.get("publication_delay_hours") or 0,
        }
        if change:
            return consultation_update(consultation=obj, user=request.user, **values)
        return consultation_create(user=request.user, commune=data["commune"], **values)


class StatusChangeInline(admin.TabularInline):
    model = ProposalStatusChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "changed_by", "changed_at", "note")
    can_delete = False


class ZoneShareInline(admin.TabularInline):
    """The zones a proposal touches and its share in each: derived spatially, read only."""

    model = ProposalZone
    extra = 0
    fields = ("zone", "share")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(ServiceWriteAdmin, LocalMapAdmin):
    """Planners correct and answer, moderators hide or show: through the services, so the
    drawing's rules hold and every status change is in the proposal's history."""

    list_display = ("title", "category", "status", "author", "created_at", "is_hidden")
    list_filter = ("status", "category", "consultation", "is_hidden", "illustrative")
    search_fields = ("title", "description")
    readonly_fields = (
        "commune",
        "author",
        "answered_by",
        "answered_at",
        "zones",
        "heritage_perimeters",
        "created_at",
        "updated_at",
    )
    inlines = [StatusChangeInline, ZoneShareInline]

    def has_add_permission(self, request):
        return False  # proposals are residents' words, drawn on the map

    def has_delete_permission(self, request, obj=None):
        return False  # kept as the consultation's record; hidden by moderation if need be

    def service_save(self, request, obj, form, change):
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        return proposal_staff_update(proposal=obj, actor=request.user, changes=changes)


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


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """The log of moderation acts, read only: the acts are done on /moderation/."""

    list_display = ("created_at", "moderator", "action", "proposal", "comment", "person")
    list_filter = ("action",)
    readonly_fields = (
        "moderator",
        "action",
        "proposal",
        "comment",
        "person",
        "reason",
        "created_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FiftyFiftyProject)
class FiftyFiftyProjectAdmin(admin.ModelAdmin):
    """Fifty-fifty projects, read only: applications and decisions are made on /fifty-fifty/,
    through the services that check each step and set its date."""

    list_display = ("collective_name", "status", "total_budget", "town_share", "applied_at")
    list_filter = ("status", "commune")
    readonly_fields = [field.name for field in FiftyFiftyProject._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "proposal", "consultation", "created_at")
    raw_id_fields = ("user", "proposal", "consultation")


@admin.register(Meeting)
class MeetingAdmin(ServiceWriteAdmin, LocalMapAdmin):
    """Through meeting_record/update like the site's form. The minutes' PDF is attached on the
    site's form, where its content is checked: read-only here."""

    list_display = ("topic", "starts_at", "place_name", "attendance", "commune", "illustrative")
    list_filter = ("commune", "consultation", "illustrative")
    search_fields = ("topic", "place_name", "minutes")
    date_hierarchy = "starts_at"
    filter_horizontal = ("proposals",)
    fields = (
        "commune",
        "consultation",
        "topic",
        "description",
        "starts_at",
        "ends_at",
        "place_name",
        "location",
        "attendance",
        "minutes",
        "minutes_pdf",
        "proposals",
        "recorded_by",
        "illustrative",
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("minutes_pdf", "recorded_by", "illustrative")
        return ("commune", *fixed) if obj is not None else fixed

    def has_delete_permission(self, request, obj=None):
        return False  # the town's record of its meetings

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        values = {
            "topic": data.get("topic", ""),
            "description": data.get("description", ""),
            "starts_at": data.get("starts_at"),
            "ends_at": data.get("ends_at"),
            "place_name": data.get("place_name", ""),
            "location": data.get("location"),
            "attendance": data.get("attendance"),
            "minutes": data.get("minutes", ""),
            "consultation": data.get("consultation"),
            "proposals": list(data.get("proposals") or ()),
        }
        if change:
            return meeting_update(meeting=obj, user=request.user, **values)
        return meeting_record(user=request.user, commune=data["commune"], **values)

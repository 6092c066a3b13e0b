"""Who may do what on the participatory map: role predicates and the API's permission classes.

Visibility of rows lives in the querysets (`Proposal.objects.visible_to(user)`), which ask the
predicates here and in accounts.roles; views and serializers never test roles themselves.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import is_commissioner, is_moderator, is_planner, may_moderate


def may_see_hidden(user) -> bool:
    """Content hidden by moderation stays visible to planners and moderators."""
    return may_moderate(user)


def may_act_as_moderator(user) -> bool:
    """Moderators (and superusers) hide, restore, dismiss reports and block accounts; planners
    see hidden content but leave these acts to them."""
    return is_moderator(user)


def may_answer(user) -> bool:
    """Planners answer proposals and change their status."""
    return is_planner(user)


def may_restore_versions(user) -> bool:
    """Planners read the history of every versioned record and restore earlier versions."""
    return is_planner(user)


def may_manage_consultations(user) -> bool:
    """Planners create and edit the consultations of their commune."""
    return is_planner(user)


def may_record_meetings(user) -> bool:
    """Planners record the public meetings of their commune and their minutes."""
    return is_planner(user)


def may_read_register(user) -> bool:
    """The commissaire enquêteur (and the planners) read every observation of an inquiry:
    hidden by moderation, or not yet published."""
    return is_commissioner(user) or is_planner(user)


def may_file_report(user) -> bool:
    """Only the commissaire enquêteur uploads the report and conclusions of an inquiry."""
    return is_commissioner(user)


def may_decide_fifty_fifty(user) -> bool:
    """Planners approve, fund, complete or refuse fifty-fifty projects."""
    return is_planner(user)


def may_apply_fifty_fifty(user, proposal) -> bool:
    """Only a proposal's author applies for it as a fifty-fifty project."""
    return bool(user is not None and user.is_authenticated and proposal.author_id == user.pk)


def may_see_fifty_fifty_contact(user, project) -> bool:
    """The collective's contact is personal data: for the planners and the applicant only."""
    if user is None or not user.is_authenticated:
        return False
    return is_planner(user) or project.applied_by_id == user.pk


class IsAuthorOrReadOnly(BasePermission):
    """Anyone reads; only the author writes on their own proposal or comment."""

    message = _("Only its author can change this.")

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return request.user.is_authenticated and obj.author_id == request.user.pk


class IsPlanner(BasePermission):
    """Planners only (answers, review)."""

    message = _("Only the town's planners can do this.")

    def has_permission(self, request, view) -> bool:
        return may_answer(request.user)


class IsPlannerOrReadOnly(BasePermission):
    """Anyone reads; only planners write (public meetings)."""

    message = _("Only the town's planners can record or edit public meetings.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or may_record_meetings(request.user)

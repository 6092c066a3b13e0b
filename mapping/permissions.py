"""Who may do what on the participatory map: role predicates and the API's permission classes.

Visibility of rows lives in the querysets (`Proposal.objects.visible_to(user)`), which ask the
predicates here and in accounts.roles; views and serializers never test roles themselves.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import is_commissioner, is_moderator, is_planner, may_moderate
from territory.communes import staff_communes, staff_serves


def _serves(user, commune) -> bool:
    """Staff act only in their communes; `commune` None asks about the role alone (to show a
    menu entry, say), never to allow an act on an object."""
    return commune is None or staff_serves(user, commune)


def may_see_hidden(user, commune=None) -> bool:
    """Content hidden by moderation stays visible to planners and moderators."""
    return may_moderate(user) and _serves(user, commune)


def may_act_as_moderator(user, commune=None) -> bool:
    """Moderators (and superusers) hide, restore, dismiss reports and block accounts; planners
    see hidden content but leave these acts to them."""
    return is_moderator(user) and _serves(user, commune)


def may_answer(user, commune=None) -> bool:
    """Planners answer proposals and change their status."""
    return is_planner(user) and _serves(user, commune)


def may_restore_versions(user, commune=None) -> bool:
    """Planners read the history of every versioned record and restore earlier versions."""
    return is_planner(user) and _serves(user, commune)


def may_manage_consultations(user, commune=None) -> bool:
    """Planners create and edit the consultations of their commune."""
    return is_planner(user) and _serves(user, commune)


def may_record_meetings(user, commune=None) -> bool:
    """Planners record the public meetings of their commune and their minutes."""
    return is_planner(user) and _serves(user, commune)


def may_read_register(user, commune=None) -> bool:
    """The commissaire enquêteur (and the planners) read every observation of an inquiry:
    hidden by moderation, or not yet published."""
    return (is_commissioner(user) or is_planner(user)) and _serves(user, commune)


def may_file_report(user, commune=None) -> bool:
    """Only the commissaire enquêteur uploads the report and conclusions of an inquiry."""
    return is_commissioner(user) and _serves(user, commune)


def may_decide_fifty_fifty(user, commune=None) -> bool:
    """Planners approve, fund, complete or refuse fifty-fifty projects."""
    return is_planner(user) and _serves(user, commune)


def may_see_personal_columns(user, commune) -> bool:
    """The planners' personal columns (a parcel's farmer, a proposal's author account) of a
    commune's layers are for the planners of that commune; `commune` None (every commune at
    once) only for those who serve them all."""
    if not is_planner(user):
        return False
    if commune is None:
        return bool(user.is_superuser)
    return staff_serves(user, commune)


def may_apply_fifty_fifty(user, proposal) -> bool:
    """Only a proposal's author applies for it as a fifty-fifty project."""
    return bool(user is not None and user.is_authenticated and proposal.author_id == user.pk)


def may_see_fifty_fifty_contact(user, project) -> bool:
    """The collective's contact is personal data: for the planners and the applicant only."""
    if user is None or not user.is_authenticated:
        return False
    return (is_planner(user) and _serves(user, project.commune)) or project.applied_by_id == user.pk


def fifty_fifty_contact_condition(user) -> Q:
    """`may_see_fifty_fifty_contact` as a condition on the projects (for pages written by
    PostGIS): the applicant's own, and those of the communes a planner serves."""
    if user is None or not user.is_authenticated:
        return Q(pk__isnull=True)  # no row
    condition = Q(applied_by_id=user.pk)
    if is_planner(user):
        if user.is_superuser:
            return Q(pk__isnull=False)
        condition |= Q(commune__insee__in=staff_communes(user))
    return condition


class IsAuthorOrReadOnly(BasePermission):
    """Anyone reads; only the author writes on their own proposal or comment."""

    message = _("Only its author can change this.")

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return request.user.is_authenticated and obj.author_id == request.user.pk


class IsPlanner(BasePermission):
    """Planners only (answers, review), and of the object's commune."""

    message = _("Only the town's planners can do this.")

    def has_permission(self, request, view) -> bool:
        return may_answer(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        return may_answer(request.user, obj.commune)


class IsPlannerOrReadOnly(BasePermission):
    """Anyone reads; only planners write (public meetings)."""

    message = _("Only the town's planners can record or edit public meetings.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or may_record_meetings(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or may_record_meetings(request.user, obj.commune)

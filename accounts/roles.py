"""The roles of DESIGN.md as Django groups: residents sign up, staff grant the other three."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    FARMER = "farmer", _("farmer")
    PLANNER = "planner", _("planner")
    MODERATOR = "moderator", _("moderator")
    # The commissaire enquêteur of a public inquiry: reads every observation, exports them,
    # publishes the report and conclusions.
    COMMISSIONER = "commissioner", _("commissioner (commissaire enquêteur)")


def has_role(user, role: Role) -> bool:
    """Whether the user holds the role; a superuser holds every role."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.value).exists()


def holders(role: Role):
    """The active accounts holding `role` by their group (superusers are not written to)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=role.value, is_active=True).distinct()


def is_planner(user) -> bool:
    return has_role(user, Role.PLANNER)


def is_farmer(user) -> bool:
    return has_role(user, Role.FARMER)


def is_moderator(user) -> bool:
    return has_role(user, Role.MODERATOR)


def is_commissioner(user) -> bool:
    return has_role(user, Role.COMMISSIONER)


def may_moderate(user) -> bool:
    """Planners and moderators see hidden content, to review or restore it."""
    return is_planner(user) or is_moderator(user)


# What each role's work needs in the admin, as "app_label.codename" (strings, so accounts
# imports none of the apps above it). Farmers and residents work on the site's own pages.
_EDIT = ("add", "change", "delete", "view")
ROLE_ADMIN_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.PLANNER: (
        *(f"land_use.{verb}_{model}" for verb in _EDIT for model in ("zone", "plandocument")),
        *(f"land_use.{verb}_ecohousingsite" for verb in _EDIT),
        *(f"heritage.{verb}_heritagesite" for verb in _EDIT),
        # Parcels are archived, never deleted; their history is written by the services.
        "land_use.add_organicparcel",
        "land_use.change_organicparcel",
        "land_use.view_organicparcel",
        "land_use.view_parcelevent",
        "land_use.view_parcelupload",
        "land_use.change_farmerapplication",
        "land_use.view_farmerapplication",
        "mapping.add_consultation",
        "mapping.change_consultation",
        "mapping.view_consultation",
        "mapping.view_fiftyfiftyproject",
        "mapping.change_proposal",
        "mapping.view_proposal",
        "mapping.view_proposalstatuschange",
        "mapping.view_comment",
        "mapping.view_support",
        # Meetings are kept as the town's record: recorded and corrected, never deleted.
        "mapping.add_meeting",
        "mapping.change_meeting",
        "mapping.view_meeting",
        "mapping.view_report",
        "territory.change_commune",
        "territory.view_commune",
    ),
    Role.MODERATOR: (
        "mapping.change_proposal",
        "mapping.view_proposal",
        "mapping.view_proposalstatuschange",
        "mapping.change_comment",
        "mapping.view_comment",
        "mapping.change_report",
        "mapping.view_report",
        # The log of moderation acts: written by the services of /moderation/, read here.
        "mapping.view_moderationaction",
    ),
    # Reading only: the commissioner's own work (export, report) is on the register's page.
    Role.COMMISSIONER: (
        "mapping.view_consultation",
        "mapping.view_proposal",
        "mapping.view_comment",
    ),
}
# Roles whose work is (partly) in the admin: holding one gives the staff status.
STAFF_ROLES = (Role.PLANNER, Role.MODERATOR)


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and give them their admin permissions (run after every migrate).

    Connected to post_migrate for every app, because each app's permissions only exist once its
    own post_migrate has run; what does not exist yet is given on a later call.
    """
    from django.contrib.auth.models import Group, Permission

    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = ROLE_ADMIN_PERMISSIONS.get(role, ())
        by_app: dict[str, list[str]] = {}
        for name in wanted:
            app_label, codename = name.split(".", 1)
            by_app.setdefault(app_label, []).append(codename)
        for app_label, codenames in by_app.items():
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            group.permissions.add(*found)

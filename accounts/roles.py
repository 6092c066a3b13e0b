"""The roles of DESIGN.md as Django groups: residents sign up, staff grant the other three."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    FARMER = "farmer", _("farmer")
    PLANNER = "planner", _("planner")
    MODERATOR = "moderator", _("moderator")


def has_role(user, role: Role) -> bool:
    """Whether the user holds the role; a superuser holds every role."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.value).exists()


def is_planner(user) -> bool:
    return has_role(user, Role.PLANNER)


def is_farmer(user) -> bool:
    return has_role(user, Role.FARMER)


def is_moderator(user) -> bool:
    return has_role(user, Role.MODERATOR)

"""Writes on accounts: registration as a resident, erasure of personal data."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.personal_data import parts
from accounts.roles import Role


@transaction.atomic
def user_register_resident(*, user, display_name: str) -> None:
    """A new account becomes a resident, shown to others under `display_name`."""
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    resident, _created = Group.objects.get_or_create(name=Role.RESIDENT.value)
    user.groups.add(resident)


@transaction.atomic
def user_erase(*, user) -> None:
    """Erase a person's personal data (GDPR, article 17) and close the account.

    Each app erases or anonymises its part (accounts.personal_data): proposals stay on the map,
    as the town's record of the consultation, under "Anonymous resident"; comments lose their
    text; supports go; reports stay, without their author's words. Then the account loses its
    email addresses, API tokens, names and password.
    """
    from allauth.account.models import EmailAddress
    from rest_framework.authtoken.models import Token

    for part in parts():
        part.erase(user)
    EmailAddress.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    user.username = f"erased-{user.pk}"
    user.email = f"erased-{user.pk}@invalid"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.blocked_reason = ""
    user.blocked_by = None
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()


@transaction.atomic
def user_renew_api_token(*, user):
    """A new API token for the person's scripts; the previous one stops working."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def user_sync_staff_status(*, user) -> None:
    """A planner or a moderator may enter the admin, where their groups' permissions say what
    they see. Only ever grants: what an ex-planner could do there goes with the group."""
    from accounts.roles import STAFF_ROLES, has_role

    if not user.is_staff and any(has_role(user, role) for role in STAFF_ROLES):
        user.is_staff = True
        user.save(update_fields=["is_staff"])

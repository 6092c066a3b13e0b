"""Writes on accounts: registration as a resident, erasure of personal data."""

from django.contrib.auth.models import Group
from django.db import transaction

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

    Proposals stay on the map, as the town's record of the consultation, under "Anonymous
    resident"; comments lose their text; supports, reports, email addresses and API tokens go.
    """
    from allauth.account.models import EmailAddress
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from mapping.models import Comment, Report, Support

    now = timezone.now()
    Comment.objects.filter(author=user).update(body="", deleted_at=now)
    Support.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    user.username = f"erased-{user.pk}"
    user.email = f"erased-{user.pk}@invalid"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()


@transaction.atomic
def user_renew_api_token(*, user):
    """A new API token for the person's scripts; the previous one stops working."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)

from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using the map. Shown to others only by `display_name`, never by email."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("The name other residents see next to your proposals and comments."),
    )
    # A moderator's block (accounts.blocks): the person still reads, no longer writes, and is
    # told why. Kept on the account so every app's write can check it without a query.
    blocked_at = models.DateTimeField(_("blocked on"), null=True, blank=True)
    blocked_reason = models.TextField(_("reason of the block"), blank=True)
    blocked_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blocked by"),
    )

    # The communes this person serves as planner, moderator or commissaire enquêteur (INSEE
    # codes: accounts sits beside territory, not above it). None given: the deployment's default
    # commune (territory.communes.staff_serves). A resident's account works in every commune.
    staff_communes = ArrayField(
        models.CharField(max_length=5),
        verbose_name=_("communes served"),
        default=list,
        blank=True,
        help_text=_(
            "INSEE codes of the communes where this person acts as planner, moderator or "
            "commissaire enquêteur, separated by commas (e.g. 62498,62510). Empty: the "
            "deployment's default commune."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.username

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    @property
    def public_name(self) -> str:
        return self.display_name or _("Anonymous resident")


def public_name_expression(path: str):
    """`User.public_name` in SQL, for the user at `path` (a relation such as "author"): the
    display name, or "Anonymous resident" in the active language."""
    display_name = F(f"{path}__display_name")
    return Coalesce(NullIf(display_name, Value("")), Value(str(_("Anonymous resident"))))


def public_name(user) -> str:
    """How allauth names a user on its pages: the display name, never the email."""
    return user.public_name


class WriteEvent(models.Model):
    """One write counted by the limits (accounts/throttling.py): what, by whom, from where, when.

    Kept only as long as the longest limit's window, then deleted.
    """

    class Action(models.TextChoices):
        PROPOSAL = "proposal", _("proposal")
        COMMENT = "comment", _("comment")
        SUPPORT = "support", _("support")
        REPORT = "report", _("report")
        SIGNUP = "signup", _("sign-up")
        UPLOAD = "upload", _("file of parcels")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    account = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("counted write")
        verbose_name_plural = _("counted writes")
        indexes = [
            models.Index(fields=["action", "account", "at"], name="write_event_by_account"),
            models.Index(fields=["action", "address", "at"], name="write_event_by_address"),
            models.Index(fields=["at"], name="write_event_at"),
        ]

    def __str__(self):
        return f"{self.action} {self.at:%Y-%m-%d %H:%M:%S}"

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using the map. Shown to others only by `display_name`, never by email."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("The name other residents see next to your proposals and comments."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.username

    @property
    def public_name(self) -> str:
        return self.display_name or _("Anonymous resident")


def public_name(user) -> str:
    """How allauth names a user on its pages: the display name, never the email."""
    return user.public_name

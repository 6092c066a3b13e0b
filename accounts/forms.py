"""Forms of the accounts pages. Sign-up and login themselves come from django-allauth."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.services import user_register_resident


class SignupForm(forms.Form):
    """The extra field of allauth's sign-up form: the name other residents will see."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to your proposals and comments; your email is never shown."),
    )

    def signup(self, request, user) -> None:
        user_register_resident(user=user, display_name=self.cleaned_data["display_name"])


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be erased."),
        required=True,
    )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """Loading a commune's reference data into every app: it sits above them all."""

    name = "onboarding"
    verbose_name = _("Onboarding communes")

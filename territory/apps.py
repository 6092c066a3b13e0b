from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "territory"
    verbose_name = _("Territory")

    def ready(self):
        from django.db.models.signals import post_migrate

        from territory import layers  # noqa: F401  (registers the commune's layer)
        from territory.tiles import install_version_triggers

        # After every app's migrations, so every layer's tables exist and get the trigger.
        post_migrate.connect(install_version_triggers, dispatch_uid="territory-tile-versions")

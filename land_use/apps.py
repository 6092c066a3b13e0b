from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandUseConfig(AppConfig):
    name = "land_use"
    verbose_name = _("Land-use plan")

    def ready(self):
        from land_use import layers  # noqa: F401  (registers the layers in the catalogue)
        from land_use.personal_data import register_parts

        register_parts()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = _("Participatory map")

    def ready(self):
        from mapping.personal_data import register_parts

        register_parts()
        from mapping import checks  # noqa: F401  (registers the system checks)

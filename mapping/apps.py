from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = _("Participatory map")

    def ready(self):
        from mapping import checks, layers  # noqa: F401  (system checks; the proposals' layer)
        from mapping.personal_data import register_parts

        register_parts()

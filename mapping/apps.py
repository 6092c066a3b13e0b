from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = _("Participatory map")

    def ready(self):
        from land_use.signals import zones_replaced
        from mapping import checks, layers  # noqa: F401  (system checks; the proposals' layer)
        from mapping.personal_data import register_parts
        from mapping.services.zone_shares import zone_shares_on_zones_replaced

        register_parts()
        zones_replaced.connect(zone_shares_on_zones_replaced, dispatch_uid="mapping-zone-shares")

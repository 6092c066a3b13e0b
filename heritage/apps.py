from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HeritageConfig(AppConfig):
    name = "heritage"
    verbose_name = _("Heritage")

    def ready(self):
        from heritage import layers  # noqa: F401  (registers the layers in the catalogue)

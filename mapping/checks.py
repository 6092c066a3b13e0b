"""Start-up checks: the map pages cannot work without their front-end packages."""

from django.conf import settings
from django.core.checks import Error, register

from config.static_assets import missing_npm_static_dirs


@register()
def front_end_packages_installed(app_configs, **kwargs):
    missing = missing_npm_static_dirs(settings.BASE_DIR)
    if not missing:
        return []
    return [
        Error(
            "The front-end packages the map pages load are not installed: " + ", ".join(missing),
            hint="Run `npm ci` in the project folder (scripts/setup.sh does it).",
            id="mapping.E001",
        )
    ]

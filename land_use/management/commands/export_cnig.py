from pathlib import Path

from django.core.management.base import BaseCommand

from land_use.cnig import export_zone_urba
from territory.communes import command_commune


class Command(BaseCommand):
    help = (
        "Export a commune's land-use zones in the CNIG standard: a zip holding "
        "<INSEE>_ZONE_URBA_<DATAPPRO> (shapefile, Lambert-93) and its DOC_URBA table."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--commune", default=None, help="INSEE code (default: the default commune)"
        )
        parser.add_argument("--output", type=Path, default=Path(), help="folder for the zip")

    def handle(self, *args, commune: str, output: Path, **options):
        found = command_commune(commune)
        output.mkdir(parents=True, exist_ok=True)
        archive = export_zone_urba(commune=found, folder=output)
        self.stdout.write(self.style.SUCCESS(f"Written {archive}"))

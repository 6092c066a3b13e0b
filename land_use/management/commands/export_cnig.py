from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from land_use.cnig import export_zone_urba
from territory.models import Commune


class Command(BaseCommand):
    help = (
        "Export a commune's land-use zones in the CNIG standard: a zip holding "
        "<INSEE>_ZONE_URBA_<DATAPPRO> (shapefile, Lambert-93) and its DOC_URBA table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commune", default=settings.DEFAULT_COMMUNE_INSEE, help="INSEE code")
        parser.add_argument("--output", type=Path, default=Path(), help="folder for the zip")

    def handle(self, *args, commune: str, output: Path, **options):
        found = Commune.objects.filter(insee=commune).first()
        if found is None:
            raise CommandError(f"There is no commune with the INSEE code {commune}.")
        output.mkdir(parents=True, exist_ok=True)
        archive = export_zone_urba(commune=found, folder=output)
        self.stdout.write(self.style.SUCCESS(f"Written {archive}"))

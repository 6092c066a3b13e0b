from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from land_use.cnig import CnigFileRefused, zones_import_cnig
from territory.models import Commune


class Command(BaseCommand):
    help = (
        "Import a CNIG ZONE_URBA file (zipped shapefile or GeoPackage) as the zones of its plan "
        "document. A file that breaks the standard is refused with the list of its faults."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="a .zip (shapefile) or a .gpkg")
        parser.add_argument("--commune", default=settings.DEFAULT_COMMUNE_INSEE, help="INSEE code")

    def handle(self, *args, source: Path, commune: str, **options):
        found = Commune.objects.filter(insee=commune).first()
        if found is None:
            raise CommandError(f"There is no commune with the INSEE code {commune}.")
        try:
            report = zones_import_cnig(commune=found, source=source)
        except CnigFileRefused as refused:
            raise CommandError(
                "The file is refused:\n" + "\n".join(f"- {fault}" for fault in refused.faults)
            ) from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.zones} zones ({report.parts} polygons) imported into {report.plan}."
            )
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from land_use.cnig import CnigFileRefused, zones_import_cnig
from territory.communes import command_commune


class Command(BaseCommand):
    help = (
        "Import a CNIG ZONE_URBA file (zipped shapefile or GeoPackage) as the zones of its plan "
        "document. A file that breaks the standard is refused with the list of its faults."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="a .zip (shapefile) or a .gpkg")
        parser.add_argument(
            "--commune", default=None, help="INSEE code (default: the default commune)"
        )

    def handle(self, *args, source: Path, commune: str, **options):
        found = command_commune(commune)
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

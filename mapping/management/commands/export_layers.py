from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mapping.exports.base import ExportRequest, get_exporter
from territory.catalogue import REGISTRY, layer
from territory.communes import command_commune


class Command(BaseCommand):
    help = (
        "Export the layers for QGIS with the same exporters as /exports/: the styled atlas "
        "(gpkg), one collection as geojson or csv, or the CNIG zones (cnig). Public columns "
        "only, unless --personal."
    )

    def add_arguments(self, parser):
        parser.add_argument("format", choices=["gpkg", "geojson", "csv", "cnig"])
        parser.add_argument("--collection", choices=sorted(REGISTRY))
        parser.add_argument(
            "--commune", default=None, help="INSEE code (default: the default commune)"
        )
        parser.add_argument("--output", type=Path, default=Path(), help="folder for the file")
        parser.add_argument(
            "--personal",
            action="store_true",
            help="include personal columns (authors' and farmers' identities): planners only",
        )

    def handle(self, *args, format: str, collection, commune, output: Path, personal, **options):
        exporter = get_exporter(format)
        found = command_commune(commune)
        if exporter.per_collection and collection is None:
            raise CommandError(f"The {format} format exports one collection: add --collection.")
        request = ExportRequest(
            commune=found,
            collection=layer(collection) if exporter.per_collection else None,
            personal=personal,
        )
        output.mkdir(parents=True, exist_ok=True)
        path = output / exporter.filename(request)
        with path.open("wb") as handle:
            for chunk in exporter.export(request):
                handle.write(chunk)
        self.stdout.write(self.style.SUCCESS(f"Written {path}"))

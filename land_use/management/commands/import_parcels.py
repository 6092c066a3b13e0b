"""Bulk import of an RPG or Agence Bio file of parcels into a commune, by a planner.

    manage.py import_parcels FILE --commune 62528 --by <planner username> [--layer NAME]
        [--stage AB] [--certification-state certified] [--campaign-year 2025] [--dry-run]

FILE is a GeoPackage, a Shapefile (.shp next to its .prj, or zipped) or a GeoJSON, with the
RPG columns (ID_PARCEL, CODE_CULTU, SURF_PARC) or Agence Bio's (CODE_CULTU and the conversion
level). Only the features touching the commune are read; each one passes the same checks as a
farmer's parcel; what cannot be imported is skipped and reported with the reason. The import is
one transaction: with --dry-run it is rolled back after the report.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_planner
from land_use import uploads
from land_use.models import ParcelEvent
from land_use.services import parcel_register
from territory.communes import command_commune


class DryRun(Exception):
    """Raised to roll the import back after its report."""


class Command(BaseCommand):
    help = "Import an RPG or Agence Bio file of organic parcels into a commune."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--commune", default=None, help="INSEE code (default: the default commune)"
        )
        parser.add_argument("--by", required=True, help="username of the planner importing")
        parser.add_argument("--layer", default="", help="layer of a multi-layer file")
        parser.add_argument("--stage", default="AB", help="stage when the file has none")
        parser.add_argument("--certification-state", default="certified")
        parser.add_argument("--certification-body", default="")
        parser.add_argument("--campaign-year", type=int, default=None)
        parser.add_argument("--source", default="", help="e.g. RPG 2023, IGN")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        commune = command_commune(options["commune"])
        planner = User.objects.filter(username=options["by"]).first()
        if planner is None or not is_planner(planner):
            raise CommandError(f"{options['by']} is not a planner.")
        path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        defaults = {
            "stage": options["stage"],
            "certification_state": options["certification_state"],
            "certification_body": options["certification_body"],
            "campaign_year": options["campaign_year"],
        }
        source_label = options["source"] or path.name
        try:
            with uploads.opened_path(path) as source:
                imported, skipped = self._import(
                    source, commune, planner, defaults, options, source_label
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except DryRun:
            return
        self._report(imported, skipped, dry_run=False)

    def _import(self, source, commune, planner, defaults, options, source_label):
        layers = uploads.polygon_layers(source)
        layer = options["layer"] or layers[0]
        if layer not in layers:
            raise CommandError(f"No layer {layer!r}; layers: {', '.join(layers)}.")
        imported, skipped = [], []
        with transaction.atomic():
            for candidate in uploads.read_candidates(
                source, layer, defaults=defaults, max_features=None, mask=commune.boundary
            ):
                label = f"#{candidate.index} {candidate.attributes.get('name', '')}"
                if candidate.refusal:
                    skipped.append((label, candidate.refusal))
                    continue
                attributes = {"code_cultu": "", **candidate.attributes}
                try:
                    parcel_register(
                        actor=planner,
                        farmer=None,
                        commune=commune,
                        geometry=candidate.geometry,
                        attributes=attributes,
                        source=source_label,
                        action=ParcelEvent.Action.IMPORTED,
                    )
                except ValidationError as error:
                    skipped.append((label, " ".join(error.messages)))
                else:
                    imported.append(label)
            if options["dry_run"]:
                self._report(imported, skipped, dry_run=True)
                raise DryRun
        return imported, skipped

    def _report(self, imported, skipped, *, dry_run: bool):
        counts = {"imported": len(imported), "skipped": len(skipped)}
        if dry_run:
            line = _("Dry run, nothing stored: %(imported)d to import, %(skipped)d skipped.")
        else:
            line = _("Imported: %(imported)d parcels; skipped: %(skipped)d.")
        self.stdout.write(line % counts)
        for label, reason in skipped:
            self.stdout.write(
                _("  skipped %(feature)s: %(reason)s") % {"feature": label, "reason": reason}
            )

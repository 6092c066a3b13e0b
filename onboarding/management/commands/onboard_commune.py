"""manage.py onboard_commune <INSEE> [files]: a commune from the standard open-data files.

    manage.py onboard_commune 62498                      # Lens, boundary from the shared file
    manage.py onboard_commune 62510 --zone-urba 62510_ZONE_URBA_20230101.zip \\
        --parcels rpg-bio-2024.geojson --uaa 1234.5 --uaa-source "Agreste, RA 2020"
    manage.py onboard_commune 62528 --profile fixtures/loos_en_gohelle   # what load_loos runs

See onboarding/onboard.py for what each file must be. All or nothing; idempotent.
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onboarding.onboard import DEFAULT_COMMUNES_FILE, OnboardingRefused, commune_onboard
from territory.communes import is_insee


def _hectares(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise CommandError(_("--uaa is a number of hectares, e.g. 1234.5.")) from error
    if not value.is_finite() or value <= 0:
        raise CommandError(_("--uaa is a number of hectares, e.g. 1234.5."))
    return value


class Command(BaseCommand):
    help = (
        "Create or update a commune from open data: its boundary from a file of communes, its "
        "plan's zones from a CNIG ZONE_URBA file, its organic parcels from an RPG or CartoBio "
        "file, its utilised agricultural area. Nothing is stored when a file is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("insee", help="INSEE code of the commune, e.g. 62498")
        parser.add_argument("--communes-file", type=Path, default=DEFAULT_COMMUNES_FILE)
        parser.add_argument("--zone-urba", type=Path, help="CNIG ZONE_URBA .zip or .gpkg")
        parser.add_argument("--parcels", type=Path, help="RPG or CartoBio file of parcels")
        parser.add_argument("--parcels-source", default="", help="e.g. 'RPG Bio 2024'")
        parser.add_argument("--uaa", help="utilised agricultural area in ha, e.g. 1234.5")
        parser.add_argument("--uaa-source", default="", help="where the area comes from")
        parser.add_argument("--profile", type=Path, help="a folder with profile.json")

    def handle(self, *args, insee: str, **options):
        if not is_insee(insee):
            raise CommandError(
                _("“%(insee)s” is not an INSEE code (five characters, e.g. 62498).")
                % {"insee": insee}
            )
        try:
            report = commune_onboard(
                insee=insee,
                communes_file=options["communes_file"],
                zone_urba=options["zone_urba"],
                parcels=options["parcels"],
                parcels_source=options["parcels_source"],
                uaa_ha=None if options["uaa"] is None else _hectares(str(options["uaa"])),
                uaa_source=options["uaa_source"],
                profile=options["profile"],
            )
        except OnboardingRefused as refused:
            raise CommandError(
                _("Nothing was stored. Refused:")
                + "\n"
                + "\n".join(f"- {fault}" for fault in refused.faults)
            ) from refused
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(_("Onboarded.")))

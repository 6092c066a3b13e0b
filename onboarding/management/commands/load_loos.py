from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from onboarding.reference_data import LOOS_EN_GOHELLE, LOOS_EN_GOHELLE_FOLDER

FIXTURES = LOOS_EN_GOHELLE_FOLDER


class Command(BaseCommand):
    help = (
        "Load (or refresh) Loos-en-Gohelle's reference data: boundary, heritage, and the "
        "illustrative land-use zones, organic parcels, eco-housing and proposals. Idempotent. "
        "The same as `onboard_commune 62528 --profile fixtures/loos_en_gohelle`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, default=FIXTURES)

    def handle(self, *args, folder: Path, **options):
        call_command("onboard_commune", LOOS_EN_GOHELLE.insee, profile=folder, stdout=self.stdout)

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from onboarding.reference_data import LOOS_EN_GOHELLE, load_commune

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "loos_en_gohelle"


class Command(BaseCommand):
    help = (
        "Load (or refresh) Loos-en-Gohelle's reference data: boundary, heritage, and the "
        "illustrative land-use zones, organic parcels, eco-housing and proposals. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, default=FIXTURES)

    def handle(self, *args, folder: Path, **options):
        report = load_commune(folder, LOOS_EN_GOHELLE)
        for layer, count in report.counts.items():
            self.stdout.write(f"{layer}: {count}")
        self.stdout.write(self.style.SUCCESS("Loos-en-Gohelle loaded."))

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onboarding.generator import COMMUNES_FILE, choose_communes, commune_features, generate


class Command(BaseCommand):
    help = (
        "Onboard communes of the Pas-de-Calais from the shared file and fill them with generated "
        "zones, organic parcels, proposals (comments, supports), eco-housing and meetings. "
        "Deterministic by --seed; --replace removes the generated data of those communes first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--communes",
            default="1",
            help="INSEE codes separated by commas (62510,62498), or N for the N largest communes.",
        )
        parser.add_argument("--parcels", type=int, default=10_000)
        parser.add_argument("--proposals", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--replace", action="store_true")
        parser.add_argument("--file", default=str(COMMUNES_FILE))

    def handle(self, *args, communes, parcels, proposals, seed, replace, file, **options):
        if parcels < 0 or proposals < 0 or seed < 1:
            raise CommandError(_("Sizes are zero or more and the seed is 1 or more."))
        try:
            features = choose_communes(commune_features(file), communes)
        except KeyError as error:
            raise CommandError(
                _("No commune of the file has the code %(codes)s.") % {"codes": error}
            ) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        started = time.perf_counter()
        try:
            report = generate(
                features,
                parcels=parcels,
                proposals=proposals,
                seed=seed,
                replace=replace,
                log=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        for table, count in report.counts.items():
            self.stdout.write(f"{table}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Generated in {time.perf_counter() - started:.1f} s.")
        )

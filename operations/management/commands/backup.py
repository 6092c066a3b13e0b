from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database (pg_dump custom format) into a file named with the date and "
        "the schema version."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=Path(settings.BACKUP_DIR),
            help="Folder for the backup file (default: the BACKUP_DIR setting).",
        )

    def handle(self, *args, output_dir: Path, **options):
        try:
            written = backup(output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(written))

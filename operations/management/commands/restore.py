from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from operations.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database (by default the configured one), in one "
        "transaction, then count every table's rows and check every geometry."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A file written by manage.py backup.")
        parser.add_argument(
            "--dbname",
            help="The empty database to restore into (default: the configured database).",
        )

    def handle(self, *args, file: Path, dbname: str | None, **options):
        target = dbname or connections["default"].settings_dict["NAME"]
        try:
            report = restore(file, dbname=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(report.tables.values())
        self.stdout.write(
            f"Restored {file.name} into {target}: {len(report.tables)} tables, {rows} rows."
        )
        invalid = {column: count for column, count in report.invalid_geometries.items() if count}
        if invalid:
            raise CommandError(f"Invalid geometries after the restore: {invalid}")
        self.stdout.write(f"All geometries valid in {len(report.invalid_geometries)} columns.")

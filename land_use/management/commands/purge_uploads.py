from django.core.management.base import BaseCommand

from accounts.throttling import write_events_purge
from land_use.services import parcel_uploads_purge
from land_use.services.parcel_uploads import UPLOAD_KEPT_FOR


class Command(BaseCommand):
    help = (
        "Forget the files of parcels that farmers sent but never confirmed, after "
        f"{UPLOAD_KEPT_FOR.days} days. Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        count = parcel_uploads_purge()
        self.stdout.write(f"{count} abandoned upload(s) removed.")
        # Also the writes counted by the limits (they hold addresses), for a quiet site.
        write_events_purge()

"""Limits on writes, per account and per address: the one rule every door goes through.

Proposals, comments, supports, reports, sign-ups and farmers' file uploads are counted in the
database (`WriteEvent`), not in a cache: Django's default cache lives in each gunicorn worker's
memory, so three workers would let three times as many writes through. `write_allow` is called
by the services (and by the sign-up view, sign-up's only door), so the REST API and the site's
forms meet the same limit.

Under concurrency the check and the count are one step: a transaction-level advisory lock per
(action, account) and per (action, address) makes the requests of one account, or one address,
count one after the other; the lock is held until the request's transaction ends, so the next
one sees the event of the one before. The event is written in the same transaction as the write
it counts: a write refused later (an invalid drawing) leaves no event, and a refusal by the limit
stores nothing at all. Events older than the longest window are deleted on each write.

The limits are `WRITE_LIMITS` in the settings (README, "Limits"), each "N/period" with a period
of s, m, h or d (DRF's notation): "50/m" is 50 a minute.
"""

import datetime
import ipaddress
import math
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import WriteEvent

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# The advisory locks' first key, so that these locks never meet another use of advisory locks.
LOCK_NAMESPACE = 727_001

# "too many …" in words, whole, so that French elides where it must ("trop d'inscriptions").
TOO_MANY = {
    WriteEvent.Action.PROPOSAL: gettext_lazy("too many proposals"),
    WriteEvent.Action.COMMENT: gettext_lazy("too many comments"),
    WriteEvent.Action.SUPPORT: gettext_lazy("too many supports"),
    WriteEvent.Action.REPORT: gettext_lazy("too many reports"),
    WriteEvent.Action.SIGNUP: gettext_lazy("too many sign-ups"),
    WriteEvent.Action.UPLOAD: gettext_lazy("too many files of parcels"),
}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(rate: str | None) -> Rate | None:
    """ "50/m" → 50 in 60 s; None or "" means no limit."""
    if not rate:
        return None
    count, period = rate.split("/")
    return Rate(int(count), PERIODS[period.strip()[0]])


class WriteThrottled(Exception):
    """A write refused because a limit is reached; `wait` is the seconds before it is allowed."""

    def __init__(self, message: str, wait: int):
        super().__init__(message)
        self.message = message
        self.wait = wait


def client_address(request) -> str | None:
    """The address a request comes from: REMOTE_ADDR, or, only when `TRUSTED_PROXY_COUNT` says
    the site is behind that many reverse proxies, the hop of `X-Forwarded-For` the nearest
    trusted proxy saw. Never the header alone: a client can write anything in it."""
    address = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def _limits(action: str) -> dict[str, Rate]:
    configured = settings.WRITE_LIMITS.get(action, {})
    return {
        scope: rate
        for scope in ("account", "address")
        if (rate := parse_rate(configured.get(scope))) is not None
    }


def _lock(action: str, scope: str, key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [LOCK_NAMESPACE, zlib.crc32(f"{action}:{scope}:{key}".encode()) - 2**31],
        )


def _purge(now: datetime.datetime) -> None:
    longest = max(
        (rate.seconds for action in settings.WRITE_LIMITS for rate in _limits(action).values()),
        default=86400,
    )
    WriteEvent.objects.filter(at__lt=now - datetime.timedelta(seconds=longest)).delete()


def write_events_purge(*, now: datetime.datetime | None = None) -> None:
    """Forget the events no limit looks at any more (they hold addresses: personal data)."""
    _purge(now or timezone.now())


def refusal_sentence(action: str, rate: Rate, wait: int, *, scope: str) -> str:
    values = {
        "count": rate.count,
        "too_many": TOO_MANY[action],
        "period": _duration(rate.seconds),
        "wait": _duration(_rounded_up(wait)),
    }
    if scope == "address":
        return (
            _(
                "Your connection sent %(too_many)s: at most %(count)d in %(period)s. Nothing was "
                "saved; try again in %(wait)s."
            )
            % values
        )
    return (
        _(
            "You have sent %(too_many)s: at most %(count)d in %(period)s. Nothing was saved; "
            "try again in %(wait)s."
        )
        % values
    )


def _rounded_up(seconds: int) -> int:
    """A wait in words a person reads: seconds up to 90, then whole minutes, then hours."""
    if seconds <= 90:
        return seconds
    if seconds <= 90 * 60:
        return math.ceil(seconds / 60) * 60
    return math.ceil(seconds / 3600) * 3600


def _duration(seconds: int) -> str:
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = seconds // 3600
        return _("1 hour") if hours == 1 else _("%(n)d hours") % {"n": hours}
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return _("1 minute") if minutes == 1 else _("%(n)d minutes") % {"n": minutes}
    return _("1 second") if seconds == 1 else _("%(n)d seconds") % {"n": seconds}


def write_allow(
    *, action: str, account=None, address: str | None = None, now: datetime.datetime | None = None
) -> None:
    """Count one `action` by `account` from `address`, or refuse it with `WriteThrottled`.

    Call it inside the transaction of the write it counts (the services are atomic). Without an
    address (a command, the shell) only the account's limit applies.
    """
    limits = _limits(action)
    account_id = account.pk if getattr(account, "is_authenticated", False) else None
    keys = {"account": account_id, "address": address}
    scopes = [s for s in ("account", "address") if limits.get(s) and keys[s] is not None]
    # Always the account's lock before the address's: two requests never wait for each other.
    for scope in scopes:
        _lock(action, scope, str(keys[scope]))
    # The time is read once the locks are held: read before, a request that waited would count
    # up to a moment earlier than the event of the one it waited for, and miss it.
    now = now or timezone.now()
    for scope in scopes:
        rate = limits[scope]
        since = now - datetime.timedelta(seconds=rate.seconds)
        events = WriteEvent.objects.filter(action=action, at__gt=since, at__lte=now)
        events = (
            events.filter(account_id=account_id)
            if scope == "account"
            else events.filter(address=address)
        )
        times = list(events.order_by("-at").values_list("at", flat=True)[: rate.count])
        if len(times) >= rate.count:
            # Allowed again when the oldest of the last `count` events leaves the window.
            wait = max(1, math.ceil((times[-1] - since).total_seconds()))
            raise WriteThrottled(refusal_sentence(action, rate, wait, scope=scope), wait)
    _purge(now)
    WriteEvent.objects.create(action=action, account_id=account_id, address=address, at=now)

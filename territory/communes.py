"""The commune resolver: which commune a page, an API call, an export or a command serves.

It is the one reader of `settings.DEFAULT_COMMUNE_INSEE`. A request names its commune in the
path (`/communes/<insee>/`, matched by `InseeConverter`) or in `?commune=<insee>`; without
either, it serves the deployment's default commune. An INSEE code that is malformed or names
no commune is refused with a sentence (404), never a 500.
"""

import re

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from territory.models import Commune

# Five characters: the département (two digits, or 2A/2B for Corsica, or 97x overseas) and the
# commune's number.
INSEE_PATTERN = r"(?:[0-9]{2}|2[AB])[0-9]{3}"
_INSEE = re.compile(rf"^{INSEE_PATTERN}$")
QUERY_PARAMETER = "commune"


class UnknownCommune(Http404):
    """No commune has this INSEE code (or it is not an INSEE code at all)."""


class InseeConverter:
    """Path converter `<insee:insee>`: only well-formed INSEE codes reach a view."""

    regex = INSEE_PATTERN

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value) -> str:
        return str(value)


def is_insee(value: str) -> bool:
    return bool(_INSEE.match(value or ""))


def default_insee() -> str:
    """The INSEE code of the commune a deployment serves when none is named."""
    return settings.DEFAULT_COMMUNE_INSEE


def commune_by_insee(insee: str | None) -> Commune:
    """The commune with this INSEE code, or the default one when `insee` is empty."""
    insee = (insee or "").strip().upper() or default_insee()
    if not is_insee(insee):
        raise UnknownCommune(
            _("“%(code)s” is not an INSEE code: it has five characters, like 62528.")
            % {"code": insee[:12].replace("\x00", "")}
        )
    commune = Commune.objects.filter(insee=insee).first()
    if commune is None:
        raise UnknownCommune(_("No commune has the INSEE code %(code)s here.") % {"code": insee})
    return commune


def default_commune() -> Commune:
    """The deployment's default commune."""
    return commune_by_insee(None)


def commune_of_write(named: Commune | None, consultation=None) -> Commune:
    """The commune a write through the API lands in: the one named, else that of the
    consultation it answers, else the deployment's default."""
    if named is not None:
        return named
    return consultation.commune if consultation is not None else default_commune()


def requested_insee(request, insee: str | None = None) -> str | None:
    """The INSEE code a request names (its path first, then `?commune=`), or None."""
    return insee or request.GET.get(QUERY_PARAMETER) or None


def commune_for(request, insee: str | None = None) -> Commune:
    """The commune a request serves: the path's `insee`, `?commune=`, else the default."""
    return commune_by_insee(requested_insee(request, insee))


def commune_or_all(request) -> Commune | None:
    """For outputs that span the deployment (OGC API): the commune named, or None for all."""
    insee = requested_insee(request)
    return commune_by_insee(insee) if insee else None


def staff_serves(user, commune) -> bool:
    """Whether a member of the town's staff (planner, moderator, commissioner) acts in `commune`
    (a Commune or an INSEE code).

    Staff act only in the communes they are given (`User.staff_communes`, INSEE codes). Someone
    given none serves the deployment's default commune, so a deployment of one commune needs no
    setting and a new planner of a shared deployment acts nowhere else until given more. A
    superuser serves every commune. A resident's account works everywhere: this limits roles.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    insee = commune if isinstance(commune, str) else commune.insee
    return insee in staff_communes(user)


def staff_communes(user) -> list[str]:
    """The INSEE codes of the communes a member of staff serves (see `staff_serves`)."""
    return list(getattr(user, "staff_communes", None) or [default_insee()])


def command_commune(insee: str | None) -> Commune:
    """For management commands: the commune of `--commune`, or the default; CommandError else."""
    from django.core.management.base import CommandError

    try:
        return commune_by_insee(insee)
    except UnknownCommune as error:
        raise CommandError(str(error)) from error

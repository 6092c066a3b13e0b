"""Every write of the participatory map that has rules: proposals, supports.

Each service validates everything before it saves, inside one transaction, so a refused request
leaves nothing half-stored; each refusal is a `ValidationError` with a sentence for a resident.
"""

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heritage.models import HeritageSite
from land_use.models import Zone
from mapping.models import Consultation, Proposal, ProposalStatusChange, Support
from territory.db import geography_area_m2
from territory.geometry import check_geometry, check_inside_commune
from territory.models import Commune

PROPOSAL_GEOMETRY_TYPES = ("Point", "LineString", "Polygon")
PROPOSAL_MAX_VERTICES = 2000
PROPOSAL_MAX_AREA_HA = 50


def proposal_check_geometry(*, geometry: GEOSGeometry, commune: Commune) -> GEOSGeometry:
    """The drawing of a proposal: a valid point, line or area, inside the commune, not too big."""
    geometry = check_geometry(
        geometry, allowed_types=PROPOSAL_GEOMETRY_TYPES, max_vertices=PROPOSAL_MAX_VERTICES
    )
    check_inside_commune(geometry, commune)
    if geometry.geom_type == "Polygon":
        area_ha = geography_area_m2(geometry) / 10_000
        if area_ha > PROPOSAL_MAX_AREA_HA:
            raise ValidationError(
                {
                    "geometry": _(
                        "The area drawn covers %(area).1f ha; a proposal may cover at most "
                        "%(limit)d ha. Draw the part the idea is about."
                    )
                    % {"area": area_ha, "limit": PROPOSAL_MAX_AREA_HA}
                }
            )
    return geometry


def proposal_refresh_spatial_links(*, proposal: Proposal) -> None:
    """Record the land-use zones the proposal touches and the heritage perimeters it enters."""
    proposal.zones.set(Zone.objects.in_commune(proposal.commune).intersecting(proposal.geometry))
    proposal.heritage_perimeters.set(
        HeritageSite.objects.in_commune(proposal.commune).with_perimeter_touching(proposal.geometry)
    )


@transaction.atomic
def proposal_create(
    *,
    author,
    commune: Commune,
    title: str,
    description: str,
    category: str,
    geometry: GEOSGeometry,
    consultation: Consultation | None = None,
    now=None,
) -> Proposal:
    """A resident pins an idea on the map during an open consultation of the commune."""
    now = now or timezone.now()
    if consultation is None:
        consultation = Consultation.objects.filter(commune=commune).open_at(now).first()
        if consultation is None:
            raise ValidationError(
                _(
                    "No consultation is open in %(commune)s right now: proposals will be "
                    "welcome at the next one."
                )
                % {"commune": commune.name}
            )
    elif consultation.commune_id != commune.pk:
        raise ValidationError({"consultation": _("This consultation belongs to another commune.")})
    elif not consultation.is_open_at(now):
        raise ValidationError(
            {
                "consultation": _(
                    "The consultation “%(title)s” is not open: it runs from "
                    "%(opens)s to %(closes)s."
                )
                % {
                    "title": consultation.title,
                    "opens": timezone.localtime(consultation.opens_at).strftime("%d/%m/%Y"),
                    "closes": timezone.localtime(consultation.closes_at).strftime("%d/%m/%Y"),
                }
            }
        )
    geometry = proposal_check_geometry(geometry=geometry, commune=commune)
    proposal = Proposal(
        commune=commune,
        consultation=consultation,
        author=author,
        title=(title or "").strip(),
        description=(description or "").strip(),
        category=category,
        geometry=geometry,
    )
    proposal.full_clean()
    proposal.save()
    ProposalStatusChange.objects.create(
        proposal=proposal, from_status="", to_status=proposal.status, changed_by=author
    )
    proposal_refresh_spatial_links(proposal=proposal)
    return proposal


def support_add(*, proposal: Proposal, user) -> Support:
    """A resident supports a proposal, once; the database's unique constraint is the judge."""
    try:
        with transaction.atomic():
            return Support.objects.create(proposal=proposal, user=user)
    except IntegrityError as error:
        if Support.objects.filter(proposal=proposal, user=user).exists():
            raise ValidationError(_("You already support this proposal.")) from error
        raise


def support_remove(*, proposal: Proposal, user) -> bool:
    """Take a support back; returns whether there was one."""
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    return deleted > 0

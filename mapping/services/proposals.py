"""Writes on proposals: create, correct, withdraw, and the spatial links the review reads.

Each service validates everything before it saves, inside one transaction, so a refused request
leaves nothing half-stored; each refusal is a `ValidationError` with a sentence for a resident.
"""

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.blocks import check_may_write
from accounts.mail import mail_person, site_url
from accounts.throttling import write_allow
from heritage.models import HeritageSite
from mapping.models import Consultation, Proposal, ProposalStatusChange
from mapping.services.consultations import (
    consultation_check_open,
    consultation_check_register_open,
    observation_number,
)
from mapping.services.zone_shares import proposal_zone_shares_recompute
from territory.concurrency import check_version
from territory.dates import moment_display
from territory.db import geography_area_m2
from territory.geometry import check_geometry, check_inside_commune
from territory.models import Commune
from territory.text import clean_text

PROPOSAL_GEOMETRY_TYPES = ("Point", "LineString", "Polygon")
PROPOSAL_MAX_VERTICES = 2000
PROPOSAL_MAX_AREA_HA = 50
PROPOSAL_TITLE_MAX_LENGTH = 120
PROPOSAL_DESCRIPTION_MAX_LENGTH = 5000


def proposal_check_title(title: str | None) -> str:
    """The title, trimmed; refused with a sentence when missing, invisible or too long."""
    return clean_text(
        title,
        field="title",
        max_length=PROPOSAL_TITLE_MAX_LENGTH,
        required=_("Give your proposal a title, in a few words."),
        too_long=_(
            "The title has %(length)d characters; keep it within %(limit)d and put "
            "the details in the description."
        ),
        multiline=False,
    )


def proposal_check_description(description: str | None) -> str:
    """The description, trimmed; refused with a sentence when missing or too long."""
    return clean_text(
        description,
        field="description",
        max_length=PROPOSAL_DESCRIPTION_MAX_LENGTH,
        required=_("Describe your idea in a few sentences: what, and why here."),
        too_long=_(
            "The description has %(length)d characters; keep it within %(limit)d: say the "
            "essential, the discussion follows in the comments."
        ),
    )


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
    """Record the land-use zones the proposal touches, with its share in each (measured in the
    commune's projected CRS), and the heritage perimeters it enters."""
    proposal_zone_shares_recompute(commune_id=proposal.commune_id, proposal_ids=[proposal.pk])
    proposal.heritage_perimeters.set(
        HeritageSite.objects.in_commune(proposal.commune).with_perimeter_touching(proposal.geometry)
    )


def proposal_check_category(category: str | None) -> str:
    """The resident chooses the category: none is chosen for them."""
    labels = ", ".join(str(label) for label in Proposal.Category.labels)
    if not category:
        message = _("Choose a category for your proposal (%(labels)s).")
        raise ValidationError({"category": message % {"labels": labels}})
    if category not in Proposal.Category.values:
        raise ValidationError(
            {
                "category": _("“%(value)s” is not a category; choose one of: %(labels)s.")
                % {"value": category, "labels": labels}
            }
        )
    return category


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
    address: str | None = None,
) -> Proposal:
    """A resident pins an idea on the map during an open consultation of the commune (not when
    their account is blocked, nor beyond the limits on proposals of their account and of the
    `address` they send from: accounts.throttling)."""
    check_may_write(author)
    # The limit reads the time itself once its locks are held, and this write's moment is read
    # after: read before, a proposal that waited for the lock counted the window up to a moment
    # before the one it waited for, and a sixth got through a limit of five.
    write_allow(action="proposal", account=author, address=address, now=now)
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
    else:
        consultation_check_open(consultation, now)
    # Every field is checked before refusing, so the resident sees all there is to fix at once.
    # The errors are kept whole (not as sentences), so the place a drawing crosses itself
    # reaches the API's answer with them.
    errors: dict[str, list[ValidationError]] = {}
    checked = {}
    for field, check in (
        ("category", lambda: proposal_check_category(category)),
        ("title", lambda: proposal_check_title(title)),
        ("description", lambda: proposal_check_description(description)),
        ("geometry", lambda: proposal_check_geometry(geometry=geometry, commune=commune)),
    ):
        try:
            checked[field] = check()
        except ValidationError as error:
            for key, items in error.update_error_dict({}).items():
                errors.setdefault(key, []).extend(items)
    if errors:
        raise ValidationError(errors)
    title, description, geometry = checked["title"], checked["description"], checked["geometry"]
    category = checked["category"]
    if consultation.is_inquiry:
        # Numbered under the consultation's lock, checked again under it: the register
        # closes at its exact time even for a request that was waiting for the lock.
        register_number = observation_number(consultation)
        consultation_check_open(consultation, now)
    else:
        register_number = None
    proposal = Proposal(
        commune=commune,
        consultation=consultation,
        register_number=register_number,
        author=author,
        title=title,
        description=description,
        category=category,
        geometry=geometry,
    )
    proposal.full_clean()
    proposal.save()
    ProposalStatusChange.objects.create(
        proposal=proposal, from_status="", to_status=proposal.status, changed_by=author
    )
    proposal_refresh_spatial_links(proposal=proposal)
    if register_number is not None:
        # The register's time is the one judged against the closing time, to the second.
        Proposal.objects.filter(pk=proposal.pk).update(created_at=now)
        proposal.created_at = now
        _acknowledge_observation(proposal)
    return proposal


def _acknowledge_observation(proposal: Proposal) -> None:
    """The timestamped acknowledgement of an inquiry's observation, sent after the commit."""
    consultation = proposal.consultation
    mail_person(
        proposal.author,
        subject=_("Your observation no. %(number)d to the public inquiry")
        % {"number": proposal.register_number},
        body=_(
            "Hello,\n\n"
            "Your observation “%(title)s” to the public inquiry “%(inquiry)s” was received on "
            "%(moment)s. It is registered under number %(number)d.\n\n"
            "It will be published on the inquiry's register %(delay)s, unless moderation "
            "withholds it; you see it already when you are logged in.\n"
        )
        % {
            "title": proposal.title,
            "inquiry": consultation.title,
            "moment": moment_display(proposal.created_at),
            "number": proposal.register_number,
            "delay": _publication_words(consultation.publication_delay_hours),
        }
        + "\n"
        + site_url(proposal.get_absolute_url()),
    )


def _publication_words(hours: int) -> str:
    if hours == 0:
        return _("at once")
    return ngettext(
        "%(hours)d hour after it was sent", "%(hours)d hours after it was sent", hours
    ) % {"hours": hours}


def _lock(proposal: Proposal) -> None:
    """Lock the stored row until the transaction ends and read it again, so that a version
    check holds: a second writer waits, then sees the first one's version."""
    Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("pk").get()
    proposal.refresh_from_db()


def _check_author(proposal: Proposal, user) -> None:
    if proposal.author_id != user.pk:
        raise PermissionDenied(_("Only the author of a proposal can change it."))


def _check_still_submitted(proposal: Proposal) -> None:
    if proposal.status != Proposal.Status.SUBMITTED:
        raise PermissionDenied(
            _(
                "This proposal is %(status)s: it can be changed only while it is submitted, "
                "before the planners review it."
            )
            % {"status": proposal.get_status_display()}
        )


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    user,
    title: str | None = None,
    description: str | None = None,
    category: str | None = None,
    geometry: GEOSGeometry | None = None,
    expected_etag: str | None = None,
) -> Proposal:
    """The author corrects their proposal while it is still submitted; `None` keeps a field.

    With `expected_etag` (HTTP If-Match), a proposal saved meanwhile by someone else is not
    overwritten: `VersionConflict` is raised, the version compared under a row lock.
    """
    _lock(proposal)
    _check_author(proposal, user)
    check_may_write(user)
    check_version(proposal, expected_etag)
    _check_still_submitted(proposal)
    consultation_check_register_open(proposal.consultation)
    if title is not None:
        proposal.title = proposal_check_title(title)
    if description is not None:
        proposal.description = proposal_check_description(description)
    if category is not None:
        proposal.category = category
    if geometry is not None:
        proposal.geometry = proposal_check_geometry(geometry=geometry, commune=proposal.commune)
    proposal.full_clean()
    proposal.save()
    if geometry is not None:
        proposal_refresh_spatial_links(proposal=proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user, expected_etag: str | None = None) -> Proposal:
    """The author withdraws their proposal: kept, marked withdrawn, never deleted."""
    _lock(proposal)
    _check_author(proposal, user)
    check_version(proposal, expected_etag)
    _check_still_submitted(proposal)
    consultation_check_register_open(proposal.consultation)
    ProposalStatusChange.objects.create(
        proposal=proposal,
        from_status=proposal.status,
        to_status=Proposal.Status.WITHDRAWN,
        changed_by=user,
    )
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    return proposal

"""Writes on public meetings: planners record a meeting, correct it, attach its minutes.

Every value is checked before anything is stored, and every problem of a request is named at
once: the place inside the commune, the end after the start, the proposals and the consultation
of the same commune, the minutes' PDF judged on its content by the same rule as an inquiry's
report (`check_pdf`).
"""

from datetime import datetime

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from mapping.models import Consultation, Meeting, Proposal
from mapping.permissions import may_record_meetings
from mapping.services.consultations import check_pdf
from territory.dates import moment_display
from territory.geometry import check_geometry, check_inside_commune
from territory.models import Commune
from territory.text import clean_text

MEETING_TOPIC_MAX_LENGTH = 160
MEETING_PLACE_MAX_LENGTH = 160
MEETING_DESCRIPTION_MAX_LENGTH = 5000
MEETING_MINUTES_MAX_LENGTH = 50_000
MEETING_MAX_ATTENDANCE = 100_000


def _check_planner(user, commune) -> None:
    if not may_record_meetings(user, commune):
        raise PermissionDenied(_("Only the town's planners can record or edit public meetings."))


def _collect(errors: dict, error: ValidationError) -> None:
    for key, messages in error.message_dict.items():
        errors.setdefault(key, []).extend(messages)


def _checked_fields(
    *,
    commune: Commune,
    topic: str,
    description: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place_name: str,
    location: GEOSGeometry | None,
    attendance: int | None,
    minutes: str,
    consultation: Consultation | None,
    proposals,
) -> dict:
    errors: dict[str, list[str]] = {}
    checked: dict = {"starts_at": starts_at, "ends_at": ends_at, "consultation": consultation}
    texts = (
        (
            "topic",
            topic,
            MEETING_TOPIC_MAX_LENGTH,
            _("Give the meeting its topic, in a few words."),
            False,
        ),
        (
            "place_name",
            place_name,
            MEETING_PLACE_MAX_LENGTH,
            _("Name the place of the meeting: the room or the address residents know."),
            False,
        ),
        ("description", description, MEETING_DESCRIPTION_MAX_LENGTH, None, True),
        ("minutes", minutes, MEETING_MINUTES_MAX_LENGTH, None, True),
    )
    for field, value, limit, required, multiline in texts:
        try:
            checked[field] = clean_text(
                value or "",
                field=field,
                max_length=limit,
                required=required,
                multiline=multiline,
            )
        except ValidationError as error:
            _collect(errors, error)
    try:
        if location is None:
            raise ValidationError(
                {"location": _("Place the meeting on the map, or type its longitude and latitude.")}
            )
        point = check_geometry(location, allowed_types=("Point",), max_vertices=1, field="location")
        check_inside_commune(point, commune, field="location")
        checked["location"] = point
    except ValidationError as error:
        _collect(errors, error)
    if starts_at is None:
        errors.setdefault("starts_at", []).append(_("Give the date and time of the meeting."))
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(
            _("A meeting ends after it starts: it starts on %(starts)s.")
            % {"starts": moment_display(starts_at)}
        )
    if attendance is not None and not 0 <= attendance <= MEETING_MAX_ATTENDANCE:
        errors.setdefault("attendance", []).append(
            _("The attendance is a number of people, between 0 and %(limit)d.")
            % {"limit": MEETING_MAX_ATTENDANCE}
        )
    checked["attendance"] = attendance
    if consultation is not None and consultation.commune_id != commune.pk:
        errors.setdefault("consultation", []).append(
            _("This consultation belongs to another commune.")
        )
    proposal_list = list(proposals or ())
    foreign = [p for p in proposal_list if p.commune_id != commune.pk]
    if foreign:
        errors.setdefault("proposals", []).append(
            _("Only proposals of %(commune)s can be linked to its meetings: “%(title)s” is not.")
            % {"commune": commune.name, "title": foreign[0].title}
        )
    checked["proposals"] = proposal_list
    if errors:
        raise ValidationError(errors)
    return checked


def _attach_minutes(meeting: Meeting, minutes_pdf: UploadedFile | None) -> None:
    if minutes_pdf is None:
        return
    if meeting.minutes_pdf:
        # Replaced in place: its name is ours (meeting_minutes_path).
        meeting.minutes_pdf.delete(save=False)
    meeting.minutes_pdf.save("compte-rendu.pdf", minutes_pdf, save=False)
    meeting.save(update_fields=["minutes_pdf"])


def _check_minutes_pdf(minutes_pdf: UploadedFile | None) -> None:
    if minutes_pdf is not None:
        check_pdf(
            minutes_pdf,
            field="minutes_pdf",
            not_pdf=_("This file is not a PDF: the minutes are attached as a PDF."),
        )


@transaction.atomic
def meeting_record(
    *,
    user,
    commune: Commune,
    topic: str,
    starts_at: datetime | None,
    place_name: str,
    location: GEOSGeometry | None,
    description: str = "",
    ends_at: datetime | None = None,
    attendance: int | None = None,
    minutes: str = "",
    minutes_pdf: UploadedFile | None = None,
    consultation: Consultation | None = None,
    proposals: list[Proposal] | None = None,
    illustrative: bool = False,
) -> Meeting:
    """A planner records a public meeting of their commune: when, where, about what, who
    came, what was said (as text and as a PDF), and the proposals it discussed."""
    _check_planner(user, commune)
    fields = _checked_fields(
        commune=commune,
        topic=topic,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        place_name=place_name,
        location=location,
        attendance=attendance,
        minutes=minutes,
        consultation=consultation,
        proposals=proposals,
    )
    _check_minutes_pdf(minutes_pdf)
    linked = fields.pop("proposals")
    meeting = Meeting(commune=commune, recorded_by=user, illustrative=illustrative, **fields)
    meeting.full_clean()
    meeting.save()
    meeting.proposals.set(linked)
    # The file's path holds the meeting's id: stored once the meeting has one.
    _attach_minutes(meeting, minutes_pdf)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    user,
    topic: str,
    starts_at: datetime | None,
    place_name: str,
    location: GEOSGeometry | None,
    description: str = "",
    ends_at: datetime | None = None,
    attendance: int | None = None,
    minutes: str = "",
    minutes_pdf: UploadedFile | None = None,
    consultation: Consultation | None = None,
    proposals: list[Proposal] | None = None,
) -> Meeting:
    """A planner corrects a meeting or completes it after it took place (attendance, minutes).

    `minutes_pdf` replaces the attached PDF; None keeps the one there is."""
    _check_planner(user, meeting.commune)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").get()
    meeting.refresh_from_db()
    fields = _checked_fields(
        commune=meeting.commune,
        topic=topic,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        place_name=place_name,
        location=location,
        attendance=attendance,
        minutes=minutes,
        consultation=consultation,
        proposals=proposals,
    )
    _check_minutes_pdf(minutes_pdf)
    linked = fields.pop("proposals")
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    meeting.proposals.set(linked)
    _attach_minutes(meeting, minutes_pdf)
    return meeting

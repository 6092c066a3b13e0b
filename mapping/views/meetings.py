"""The public meetings' pages: the list with its map and counts, a meeting with its minutes,
the minutes' PDF, and the planners' form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping import selectors, services
from mapping.forms import MeetingForm
from mapping.models import Meeting
from mapping.permissions import may_record_meetings
from mapping.webmap.legend import map_config
from mapping.webmap.meetings import build_meeting_form_map, build_meeting_map, build_meetings_map
from territory.communes import commune_for
from territory.webmap.base import render_map_parts


def _meeting(request, pk) -> Meeting:
    """A meeting of the commune the request serves."""
    return get_object_or_404(
        Meeting.objects.select_related("commune", "consultation"),
        pk=pk,
        commune=commune_for(request),
    )


def meeting_list(request):
    commune = commune_for(request)
    return render(
        request,
        "mapping/meeting_list.html",
        {
            "commune": commune,
            "groups": selectors.meetings_grouped(commune=commune),
            "per_year": selectors.meetings_per_year(commune),
            "per_mandate": selectors.meetings_per_mandate(commune),
            "map": render_map_parts(build_meetings_map(commune)),
            "map_config": map_config(),
            "may_record": may_record_meetings(request.user, commune),
        },
    )


def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    return render(
        request,
        "mapping/meeting_detail.html",
        {
            "meeting": meeting,
            "is_upcoming": meeting.starts_at >= timezone.now(),
            "proposals": selectors.meeting_proposals(meeting=meeting, user=request.user),
            "map": render_map_parts(build_meeting_map(meeting)),
            "map_config": map_config(),
            "may_record": may_record_meetings(request.user, meeting.commune),
        },
    )


def meeting_minutes_pdf(request, pk):
    """The minutes' PDF: public, like the minutes' text; served by the app (never from a
    public media folder), as the PDF it was checked to be."""
    meeting = _meeting(request, pk)
    if not meeting.minutes_pdf:
        raise Http404
    response = FileResponse(
        meeting.minutes_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"compte-rendu-reunion-{meeting.pk}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _check_planner(request) -> None:
    # The role first: a resident learns nothing of which communes exist.
    if not (
        may_record_meetings(request.user)
        and may_record_meetings(request.user, commune_for(request))
    ):
        raise PermissionDenied(_("Only the town's planners can record or edit public meetings."))


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        if field == "location":
            field = "longitude"
        form.add_error(field if field in form.fields else None, errors)


def _render_form(request, form, meeting, commune, status):
    return render(
        request,
        "mapping/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "map": render_map_parts(build_meeting_form_map(commune)),
            "map_config": map_config(),
        },
        status=status,
    )


@login_required
def meeting_create(request):
    _check_planner(request)
    commune = commune_for(request)
    form = MeetingForm(request.POST or None, request.FILES or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(user=request.user, commune=commune, **form.values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect(meeting)
    status = 400 if request.method == "POST" else 200
    return _render_form(request, form, None, commune, status)


@login_required
def meeting_edit(request, pk):
    _check_planner(request)
    meeting = _meeting(request, pk)
    lon, lat = meeting.location.coords
    initial = {
        "topic": meeting.topic,
        "description": meeting.description,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
        "place_name": meeting.place_name,
        "longitude": round(lon, 6),
        "latitude": round(lat, 6),
        "attendance": meeting.attendance,
        "minutes": meeting.minutes,
        "consultation": meeting.consultation,
        "proposals": list(meeting.proposals.all()),
    }
    form = MeetingForm(
        request.POST or None, request.FILES or None, commune=meeting.commune, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, user=request.user, **form.values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    status = 400 if request.method == "POST" else 200
    return _render_form(request, form, meeting, meeting.commune, status)

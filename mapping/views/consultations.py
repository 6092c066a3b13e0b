"""The consultations' pages: the list, a consultation with its map and results, the planners'
form, and a public inquiry's register (observations export, report and conclusions)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mapping import selectors, services
from mapping.exports.formats import neutralised
from mapping.forms import ConsultationForm, ReportUploadForm
from mapping.models import Consultation, Proposal
from mapping.models.consultations import REPORT_PUBLICATION
from mapping.permissions import may_file_report, may_manage_consultations, may_read_register
from mapping.webmap.builder import build_consultation_map
from mapping.webmap.legend import map_config
from territory.communes import commune_for
from territory.dates import moment_display
from territory.webmap.base import render_map_parts


def _consultation(request, pk) -> Consultation:
    """A consultation of the commune the request serves."""
    return get_object_or_404(
        Consultation.objects.select_related("commune", "plan"),
        pk=pk,
        commune=commune_for(request),
    )


def consultation_list(request):
    commune = commune_for(request)
    return render(
        request,
        "mapping/consultation_list.html",
        {
            "commune": commune,
            "groups": selectors.consultations_grouped(commune=commune),
            "may_manage": may_manage_consultations(request.user, commune),
        },
    )


def consultation_detail(request, pk):
    consultation = _consultation(request, pk)
    now = timezone.now()
    user = request.user
    proposals = selectors.consultation_proposals(consultation=consultation, user=user, now=now)
    closed = consultation.is_closed_at(now)
    return render(
        request,
        "mapping/consultation_detail.html",
        {
            "consultation": consultation,
            "is_open": consultation.is_open_at(now),
            "is_upcoming": now < consultation.opens_at,
            "is_closed": closed,
            "map": render_map_parts(build_consultation_map(consultation, user=user)),
            "map_config": map_config(),
            "proposals": proposals,
            "proposal_count": consultation.proposals.exclude(
                status=Proposal.Status.WITHDRAWN
            ).count(),
            "results": selectors.consultation_results(consultation=consultation)
            if closed
            else None,
            "report_public": consultation.report_is_public_at(now),
            "may_manage": may_manage_consultations(user, consultation.commune),
            "may_read_register": consultation.is_inquiry
            and may_read_register(user, consultation.commune),
            "may_file_report": consultation.is_inquiry
            and may_file_report(user, consultation.commune),
            "report_form": ReportUploadForm(),
            "following": services.is_following(user=user, consultation=consultation),
        },
    )


@login_required
@require_POST
def consultation_follow(request, pk):
    """Follow the consultation (an email at each answer to one of its proposals), or stop."""
    consultation = _consultation(request, pk)
    if request.POST.get("action") == "remove":
        services.follow_remove(user=request.user, consultation=consultation)
        messages.success(request, _("You no longer follow this consultation."))
    else:
        services.follow_add(user=request.user, consultation=consultation)
        messages.success(
            request,
            _("You follow this consultation: you will be told of each answer to its proposals."),
        )
    return redirect(consultation.get_absolute_url() + "#follow")


def _form_values(form: ConsultationForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "kind": data.get("kind", Consultation.Kind.CONCERTATION),
        "opens_at": data.get("opens_at"),
        "closes_at": data.get("closes_at"),
        "plan": data.get("plan"),
        "publication_delay_hours": data.get("publication_delay_hours") or 0,
    }


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _check_planner(request) -> None:
    # The role first: a resident learns nothing of which communes exist.
    if not (
        may_manage_consultations(request.user)
        and may_manage_consultations(request.user, commune_for(request))
    ):
        raise PermissionDenied(_("Only the town's planners can create or edit consultations."))


@login_required
def consultation_create(request):
    _check_planner(request)
    commune = commune_for(request)
    form = ConsultationForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                user=request.user, commune=commune, **_form_values(form)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The consultation is created."))
            return redirect(consultation)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mapping/consultation_form.html",
        {"form": form, "consultation": None},
        status=status,
    )


@login_required
def consultation_edit(request, pk):
    _check_planner(request)
    consultation = _consultation(request, pk)
    initial = {
        "title": consultation.title,
        "description": consultation.description,
        "kind": consultation.kind,
        "opens_at": timezone.localtime(consultation.opens_at),
        "closes_at": timezone.localtime(consultation.closes_at),
        "plan": consultation.plan,
        "publication_delay_hours": consultation.publication_delay_hours,
    }
    form = ConsultationForm(request.POST or None, commune=consultation.commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(
                consultation=consultation, user=request.user, **_form_values(form)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The consultation is saved."))
            return redirect(consultation)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mapping/consultation_form.html",
        {"form": form, "consultation": consultation},
        status=status,
    )


class _Echo:
    def write(self, value):
        return value


OBSERVATION_COLUMNS = ("number", "received_at", "author", "title", "text", "category", "geometry")


def consultation_observations_csv(request, pk):
    """Every observation of a public inquiry, for the commissaire enquêteur: number, time
    (Europe/Paris, ISO 8601), author's public name, text, geometry as WKT (WGS84)."""
    consultation = _consultation(request, pk)
    if not consultation.is_inquiry:
        raise Http404
    if not may_read_register(request.user, consultation.commune):
        raise PermissionDenied(
            _("Only the commissaire enquêteur and the planners export the register.")
        )
    observations = (
        consultation.proposals.select_related("author")
        .filter(register_number__isnull=False)
        .order_by("register_number")
    )
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(OBSERVATION_COLUMNS)
        for observation in observations.iterator(chunk_size=500):
            values = (
                observation.register_number,
                timezone.localtime(observation.created_at).isoformat(timespec="seconds"),
                str(observation.author.public_name),
                observation.title,
                observation.description,
                observation.category,
                observation.geometry.wkt,
            )
            yield writer.writerow([neutralised(value) for value in values])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="registre-enquete-{consultation.pk}-observations.csv"'
    )
    return response


@login_required
@require_POST
def consultation_report_upload(request, pk):
    consultation = _consultation(request, pk)
    form = ReportUploadForm(request.POST, request.FILES)
    form.is_valid()
    try:
        services.consultation_report_upload(
            consultation=consultation, user=request.user, file=form.cleaned_data.get("report")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The report and conclusions are published on the register until %(until)s.")
            % {"until": moment_display(consultation.closes_at + REPORT_PUBLICATION)},
        )
    return redirect(consultation.get_absolute_url() + "#report")


def consultation_report(request, pk):
    """The report and conclusions, public from its upload until one year after the close; the
    commissioner and the planners keep reading it afterwards."""
    consultation = _consultation(request, pk)
    if not consultation.report:
        raise Http404
    public = consultation.report_is_public_at(timezone.now())
    if not (public or may_read_register(request.user, consultation.commune)):
        raise Http404
    response = FileResponse(
        consultation.report.open("rb"),
        content_type="application/pdf",
        filename=f"rapport-et-conclusions-enquete-{consultation.pk}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

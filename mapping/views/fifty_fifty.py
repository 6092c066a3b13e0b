"""Fifty-fifty projects' pages: the list with totals per year, a project, the application form
reached from its proposal, and the planners' decisions. The rules are in the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mapping import selectors, services
from mapping.forms import FiftyFiftyApplicationForm, FiftyFiftyMoveForm
from mapping.models import FiftyFiftyProject, Proposal
from mapping.permissions import (
    may_apply_fifty_fifty,
    may_decide_fifty_fifty,
    may_see_fifty_fifty_contact,
)
from mapping.services.fifty_fifty import APPLICATION_FIELDS
from territory.communes import commune_for


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def fifty_fifty_list(request):
    """The commune's projects, by status (or one status, `?status=`), and the totals per year
    of approval of the approved, funded and completed ones."""
    commune = commune_for(request)
    projects = selectors.fifty_fifty_visible(commune=commune, user=request.user).order_by(
        "-applied_at", "-pk"
    )
    chosen = request.GET.get("status", "")
    if chosen not in FiftyFiftyProject.Status.values:
        chosen = ""
    groups = []
    for value, label in FiftyFiftyProject.Status.choices:
        if chosen and value != chosen:
            continue
        rows = [project for project in projects if project.status == value]
        groups.append({"status": value, "label": label, "projects": rows})
    totals = selectors.fifty_fifty_totals_per_year(commune)
    return render(
        request,
        "mapping/fifty_fifty_list.html",
        {
            "commune": commune,
            "groups": groups,
            "chosen": chosen,
            "statuses": FiftyFiftyProject.Status.choices,
            "totals": totals,
            "grand_total": {
                "count": sum(row["count"] for row in totals),
                "total_budget": sum(row["total_budget"] for row in totals),
                "town_share": sum(row["town_share"] for row in totals),
            },
        },
    )


def _visible_project(request, pk) -> FiftyFiftyProject:
    return get_object_or_404(
        selectors.fifty_fifty_visible(
            commune=commune_for(request), user=request.user
        ).select_related("proposal__author", "decided_by", "applied_by"),
        pk=pk,
    )


def _render_project(request, project, status=200, **forms):
    user = request.user
    may_edit = (
        project.applied_by_id == user.pk and project.status == FiftyFiftyProject.Status.APPLICATION
    )
    context = {
        "project": project,
        "show_contact": may_see_fifty_fifty_contact(user, project),
        "move_form": (
            forms.get("move_form") or FiftyFiftyMoveForm(project=project)
            if may_decide_fifty_fifty(user, project.commune) and project.next_statuses()
            else None
        ),
        "edit_form": (
            forms.get("edit_form")
            or FiftyFiftyApplicationForm(
                initial={field: getattr(project, field) for field in APPLICATION_FIELDS}
            )
            if may_edit
            else None
        ),
    }
    return render(request, "mapping/fifty_fifty_detail.html", context, status=status)


def fifty_fifty_detail(request, pk):
    return _render_project(request, _visible_project(request, pk))


@login_required
@require_POST
def fifty_fifty_move(request, pk):
    """A planner approves, funds, completes or refuses (with a reason) the project."""
    project = _visible_project(request, pk)
    if not may_decide_fifty_fifty(request.user, project.commune):
        raise PermissionDenied(_("Only the town's planners decide on fifty-fifty projects."))
    form = FiftyFiftyMoveForm(request.POST, project=project)
    if form.is_valid():
        try:
            services.fifty_fifty_move(
                project=project,
                planner=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The project is now “%(status)s”.") % {"status": project.get_status_display()},
            )
            return redirect(project)
    return _render_project(request, project, status=400, move_form=form)


@login_required
@require_POST
def fifty_fifty_edit(request, pk):
    """The applicant corrects the application while it waits for a decision."""
    project = _visible_project(request, pk)
    form = FiftyFiftyApplicationForm(request.POST)
    if form.is_valid():
        try:
            services.fifty_fifty_update(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            project.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, _("Your application was updated."))
            return redirect(project)
    return _render_project(request, project, status=400, edit_form=form)


@login_required
def fifty_fifty_apply(request, pk):
    """The proposal's author applies for it as a fifty-fifty project."""
    proposal = get_object_or_404(Proposal.objects.visible_to(request.user), pk=pk)
    if not may_apply_fifty_fifty(request.user, proposal):
        raise PermissionDenied(
            _("Only the author of a proposal can apply for it as a fifty-fifty project.")
        )
    existing = FiftyFiftyProject.objects.filter(proposal=proposal).first()
    if existing is not None:
        return redirect(existing)
    form = FiftyFiftyApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                project = services.fifty_fifty_apply(
                    proposal=proposal, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your application is sent: the town's planners will study it."),
                )
                return redirect(project)
        status = 400
    return render(
        request,
        "mapping/fifty_fifty_apply.html",
        {"proposal": proposal, "form": form},
        status=status,
    )

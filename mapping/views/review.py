"""The planners' review queue: a consultation's proposals to share out and answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mapping import selectors, services
from mapping.forms import ReviewFilterForm
from mapping.models import Proposal
from mapping.permissions import may_answer
from territory.communes import commune_for

PAGE_SIZE = 20
# What a planner can set from the queue: every status but the author's withdrawal.
ANSWER_STATUSES = [choice for choice in Proposal.Status.choices if choice[0] != "withdrawn"]


def _require_planner(request) -> None:
    # The role first: a resident learns nothing of which communes exist.
    if not (may_answer(request.user) and may_answer(request.user, commune_for(request))):
        raise PermissionDenied(_("The review queue is for the town's planners."))


def _queue_url(request, proposal=None) -> str:
    """The queue with the filters the planner was looking at (the query string they came with)."""
    url = reverse("mapping:review")
    if request.GET:
        url += "?" + request.GET.urlencode()
    if proposal is not None:
        url += f"#proposal-{proposal.pk}"
    return url


def _render_queue(request, *, row_errors=None, status=200):
    commune = commune_for(request)
    planners = list(selectors.planners())
    data = request.GET.copy()
    default = selectors.review_default_consultation(commune=commune)
    if not data.get("consultation") and default is not None:
        data["consultation"] = str(default.pk)
    form = ReviewFilterForm(data, commune=commune, user=request.user, planners=planners)
    form.is_valid()
    consultation = form.cleaned_data.get("consultation") or default
    page = None
    counts = None
    if consultation is not None:
        queue = selectors.review_queue(
            consultation=consultation, filters=form.filters(), ordering=form.ordering()
        )
        page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        for proposal in page.object_list:
            proposal.review_errors = (row_errors or {}).get(proposal.pk)
        counts = selectors.review_counts(consultation=consultation)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "mapping/review.html",
        {
            "commune": commune,
            "form": form,
            "consultation": consultation,
            "page": page,
            "counts": counts,
            "planners": planners,
            "answer_statuses": ANSWER_STATUSES,
            "query": request.GET.urlencode(),
            "query_without_page": query.urlencode(),
        },
        status=status,
    )


@login_required
def review_queue(request):
    _require_planner(request)
    return _render_queue(request)


def _queued_proposal(request, pk) -> Proposal:
    return get_object_or_404(Proposal.objects.filter(commune=commune_for(request)), pk=pk)


@login_required
@require_POST
def review_assign(request, pk):
    """Give the proposal to a planner (or to nobody), then back to the same view of the queue."""
    _require_planner(request)
    proposal = _queued_proposal(request, pk)
    value = request.POST.get("assignee", "")
    assignee = None
    if value:
        assignee = next(
            (person for person in selectors.planners() if str(person.pk) == value), None
        )
        if assignee is None:
            error = _("Choose one of the town's planners in the list.")
            return _render_queue(request, row_errors={proposal.pk: {"assign": error}}, status=400)
    try:
        services.proposal_assign(proposal=proposal, planner=request.user, assignee=assignee)
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
        return _render_queue(request, row_errors={proposal.pk: {"assign": error}}, status=400)
    if assignee is None:
        messages.success(request, _("“%(title)s” is given to nobody.") % {"title": proposal.title})
    else:
        messages.success(
            request,
            _("“%(title)s” is now followed by %(name)s.")
            % {"title": proposal.title, "name": assignee.public_name},
        )
    return redirect(_queue_url(request, proposal))


@login_required
@require_POST
def review_answer(request, pk):
    """Set the proposal's status and public answer through the planners' service."""
    _require_planner(request)
    proposal = _queued_proposal(request, pk)
    status = request.POST.get("status", "")
    answer = request.POST.get("answer", "")
    if status not in dict(ANSWER_STATUSES):
        refusal = {"status": _("Choose the proposal's new status in the list.")}
        row = {"answer": refusal, "status_value": status, "answer_value": answer}
        return _render_queue(request, row_errors={proposal.pk: row}, status=400)
    try:
        services.proposal_staff_update(
            proposal=proposal, actor=request.user, changes={"status": status, "answer": answer}
        )
    except ValidationError as refusal:
        by_field = refusal.message_dict if hasattr(refusal, "error_dict") else {}
        errors = {
            "general" if field == "__all__" else field: " ".join(texts)
            for field, texts in by_field.items()
        }
        if not by_field:
            errors["general"] = " ".join(refusal.messages)
        row = {"answer": errors, "status_value": status, "answer_value": answer}
        return _render_queue(request, row_errors={proposal.pk: row}, status=400)
    messages.success(request, _("The answer to “%(title)s” is saved.") % {"title": proposal.title})
    return redirect(_queue_url(request, proposal))

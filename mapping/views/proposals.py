"""The map page and a proposal's page: read, comment, support, report, edit, withdraw."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.throttling import WriteThrottled, client_address
from land_use.selectors import organic_share
from mapping import selectors, services, zone_shares
from mapping.forms import CommentForm, ProposalAnswerForm, ProposalEditForm, ReportForm
from mapping.models import Comment, Consultation, Proposal, Report
from mapping.permissions import may_answer
from mapping.webmap.builder import build_commune_map, build_proposal_map
from mapping.webmap.drawing import drawing_config, geometry_edit_config
from mapping.webmap.legend import legend_sections, map_config
from territory.communes import commune_for, default_insee
from territory.models import Commune
from territory.webmap.base import render_map_parts


def map_page(request, insee=None):
    """The commune's map: `/` for the default commune, `/communes/<insee>/` for another."""
    commune = commune_for(request, insee)
    parts = render_map_parts(build_commune_map(commune, user=request.user))
    return render(
        request,
        "mapping/map.html",
        {
            "commune": commune,
            "map": parts,
            "map_config": map_config(),
            "drawing_config": drawing_config(request, commune),
            "legend": legend_sections(),
            # Without script the page lists the newest ones; the script lists those in view.
            "proposals": selectors.proposals_on_map(commune=commune, user=request.user)[
                : settings.MAP_LIST_MAX
            ],
            "open_consultations": Consultation.objects.filter(commune=commune).open_at(),
            "consultations": Consultation.objects.filter(commune=commune),
            "categories": Proposal.Category.choices,
            "statuses": [choice for choice in Proposal.Status.choices if choice[0] != "withdrawn"],
            "organic_share": organic_share(commune),
            "communes": Commune.objects.order_by("name").values_list("insee", "name"),
        },
    )


@require_safe
def commune_switch(request):
    """The commune selector of the map (a form that works without script): to its map."""
    commune = commune_for(request)
    if commune.insee == default_insee():
        return redirect("mapping:map")
    return redirect("mapping:commune-map", insee=commune.insee)


def _visible_proposal(request, pk) -> Proposal:
    return get_object_or_404(Proposal.objects.visible_to(request.user), pk=pk)


def _render_proposal(request, proposal, status=200, **forms):
    user = request.user
    can_edit = proposal.author_id == user.pk and proposal.status == Proposal.Status.SUBMITTED
    context = {
        "proposal": proposal,
        "map": render_map_parts(build_proposal_map(proposal, user=user, editable=can_edit)),
        "map_config": map_config(),
        "geometry_edit_config": geometry_edit_config(request, proposal) if can_edit else None,
        "comments": selectors.proposal_comments(proposal=proposal, user=user),
        "zones_summary": zone_shares.proposal_zones_summary(proposal=proposal),
        "zone_shares": zone_shares.proposal_zone_shares(proposal=proposal),
        "support_count": proposal.supports.count(),
        "supported": user.is_authenticated and proposal.supports.filter(user=user).exists(),
        "can_edit": proposal.author_id == user.pk and proposal.status == Proposal.Status.SUBMITTED,
        "comment_form": forms.get("comment_form") or CommentForm(),
        "edit_form": forms.get("edit_form")
        or ProposalEditForm(
            initial={
                "title": proposal.title,
                "description": proposal.description,
                "category": proposal.category,
            }
        ),
        "report_form": forms.get("report_form") or ReportForm(),
        "report_reasons": Report.Reason.choices,
        "edited_comment": forms.get("edited_comment"),
        "history": selectors.proposal_history(proposal=proposal),
        "meetings": selectors.proposal_meetings(proposal=proposal),
        "following": services.is_following(user=user, proposal=proposal),
        "answer_form": (
            forms.get("answer_form") or ProposalAnswerForm(proposal=proposal)
            if may_answer(user, proposal.commune) and proposal.next_statuses()
            else None
        ),
    }
    return render(request, "mapping/proposal_detail.html", context, status=status)


def proposal_detail(request, pk):
    try:
        proposal = _visible_proposal(request, pk)
    except Http404:
        # Its author is told why their proposal is not shown, and what happens next; anyone
        # else learns nothing, not even that it exists.
        hidden = Proposal.objects.filter(pk=pk, is_hidden=True).first()
        if (
            hidden is None
            or not request.user.is_authenticated
            or hidden.author_id != request.user.pk
        ):
            raise
        return render(request, "mapping/proposal_hidden.html", {"proposal": hidden})
    return _render_proposal(request, proposal)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_POST
def proposal_answer(request, pk):
    """A planner gives the proposal its next status with a public answer."""
    proposal = _visible_proposal(request, pk)
    if not may_answer(request.user, proposal.commune):
        raise PermissionDenied(_("Only the town's planners can answer a proposal."))
    form = ProposalAnswerForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            services.proposal_answer(
                proposal=proposal,
                planner=request.user,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("The answer is published; the author and the followers are told by email."),
            )
            return redirect(_safe_next(request, proposal.get_absolute_url() + "#history"))
    return _render_proposal(request, proposal, status=400, answer_form=form)


@login_required
@require_POST
def proposal_follow(request, pk):
    """Follow the proposal (emails when it moves on), or stop (`action=remove`)."""
    proposal = _visible_proposal(request, pk)
    if request.POST.get("action") == "remove":
        services.follow_remove(user=request.user, proposal=proposal)
        messages.success(request, _("You no longer follow this proposal."))
    else:
        services.follow_add(user=request.user, proposal=proposal)
        messages.success(request, _("You follow this proposal: you will be told of its answer."))
    return redirect(proposal.get_absolute_url() + "#follow")


def _throttled(request, proposal, refusal: WriteThrottled, **forms):
    """The proposal's page again, 429, with the limit's sentence; nothing was stored."""
    messages.error(request, refusal.message)
    response = _render_proposal(request, proposal, status=429, **forms)
    response["Retry-After"] = str(refusal.wait)
    return response


def _refusal(error: ValidationError | PermissionDenied) -> str:
    """The sentence of a service's refusal (a blocked account's included)."""
    if isinstance(error, PermissionDenied):
        return str(error)
    return " ".join(error.messages)


@login_required
@require_POST
def proposal_support(request, pk):
    """Support the proposal, or take the support back (`action=remove`)."""
    proposal = _visible_proposal(request, pk)
    try:
        if request.POST.get("action") == "remove":
            services.support_remove(proposal=proposal, user=request.user)
            messages.success(request, _("Your support was taken back."))
        else:
            services.support_add(
                proposal=proposal, user=request.user, address=client_address(request)
            )
            messages.success(request, _("Thank you for your support."))
    except WriteThrottled as refusal:
        return _throttled(request, proposal, refusal)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    return redirect(proposal.get_absolute_url() + "#support")


@login_required
@require_POST
def comment_create(request, pk):
    proposal = _visible_proposal(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_create(
                proposal=proposal,
                author=request.user,
                body=form.cleaned_data["body"],
                address=client_address(request),
            )
        except WriteThrottled as refusal:
            form.add_error(None, refusal.message)
            response = _render_proposal(request, proposal, status=429, comment_form=form)
            response["Retry-After"] = str(refusal.wait)
            return response
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(proposal.get_absolute_url() + "#comments")
    return _render_proposal(request, proposal, status=400, comment_form=form)


def _shown_comment(request, pk) -> Comment:
    """A comment shown on a proposal page (services check who may change it)."""
    comment = get_object_or_404(
        Comment.objects.shown().select_related("proposal"),
        pk=pk,
        proposal__in=Proposal.objects.visible_to(request.user),
    )
    return comment


@login_required
@require_POST
def comment_edit(request, pk):
    comment = _shown_comment(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_update(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment was updated."))
            return redirect(comment.proposal.get_absolute_url() + f"#comment-{comment.pk}")
    return _render_proposal(
        request, comment.proposal, status=400, edited_comment={"id": comment.pk, "form": form}
    )


@login_required
@require_POST
def comment_delete(request, pk):
    comment = _shown_comment(request, pk)
    services.comment_delete(comment=comment, user=request.user)
    messages.success(request, _("Your comment was deleted."))
    return redirect(comment.proposal.get_absolute_url() + "#comments")


@login_required
@require_POST
def proposal_edit(request, pk):
    proposal = _visible_proposal(request, pk)
    form = ProposalEditForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_update(proposal=proposal, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            proposal.refresh_from_db()
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your proposal was updated."))
            return redirect(proposal)
    return _render_proposal(request, proposal, status=400, edit_form=form)


@login_required
@require_POST
def proposal_withdraw(request, pk):
    proposal = _visible_proposal(request, pk)
    services.proposal_withdraw(proposal=proposal, user=request.user)
    messages.success(request, _("Your proposal was withdrawn. It stays visible on its page."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_report(request, pk):
    proposal = _visible_proposal(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_create(
                reporter=request.user,
                proposal=proposal,
                address=client_address(request),
                **form.cleaned_data,
            )
        except WriteThrottled as refusal:
            return _throttled(request, proposal, refusal, report_form=form)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Thank you: a moderator will look at your report."))
        return redirect(proposal)
    return _render_proposal(request, proposal, status=400, report_form=form)


@login_required
@require_POST
def comment_report(request, pk):
    comment = _shown_comment(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_create(
                reporter=request.user,
                comment=comment,
                address=client_address(request),
                **form.cleaned_data,
            )
        except WriteThrottled as refusal:
            return _throttled(request, comment.proposal, refusal, report_form=form)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Thank you: a moderator will look at your report."))
    else:
        messages.error(request, _("Choose the reason of your report."))
    return redirect(comment.proposal.get_absolute_url() + f"#comment-{comment.pk}")

"""The moderators' page: reported and hidden content, blocked accounts, the log of their acts."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mapping import moderation_queue, services
from mapping.models import Comment, Proposal
from mapping.permissions import may_act_as_moderator
from territory.communes import commune_for

CONTENT_ACTIONS = {
    "hide": services.content_hide,
    "restore": services.content_restore,
    "dismiss": services.reports_dismiss,
}


def _require_moderator(request) -> None:
    # The role first: a resident learns nothing of which communes exist.
    if not (
        may_act_as_moderator(request.user)
        and may_act_as_moderator(request.user, commune_for(request))
    ):
        raise PermissionDenied(_("The moderation page is for the site's moderators."))


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def moderation_page(request):
    _require_moderator(request)
    commune = commune_for(request)
    return render(
        request,
        "mapping/moderation.html",
        {
            "commune": commune,
            "proposals": list(moderation_queue.moderation_proposals(commune=commune)),
            "comments": list(moderation_queue.moderation_comments(commune=commune)),
            "blocked_people": list(moderation_queue.blocked_people()),
            "log": list(moderation_queue.moderation_log()),
        },
    )


def _content(request, kind: str, pk: int) -> dict:
    commune = commune_for(request)
    if kind == "proposal":
        return {"proposal": get_object_or_404(Proposal, pk=pk, commune=commune)}
    if kind == "comment":
        return {"comment": get_object_or_404(Comment, pk=pk, proposal__commune=commune)}
    raise Http404


@login_required
@require_POST
def moderation_content(request, kind, pk, action):
    """Hide, restore or dismiss the reports of a proposal or a comment, with a reason."""
    _require_moderator(request)
    act = CONTENT_ACTIONS.get(action)
    if act is None:
        raise Http404
    target = _content(request, kind, pk)
    try:
        act(moderator=request.user, reason=request.POST.get("reason", ""), **target)
    except ValidationError as refusal:
        messages.error(request, _refusal(refusal))
        return redirect(reverse("mapping:moderation") + f"#{kind}-{pk}")
    done = {
        "hide": _("Hidden: its author sees the reason you gave."),
        "restore": _("Restored: it is shown again to everyone."),
        "dismiss": _("The reports are dismissed; it stays shown."),
    }
    messages.success(request, done[action])
    return redirect(reverse("mapping:moderation") + f"#{kind}-{pk}")


@login_required
@require_POST
def moderation_person(request, pk, action):
    """Block an account with a reason the person reads, or lift the block."""
    _require_moderator(request)
    person = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    reason = request.POST.get("reason", "")
    try:
        if action == "block":
            services.account_block(moderator=request.user, person=person, reason=reason)
            messages.success(
                request,
                _("%(name)s is blocked: they can read, no longer write, and are told why.")
                % {"name": person.public_name},
            )
        elif action == "unblock":
            services.account_unblock(moderator=request.user, person=person, reason=reason)
            messages.success(request, _("%(name)s can write again.") % {"name": person.public_name})
        else:
            raise Http404
    except ValidationError as refusal:
        messages.error(request, _refusal(refusal))
    return redirect(reverse("mapping:moderation") + "#blocked")

"""The participatory map's part of a person's data: proposals, comments, supports, reports, the
proposals and consultations they follow, and the fifty-fifty applications they made."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import PersonalDataPart, register
from mapping.history import COMMENTS, FIFTY_FIFTY, MEETINGS
from mapping.models import Comment, FiftyFiftyProject, Follow, Meeting, Proposal, Report, Support


def _proposals(user) -> list[dict]:
    return [
        {
            "id": p.pk,
            "title": p.title,
            "description": p.description,
            "category": p.category,
            "status": p.status,
            "geometry": p.geometry.geojson,
            "created_at": p.created_at.isoformat(),
        }
        for p in Proposal.objects.filter(author=user).order_by("created_at", "pk")
    ]


def _keep_proposals(user) -> None:
    """Proposals are the town's record of the consultation: they stay, under "Anonymous
    resident", because the erased account keeps no name (see accounts.services.user_erase)."""


def _comments(user) -> list[dict]:
    return [
        {
            "id": c.pk,
            "proposal": c.proposal_id,
            "body": c.body,
            "created_at": c.created_at.isoformat(),
            "deleted": c.deleted_at is not None,
        }
        for c in Comment.objects.filter(author=user).order_by("created_at", "pk")
    ]


def _erase_comments(user) -> None:
    Comment.objects.filter(author=user).update(body="", deleted_at=timezone.now())
    # The history would keep the words otherwise: every earlier version loses them too.
    COMMENTS.version_model.objects.filter(author=user).update(body="")


def _supports(user) -> list[dict]:
    return [
        {"proposal": s.proposal_id, "created_at": s.created_at.isoformat()}
        for s in Support.objects.filter(user=user).order_by("created_at", "pk")
    ]


def _erase_supports(user) -> None:
    Support.objects.filter(user=user).delete()


def _reports(user) -> list[dict]:
    return [
        {
            "id": r.pk,
            "proposal": r.proposal_id,
            "comment": r.comment_id,
            "reason": r.reason,
            "details": r.details,
            "created_at": r.created_at.isoformat(),
        }
        for r in Report.objects.filter(reporter=user).order_by("created_at", "pk")
    ]


def _anonymise_reports(user) -> None:
    """A report outlives its author, or erasing an account would un-hide what it reported;
    only the words its author wrote go."""
    Report.objects.filter(reporter=user).update(details="")


def _follows(user) -> list[dict]:
    return [
        {
            "proposal": f.proposal_id,
            "consultation": f.consultation_id,
            "created_at": f.created_at.isoformat(),
        }
        for f in Follow.objects.filter(user=user).order_by("created_at", "pk")
    ]


def _erase_follows(user) -> None:
    Follow.objects.filter(user=user).delete()


def _assigned_proposals(user) -> list[dict]:
    return [
        {"proposal": p.pk, "title": p.title}
        for p in Proposal.objects.filter(assignee=user).order_by("pk")
    ]


def _unassign(user) -> None:
    """A planner who leaves hands their proposals back to the queue ("given to nobody")."""
    Proposal.objects.filter(assignee=user).update(assignee=None)


def _recorded_meetings(user) -> list[dict]:
    return [
        {"meeting": m.pk, "topic": m.topic, "starts_at": m.starts_at.isoformat()}
        for m in Meeting.objects.filter(recorded_by=user).order_by("pk")
    ]


def _forget_meeting_recorder(user) -> None:
    """The meetings are the town's record and stay; who typed them in is forgotten."""
    Meeting.objects.filter(recorded_by=user).update(recorded_by=None)
    MEETINGS.version_model.objects.filter(recorded_by=user).update(recorded_by=None)


def _fifty_fifty(user) -> list[dict]:
    return [
        {
            "id": p.pk,
            "proposal": p.proposal_id,
            "collective_name": p.collective_name,
            "collective_kind": p.collective_kind,
            "contact_name": p.contact_name,
            "contact_email": p.contact_email,
            "contact_phone": p.contact_phone,
            "total_budget": str(p.total_budget),
            "status": p.status,
            "applied_at": p.applied_at.isoformat(),
        }
        for p in FiftyFiftyProject.objects.filter(applied_by=user).order_by("applied_at", "pk")
    ]


def _erase_fifty_fifty_contacts(user) -> None:
    """A fifty-fifty project is the town's record of public money: it stays, with its
    collective and budget; the contact the applicant gave goes."""
    for model in (FiftyFiftyProject, FIFTY_FIFTY.version_model):
        model.objects.filter(applied_by=user).update(
            contact_name="", contact_email="", contact_phone=""
        )


def register_parts() -> None:
    register(PersonalDataPart("proposals", _("Proposals"), _proposals, _keep_proposals))
    register(PersonalDataPart("comments", _("Comments"), _comments, _erase_comments))
    register(PersonalDataPart("supports", _("Supports"), _supports, _erase_supports))
    register(PersonalDataPart("reports", _("Reports"), _reports, _anonymise_reports))
    register(
        PersonalDataPart(
            "follows", _("Followed proposals and consultations"), _follows, _erase_follows
        )
    )
    register(
        PersonalDataPart(
            "assigned_proposals",
            _("Proposals given to me to answer"),
            _assigned_proposals,
            _unassign,
        )
    )
    register(
        PersonalDataPart(
            "recorded_meetings",
            _("Public meetings I recorded"),
            _recorded_meetings,
            _forget_meeting_recorder,
        )
    )
    register(
        PersonalDataPart(
            "fifty_fifty",
            _("Fifty-fifty applications"),
            _fifty_fifty,
            _erase_fifty_fifty_contacts,
        )
    )

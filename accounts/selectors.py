"""Reads on accounts."""

from mapping.models import Comment, Proposal, Support


def user_personal_data(*, user) -> dict:
    """Everything the site holds on a person, as plain JSON-ready data (GDPR, article 15)."""
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "proposals": [
            {
                "id": p.pk,
                "title": p.title,
                "description": p.description,
                "category": p.category,
                "status": p.status,
                "geometry": p.geometry.geojson,
                "created_at": p.created_at.isoformat(),
            }
            for p in Proposal.objects.filter(author=user).order_by("created_at")
        ],
        "comments": [
            {
                "id": c.pk,
                "proposal": c.proposal_id,
                "body": c.body,
                "created_at": c.created_at.isoformat(),
                "deleted": c.deleted_at is not None,
            }
            for c in Comment.objects.filter(author=user).order_by("created_at")
        ],
        "supports": [
            {"proposal": s.proposal_id, "created_at": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user).order_by("created_at")
        ],
    }

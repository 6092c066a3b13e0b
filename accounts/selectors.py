"""Reads on accounts."""

from accounts.personal_data import parts


def user_personal_data(*, user) -> dict:
    """Everything the site holds on a person, as plain JSON-ready data (GDPR, article 15).

    The account itself, then each app's part (accounts.personal_data), under the part's key.
    """
    data = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "blocked": (
                {"since": user.blocked_at.isoformat(), "reason": user.blocked_reason}
                if user.blocked_at
                else None
            ),
        },
    }
    for part in parts():
        data[part.key] = part.export(user)
    return data


def user_personal_data_summary(*, user) -> list[tuple[str, int]]:
    """(label, number of items) for each app's part, for the "My data" page."""
    return [(str(part.label), len(part.export(user))) for part in parts()]

"""Who a login attempt is for, so that django-axes counts the admin's and the site's together.

The admin's form sends a username, the site's (allauth) an email address: both are brought back
to the account they name, so five wrong passwords are five whichever form received them.
"""

from django.contrib.auth import get_user_model


def login_identity(request, credentials: dict | None = None) -> str:
    """The account an attempt names (`user <pk>`), or what was typed if no account has it.

    The key is the account's number rather than its username or email, because axes sends it
    back in its lockout answer: typing a username must not reveal the email, or the reverse.
    """
    credentials = credentials or {}
    data = getattr(request, "POST", None) or {}
    typed = (
        credentials.get("username")
        or credentials.get("email")
        or data.get("username")
        or data.get("login")
        or ""
    ).strip()
    if not typed:
        return ""
    users = get_user_model().objects.order_by("pk")
    if "@" in typed:
        typed = typed.lower()
        found = users.filter(email__iexact=typed).values_list("pk", flat=True).first()
    else:
        found = users.filter(username=typed).values_list("pk", flat=True).first()
    return f"user {found}" if found is not None else typed

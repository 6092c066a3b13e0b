"""allauth's emails signed like the site's own (accounts/mail.py): the site's name from
`SITE_NAME`, its address from `SITE_URL`, the sender `DEFAULT_FROM_EMAIL`.

Without django.contrib.sites allauth would name the site after the request's host and build its
links from it, so an email sent behind a proxy would read "[127.0.0.1:8000]" and link there.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from accounts.mail import site_url


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's email templates read as `current_site`."""

    name: str
    domain: str


def site_identity() -> SiteIdentity:
    return SiteIdentity(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, "current_site": site_identity()}
        for key in ("signup_url", "password_reset_url"):
            if key in context:
                context[key] = site_url(urlsplit(context[key]).path)
        super().send_mail(template_prefix, email, context)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

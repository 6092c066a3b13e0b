"""`{% load blocks %}{% block_banner request.user %}`: a blocked person is told why, on the pages
where they would write."""

from django import template

from accounts.blocks import block_sentence, is_blocked

register = template.Library()


@register.inclusion_tag("accounts/_block_banner.html")
def block_banner(user):
    return {"sentence": block_sentence(user) if is_blocked(user) else ""}

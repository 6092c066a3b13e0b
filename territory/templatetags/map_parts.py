"""Placing folium's page parts under the content security policy."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_INLINE_SCRIPT = re.compile(r"<script>")


@register.filter
def with_nonce(fragment: str, nonce: str) -> str:
    """The HTML fragment (folium's own output, trusted) with the nonce on its inline scripts."""
    return mark_safe(_INLINE_SCRIPT.sub(f'<script nonce="{escape(nonce)}">', fragment))  # noqa: S308

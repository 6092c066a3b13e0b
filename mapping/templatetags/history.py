"""The link to a record's history, shown to the people who may read it (planners)."""

from django import template
from django.urls import reverse

from mapping.permissions import may_restore_versions
from territory.history import entry_for

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url(context, record) -> str:
    """/history/<key>/<pk>/ for a versioned record when the person may read it, else ""."""
    request = context.get("request")
    entry = entry_for(type(record)) if record is not None else None
    if entry is None or request is None or not may_restore_versions(request.user):
        return ""
    return reverse("mapping:record-history", args=[entry.key, record.pk])

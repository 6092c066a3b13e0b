"""Roles in templates: `{% load roles %}` then `{% if user|is_planner %}` (links only; the views
check the permission themselves)."""

from django import template

from accounts import roles

register = template.Library()


@register.filter
def is_planner(user) -> bool:
    return roles.is_planner(user)

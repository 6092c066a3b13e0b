"""`{{ value|moment }}` and `{{ value|day }}`: dates for people (territory.dates)."""

from django import template

from territory.dates import day_display, moment_display

register = template.Library()


@register.filter
def moment(value):
    return moment_display(value) if value else ""


@register.filter
def day(value):
    return day_display(value) if value else ""

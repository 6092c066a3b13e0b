"""`{{ amount|euros }}` (12 000,00 € in French) and `{% fifty_fifty_box proposal %}`, the
fifty-fifty part of a proposal's page: its project's status, or the author's way to apply."""

from django import template
from django.template.defaultfilters import floatformat

from mapping.models import FiftyFiftyProject, Proposal
from mapping.permissions import may_apply_fifty_fifty

register = template.Library()


@register.filter
def euros(value) -> str:
    """An amount in euros with two decimals, grouped in the active language's way."""
    if value is None or value == "":
        return ""
    return f"{floatformat(value, '2g')}\xa0€"


@register.inclusion_tag("mapping/_fifty_fifty_proposal.html", takes_context=True)
def fifty_fifty_box(context, proposal: Proposal) -> dict:
    user = context["user"]
    project = FiftyFiftyProject.objects.filter(proposal=proposal).first()
    may_apply = (
        project is None
        and may_apply_fifty_fifty(user, proposal)
        and not proposal.is_hidden
        and proposal.status != Proposal.Status.WITHDRAWN
    )
    return {"proposal": proposal, "project": project, "may_apply": may_apply, "user": user}

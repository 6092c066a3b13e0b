"""Forms of the proposal page. They parse; the services (mapping/services.py) judge."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mapping.models import Proposal, Report


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )


class ProposalEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    category = forms.ChoiceField(label=_("Category"), choices=Proposal.Category.choices)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.Reason.choices)
    details = forms.CharField(
        label=_("Details (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class ProposalAnswerForm(forms.Form):
    """A planner's answer: the next status among those the proposal may take, and its words."""

    # A select offering the allowed steps, parsed as text: the service refuses a forbidden step
    # (a stale page, a crafted post) in its own words.
    status = forms.CharField(label=_("New status"), widget=forms.Select)
    answer = forms.CharField(
        label=_("Public answer"),
        help_text=_(
            "Required for a decision (accepted, partially accepted, rejected, implemented)."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "aria-describedby": "answer-help"}),
        required=False,
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        kwargs.setdefault("initial", {"answer": proposal.answer})
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.choices = [
            (value, str(Proposal.Status(value).label).capitalize())
            for value in proposal.next_statuses()
        ]

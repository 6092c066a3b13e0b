"""Forms of the proposal page. They parse; the services (mapping/services.py) judge."""

from django import forms
from django.utils.translation import gettext_lazy as _

from land_use.models import PlanDocument
from mapping.models import Consultation, Proposal, Report


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


class LocalDateTimeInput(forms.DateTimeInput):
    """A date and time picker (the browser's own), read in the commune's time, Europe/Paris."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ConsultationForm(forms.Form):
    """A consultation's page form, for planners. The service judges (closes after opens...)."""

    title = forms.CharField(label=_("Title"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Consultation.Kind.choices)
    opens_at = forms.DateTimeField(
        label=_("Opens on (date and time, Paris time)"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        required=False,
    )
    closes_at = forms.DateTimeField(
        label=_("Closes on (date and time, Paris time)"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        required=False,
    )
    plan = forms.ModelChoiceField(
        label=_("Plan document under review"), queryset=PlanDocument.objects.none(), required=False
    )
    publication_delay_hours = forms.IntegerField(
        label=_("Public inquiry: publication delay of observations (hours)"),
        min_value=0,
        initial=0,
        required=False,
    )

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = PlanDocument.objects.filter(commune=commune)

    def clean_publication_delay_hours(self):
        return self.cleaned_data.get("publication_delay_hours") or 0


class ReportUploadForm(forms.Form):
    report = forms.FileField(label=_("Report and conclusions (PDF)"), required=False)

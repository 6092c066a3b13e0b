"""Forms of the proposal page. They parse; the services (mapping/services.py) judge."""

from django import forms
from django.contrib.gis.geos import Point
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from land_use.models import PlanDocument, Zone
from mapping.models import Consultation, FiftyFiftyProject, Proposal, Report
from mapping.selectors import UNASSIGNED


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


class ReviewFilterForm(forms.Form):
    """The review queue's filters and sort order, read from the query string.

    A value that is not one of the choices is reported next to its field and left out of the
    filtering; `consultation` falls back to the commune's open (else latest) consultation.
    """

    MINE = "mine"

    consultation = forms.ModelChoiceField(
        label=_("Consultation"), queryset=Consultation.objects.none(), required=False
    )
    zone = forms.ModelChoiceField(
        label=_("Land-use zone"),
        queryset=Zone.objects.none(),
        required=False,
        empty_label=_("All zones"),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    min_supports = forms.IntegerField(
        label=_("Supports (at least)"), min_value=0, max_value=100000, required=False
    )
    assignee = forms.ChoiceField(label=_("Planner in charge"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("newest first")),
            ("oldest", _("oldest first")),
            ("supported", _("most supported first")),
            ("status", _("status (waiting first)")),
        ],
    )

    def __init__(self, data, *, commune, user, planners):
        super().__init__(data)
        self.user = user
        self.planner_list = list(planners)
        self.fields["consultation"].queryset = Consultation.objects.filter(commune=commune)
        self.fields["consultation"].empty_label = None
        self.fields["zone"].queryset = Zone.objects.in_commune(commune).order_by("libelle")
        self.fields["zone"].label_from_instance = lambda zone: zone.libelle
        self.fields["category"].choices = [
            ("", _("All categories")),
            *((value, capfirst(label)) for value, label in Proposal.Category.choices),
        ]
        self.fields["status"].choices = [
            ("", _("All, withdrawn aside")),
            *((value, capfirst(label)) for value, label in Proposal.Status.choices),
        ]
        self.fields["sort"].choices = [
            (value, capfirst(label)) for value, label in self.fields["sort"].choices
        ]
        self.fields["assignee"].choices = [
            ("", _("Everybody")),
            (self.MINE, _("Mine")),
            (UNASSIGNED, _("Nobody yet")),
            *((str(person.pk), person.public_name) for person in self.planner_list),
        ]

    def clean_assignee(self):
        value = self.cleaned_data["assignee"]
        if value == self.MINE:
            return self.user
        if value and value != UNASSIGNED:
            return next(person for person in self.planner_list if str(person.pk) == value)
        return value

    def filters(self) -> dict:
        """The valid filters (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        keys = ("zone", "category", "status", "min_supports", "assignee")
        return {key: data[key] for key in keys if data.get(key) not in (None, "")}

    def ordering(self) -> str:
        return getattr(self, "cleaned_data", {}).get("sort") or "newest"


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


class MeetingForm(forms.Form):
    """A public meeting, for planners. The point is typed or placed with a click on the map;
    the service judges (inside the commune, ends after it starts, the minutes a PDF...)."""

    topic = forms.CharField(label=_("Topic"), required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts on (date and time, Paris time)"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        required=False,
    )
    ends_at = forms.DateTimeField(
        label=_("Ends on (optional, Paris time)"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        required=False,
    )
    place_name = forms.CharField(label=_("Place (room or address)"), required=False)
    longitude = forms.FloatField(
        label=_("Longitude (WGS84, e.g. 2.7942)"),
        widget=forms.NumberInput(attrs={"step": "any", "aria-describedby": "location-help"}),
        required=False,
    )
    latitude = forms.FloatField(
        label=_("Latitude (WGS84, e.g. 50.4583)"),
        widget=forms.NumberInput(attrs={"step": "any", "aria-describedby": "location-help"}),
        required=False,
    )
    description = forms.CharField(
        label=_("Description (optional)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    consultation = forms.ModelChoiceField(
        label=_("Consultation (optional)"), queryset=Consultation.objects.none(), required=False
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals discussed"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attendance = forms.IntegerField(label=_("Attendance (people)"), min_value=0, required=False)
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    minutes_pdf = forms.FileField(
        label=_("Minutes as a PDF (optional; replaces the one attached)"),
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        required=False,
    )

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = Consultation.objects.filter(commune=commune)
        self.fields["proposals"].queryset = (
            Proposal.objects.filter(commune=commune, is_hidden=False)
            .exclude(status=Proposal.Status.WITHDRAWN)
            .order_by("title", "pk")
        )
        self.fields["proposals"].label_from_instance = lambda proposal: proposal.title

    def location(self):
        """The point typed or clicked (WGS84), or None when either number is missing."""
        data = getattr(self, "cleaned_data", {})
        lon, lat = data.get("longitude"), data.get("latitude")
        if lon is None or lat is None:
            return None
        return Point(lon, lat, srid=4326)

    def values(self) -> dict:
        """The service's arguments (call after is_valid())."""
        data = self.cleaned_data
        return {
            "topic": data.get("topic", ""),
            "description": data.get("description", ""),
            "starts_at": data.get("starts_at"),
            "ends_at": data.get("ends_at"),
            "place_name": data.get("place_name", ""),
            "location": self.location(),
            "attendance": data.get("attendance"),
            "minutes": data.get("minutes", ""),
            "minutes_pdf": data.get("minutes_pdf") or None,
            "consultation": data.get("consultation"),
            "proposals": list(data.get("proposals") or ()),
        }


class FiftyFiftyApplicationForm(forms.Form):
    """An application as a fifty-fifty project; the service judges every value (the budget
    included, read as a Decimal: "12 000,50" or "12000.50")."""

    collective_name = forms.CharField(
        label=_("Name of the collective"),
        required=False,
        max_length=160,
        help_text=_("The association or the group of residents that carries the project."),
    )
    collective_kind = forms.ChoiceField(
        label=_("Kind of collective"),
        choices=FiftyFiftyProject.CollectiveKind.choices,
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=120)
    contact_email = forms.CharField(
        label=_("Contact email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Contact phone (optional)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    total_budget = forms.CharField(
        label=_("Total budget of the project (€)"),
        required=False,
        max_length=20,
        help_text=_("The town funds half of it: its share is computed from this amount."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class FiftyFiftyMoveForm(forms.Form):
    """A planner's decision: the next status the project may take, and a reason to refuse."""

    status = forms.ChoiceField(label=_("Decision"))
    reason = forms.CharField(
        label=_("Reason for a refusal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text=_("Required to refuse: it is shown on the project's page."),
    )

    def __init__(self, *args, project: FiftyFiftyProject, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(FiftyFiftyProject.Status.choices)
        self.fields["status"].choices = [
            (value, capfirst(labels[value])) for value in project.next_statuses()
        ]

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from land_use.crops import crop_choices
from land_use.models import FarmerApplication, OrganicParcel, normalise_siret
from territory.communes import default_insee
from territory.models import Commune


def _this_year() -> int:
    return timezone.localdate().year


class ParcelAttributesForm(forms.Form):
    """The values of a parcel that a farmer types; its area is computed, never typed."""

    code_cultu = forms.ChoiceField(label=_("RPG crop code"), choices=crop_choices)
    stage = forms.ChoiceField(label=_("conversion stage"), choices=OrganicParcel.Stage.choices)
    engagement_date = forms.DateField(
        label=_("engagement date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Required for C1, C2 and C3: the date of your engagement with the body."),
    )
    certification_body = forms.ChoiceField(
        label=_("certification body"),
        required=False,
        choices=[("", "—"), *OrganicParcel.CertificationBody.choices],
    )
    certification_state = forms.ChoiceField(
        label=_("certification state"),
        choices=OrganicParcel.CertificationState.choices,
        initial=OrganicParcel.CertificationState.DRAFT,
    )
    campaign_year = forms.IntegerField(
        label=_("campaign year"), initial=_this_year, min_value=2000, max_value=2100
    )


class ParcelForm(ParcelAttributesForm):
    """A parcel drawn on the map; planners may also accept an overlap, saying why."""

    field_order = ["name"]
    name = forms.CharField(label=_("name"), max_length=120)
    override_reason = forms.CharField(
        label=_("reason for accepting an overlap (planners)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when this parcel must overlap another by more than 1 %; recorded."),
    )

    def __init__(self, *args, planner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not planner:
            del self.fields["override_reason"]

    geometry = forms.CharField(
        label=_("outline"),
        widget=forms.HiddenInput,
        required=False,
        error_messages={"required": _("Draw the outline of the parcel on the map.")},
    )


class UploadForm(ParcelAttributesForm):
    """A file of parcels and the values each of its parcels gets unless the file has them."""

    field_order = ["file", "commune"]
    file = forms.FileField(
        label=_("file"),
        help_text=_(
            "GeoJSON, GeoPackage (.gpkg), Shapefile zipped with its .prj, or KML; 20 MB and "
            "5,000 parcels at most. RPG columns ID_PARCEL, CODE_CULTU and SURF_PARC are read."
        ),
    )
    commune = forms.ModelChoiceField(
        label=_("commune"), queryset=Commune.objects.all(), to_field_name="insee"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code_cultu"].required = False
        self.fields["code_cultu"].choices = [("", "—"), *crop_choices()]
        self.fields["code_cultu"].help_text = _("For parcels whose file has no CODE_CULTU.")
        self.fields["commune"].initial = default_insee()


class LayerForm(forms.Form):
    layer = forms.ChoiceField(label=_("layer"))

    def __init__(self, *args, layers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layer"].choices = [(name, name) for name in layers]


class SiretField(forms.CharField):
    """A SIRET typed as printed on a Kbis (“123 456 789 00012”) is read as its 14 digits."""

    def to_python(self, value):
        return normalise_siret(super().to_python(value))


class FarmerApplicationForm(forms.ModelForm):
    class Meta:
        model = FarmerApplication
        fields = ["farm_name", "siret", "message"]
        field_classes = {"siret": SiretField}
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4}),
            # Digits on a phone's keyboard, spaces allowed as on the Kbis.
            "siret": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Room for the spaces of “123 456 789 00012”; the 14 digits are checked after.
        self.fields["siret"].widget.attrs.pop("maxlength", None)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("grant", _("grant")), ("refuse", _("refuse"))], widget=forms.HiddenInput
    )
    message = forms.CharField(
        label=_("message to the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when refusing: say why."),
    )

"""The land-use plan (CNIG DOC_URBA and ZONE_URBA), organic farmland and eco-housing.

Field names of PlanDocument and Zone follow the CNIG standard (in lower case) so that a planner's
shapefile or GeoPackage goes in and comes out with the same columns.
"""

import re
import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from land_use.querysets import OrganicParcelQuerySet, ZoneQuerySet
from territory.concurrency import etag as version_tag
from territory.db import GeographyAreaHectares


class PlanDocument(models.Model):
    """A town-planning document (CNIG DOC_URBA): the PLU that the zones belong to."""

    class TypeDoc(models.TextChoices):
        PLU = "PLU", _("Local land-use plan (PLU)")
        PLUI = "PLUi", _("Intercommunal land-use plan (PLUi)")
        POS = "POS", _("Land-use plan (POS)")
        CC = "CC", _("Communal map (carte communale)")

    class Etat(models.TextChoices):
        # CNIG ETAT codes
        IN_PROGRESS = "01", _("in preparation")
        APPROVED = "03", _("approved")
        ANNULLED = "04", _("annulled")
        REPEALED = "05", _("repealed")
        ENFORCEABLE = "06", _("enforceable")

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="plan_documents",
        verbose_name=_("commune"),
    )
    idurba = models.CharField(
        "IDURBA",
        max_length=30,
        unique=True,
        help_text=_("CNIG identifier: <INSEE>_<TYPEDOC>_<AAAAMMJJ>, e.g. 62528_PLU_20240101."),
    )
    typedoc = models.CharField(
        "TYPEDOC", max_length=4, choices=TypeDoc.choices, default=TypeDoc.PLU
    )
    etat = models.CharField("ETAT", max_length=2, choices=Etat.choices, default=Etat.ENFORCEABLE)
    nomproc = models.CharField("NOMPROC", max_length=10, blank=True)
    datappro = models.DateField("DATAPPRO", null=True, blank=True)
    datefin = models.DateField("DATEFIN", null=True, blank=True)
    nomreg = models.CharField("NOMREG", max_length=80, blank=True)
    urlreg = models.URLField("URLREG", max_length=254, blank=True)
    nomplan = models.CharField("NOMPLAN", max_length=80, blank=True)
    urlplan = models.URLField("URLPLAN", max_length=254, blank=True)
    siteweb = models.URLField("SITEWEB", max_length=254, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Drawn for demonstration; not the enforceable plan."),
    )
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["-datappro"]

    def __str__(self):
        return self.idurba


class Zone(models.Model):
    """A zone of the land-use plan (CNIG ZONE_URBA)."""

    class TypeZone(models.TextChoices):
        U = "U", _("urban")
        AUC = "AUc", _("to be urbanised, constructible")
        AUS = "AUs", _("to be urbanised, closed")
        A = "A", _("agricultural")
        N = "N", _("natural and forest")

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="zones",
        verbose_name=_("commune"),
    )
    plan = models.ForeignKey(
        PlanDocument,
        on_delete=models.PROTECT,
        related_name="zones",
        null=True,
        blank=True,
        verbose_name=_("plan document"),
    )
    libelle = models.CharField("LIBELLE", max_length=12, help_text=_("Short name, e.g. 1AUh."))
    libelong = models.CharField("LIBELONG", max_length=254, blank=True)
    typezone = models.CharField("TYPEZONE", max_length=3, choices=TypeZone.choices)
    formdomi = models.CharField("FORMDOMI", max_length=254, blank=True)
    destoui = models.CharField("DESTOUI", max_length=254, blank=True)
    destcdt = models.CharField("DESTCDT", max_length=254, blank=True)
    destnon = models.CharField("DESTNON", max_length=254, blank=True)
    nomfic = models.CharField("NOMFIC", max_length=80, blank=True)
    urlfic = models.URLField("URLFIC", max_length=254, blank=True)
    idurba = models.CharField("IDURBA", max_length=30, blank=True)
    datvalid = models.DateField("DATVALID", null=True, blank=True)
    geometry = models.MultiPolygonField(_("geometry"), srid=4326)
    area_ha = models.GeneratedField(
        expression=GeographyAreaHectares("geometry"),
        output_field=models.DecimalField(max_digits=12, decimal_places=4),
        db_persist=True,
        verbose_name=_("area (ha)"),
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("land-use zone")
        verbose_name_plural = _("land-use zones")
        ordering = ["typezone", "libelle"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geometry__isvalid=True),
                name="zone_geometry_valid",
                violation_error_message=_("The outline of the zone is not a valid shape."),
            ),
        ]

    def __str__(self):
        return self.libelle


class OrganicParcel(models.Model):
    """A farm parcel in organic farming or in conversion, declared by its farmer."""

    class Stage(models.TextChoices):
        CONV = "CONV", _("conventional")
        C1 = "C1", _("first year of conversion")
        C2 = "C2", _("second year of conversion")
        C3 = "C3", _("third year of conversion")
        AB = "AB", _("organic farming (AB)")

    class CertificationBody(models.TextChoices):
        ECOCERT = "ecocert", "Ecocert"
        CERTIPAQ = "certipaq", "Certipaq"
        BUREAU_VERITAS = "bureau_veritas", "Bureau Veritas"
        CERTISUD = "certisud", "Certisud"
        CERTIS = "certis", "Certis"
        QUALISUD = "qualisud", "Qualisud"
        ALPES_CONTROLES = "alpes_controles", "Alpes Contrôles"
        OCACIA = "ocacia", "Ocacia"
        CONTROL_UNION = "control_union", "Control Union"

    class CertificationState(models.TextChoices):
        DRAFT = "draft", _("draft")
        AUDITED = "audited", _("audited")
        PENDING = "pending", _("pending certification")
        CERTIFIED = "certified", _("certified")

    STAGES_NEEDING_ENGAGEMENT = (Stage.C1, Stage.C2, Stage.C3)
    # What the commune's organic share counts: organic or in conversion, and past the draft.
    COUNTED_STAGES = (Stage.C1, Stage.C2, Stage.C3, Stage.AB)
    COUNTED_STATES = (
        CertificationState.AUDITED,
        CertificationState.PENDING,
        CertificationState.CERTIFIED,
    )

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="organic_parcels",
        verbose_name=_("commune"),
    )
    farmer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organic_parcels",
        null=True,
        blank=True,
        verbose_name=_("farmer"),
        help_text=_("Empty for parcels imported from public data (RPG, Agence Bio)."),
    )
    name = models.CharField(_("name"), max_length=120)
    code_cultu = models.CharField(
        "CODE_CULTU",
        max_length=3,
        help_text=_("Crop code of the RPG (three letters)."),
    )
    crop_group = models.CharField(_("crop group"), max_length=80, blank=True)
    stage = models.CharField(_("conversion stage"), max_length=4, choices=Stage.choices)
    engagement_date = models.DateField(_("engagement date"), null=True, blank=True)
    certification_body = models.CharField(
        _("certification body"),
        max_length=20,
        choices=CertificationBody.choices,
        blank=True,
    )
    certification_state = models.CharField(
        _("certification state"),
        max_length=10,
        choices=CertificationState.choices,
        default=CertificationState.DRAFT,
    )
    campaign_year = models.PositiveSmallIntegerField(_("campaign year"))
    geometry = models.MultiPolygonField(_("geometry"), srid=4326)
    area_ha = models.GeneratedField(
        expression=GeographyAreaHectares("geometry"),
        output_field=models.DecimalField(max_digits=12, decimal_places=4),
        db_persist=True,
        verbose_name=_("area (ha)"),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganicParcelQuerySet.as_manager()

    class Meta:
        verbose_name = _("organic parcel")
        verbose_name_plural = _("organic parcels")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geometry__isvalid=True),
                name="parcel_geometry_valid",
                violation_error_message=_("The outline of the parcel is not a valid shape."),
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=["C1", "C2", "C3"]) | Q(engagement_date__isnull=False),
                name="parcel_engagement_date_for_conversion",
                violation_error_message=_(
                    "A parcel in conversion (C1, C2 or C3) needs the date of its engagement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(code_cultu__regex=r"^[A-Z0-9]{3}$"),
                name="parcel_code_cultu_format",
                violation_error_message=_("The RPG crop code has three capital letters, e.g. BTH."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def counts_as_organic(self) -> bool:
        """Whether the parcel counts in the commune's organic share (active, organic or in
        conversion, certification past the draft): the rule of `counted_as_organic()`."""
        return (
            self.archived_at is None
            and self.stage in self.COUNTED_STAGES
            and self.certification_state in self.COUNTED_STATES
        )

    @property
    def not_counted_reason(self) -> str:
        """Why the parcel does not count in the organic share, in a sentence; "" when it does."""
        if self.archived_at is not None:
            return _("It is archived.")
        if self.stage not in self.COUNTED_STAGES:
            return _("It is farmed conventionally (neither organic nor in conversion).")
        if self.certification_state not in self.COUNTED_STATES:
            return _("Its certification is still a draft: it counts once audited by the body.")
        return ""

    @property
    def etag(self) -> str:
        """The version of the parcel for HTTP (ETag / If-Match): changes with every save."""
        return version_tag(self)


class EcoHousingSite(models.Model):
    """An eco-designed housing operation: a building (point) or a development (outline)."""

    class EnergyLabel(models.TextChoices):
        BBC = "bbc", _("BBC (low-energy building)")
        PASSIVE = "passive", _("passive house")
        BEPOS = "bepos", _("BEPOS (positive-energy building)")
        RE2020 = "re2020", "RE2020"
        HQE = "hqe", _("HQE (high environmental quality)")
        OTHER = "other", _("other")

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="eco_housing_sites",
        verbose_name=_("commune"),
    )
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=255, blank=True)
    dwellings = models.PositiveIntegerField(_("dwellings"))
    social_dwellings = models.PositiveIntegerField(_("social dwellings"), default=0)
    year_delivered = models.PositiveSmallIntegerField(_("year delivered"), null=True, blank=True)
    energy_label = models.CharField(_("energy label"), max_length=10, choices=EnergyLabel.choices)
    description = models.TextField(_("description"), blank=True)
    geometry = models.GeometryField(_("geometry"), srid=4326)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("eco-housing site")
        verbose_name_plural = _("eco-housing sites")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(social_dwellings__lte=models.F("dwellings")),
                name="ecohousing_social_within_total",
                violation_error_message=_("There cannot be more social dwellings than dwellings."),
            ),
            models.CheckConstraint(
                condition=Q(geometry__isvalid=True),
                name="ecohousing_geometry_valid",
                violation_error_message=_("The outline of the site is not a valid shape."),
            ),
        ]

    def __str__(self):
        return self.name


class Equipment(models.Model):
    """A transition equipment of the town: a building's rainwater tank or a solar roof.

    The seed's figures (rainwater tanks on 8 municipal buildings, 35 kWp on the church roof) are
    loaded with approximate positions, flagged so, until the town loads its own survey.
    """

    class Kind(models.TextChoices):
        RAINWATER_TANK = "rainwater_tank", _("rainwater tank")
        SOLAR_ROOF = "solar_roof", _("solar roof")

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="equipment",
        verbose_name=_("commune"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    building = models.CharField(_("building"), max_length=160)
    rainwater_capacity_m3 = models.DecimalField(
        _("rainwater capacity (m³)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    solar_peak_kw = models.DecimalField(
        _("solar peak power (kWp)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    year_installed = models.PositiveSmallIntegerField(_("year installed"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    geometry = models.PointField(_("position"), srid=4326)
    position_approximate = models.BooleanField(
        _("approximate position"),
        default=False,
        help_text=_("The position is an estimate until the town surveys the equipment."),
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["kind", "building"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="rainwater_tank") | Q(rainwater_capacity_m3__gt=0),
                name="equipment_tank_has_capacity",
                violation_error_message=_("A rainwater tank needs its capacity in m³."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="solar_roof") | Q(solar_peak_kw__gt=0),
                name="equipment_solar_roof_has_power",
                violation_error_message=_("A solar roof needs its peak power in kWp."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.building}"


class ParcelEvent(models.Model):
    """What happened to a parcel, by whom and when: the history a certification body audits."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("registered")
        IMPORTED = "imported", _("imported from a file")
        UPDATED = "updated", _("updated")
        ARCHIVED = "archived", _("archived")
        OVERLAP_OVERRIDDEN = "overlap_overridden", _("overlap accepted by a planner")

    parcel = models.ForeignKey(
        OrganicParcel,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("parcel"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("Field: [before, after].")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("parcel event")
        verbose_name_plural = _("parcel events")
        ordering = ["parcel", "at", "pk"]

    def __str__(self):
        return f"{self.parcel} – {self.get_action_display()}"


class ParcelUpload(models.Model):
    """A file of parcels waiting for its farmer's confirmation, kept on the server by token.

    Nothing of it becomes a parcel until the farmer confirms; the preview lists every feature
    with the reason it would be refused.
    """

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    farmer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="parcel_uploads",
        verbose_name=_("farmer"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("commune"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"), blank=True)
    layers = models.JSONField(_("layers"), default=list, blank=True)
    layer = models.CharField(_("layer"), max_length=255, blank=True)
    defaults = models.JSONField(_("values for every parcel"), default=dict, blank=True)
    features = models.JSONField(_("features"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("parcel upload")
        verbose_name_plural = _("parcel uploads")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def accepted(self) -> list[dict]:
        return [f for f in self.features if f["accepted"]]

    @property
    def refused(self) -> list[dict]:
        return [f for f in self.features if not f["accepted"]]


def normalise_siret(value: str) -> str:
    """A SIRET as typed (“123 456 789 00012”, with spaces, dots or dashes) as its 14 digits."""
    return re.sub(r"[\s.\-]", "", value or "")


def validate_siret(value: str) -> None:
    """14 digits whose Luhn key is right; La Poste's establishments follow their own rule."""
    if not re.fullmatch(r"\d{14}", value or ""):
        raise ValidationError(
            _("A SIRET number has 14 digits, without letters."), code="siret_format"
        )
    # La Poste (SIREN 356 000 000) has more establishments than the Luhn key allows: INSEE
    # checks that the sum of the 14 digits is a multiple of 5 instead.
    if value.startswith("356000000") and value != "35600000000048":
        if sum(int(d) for d in value) % 5 == 0:
            return
    elif luhn_valid(value):
        return
    raise ValidationError(
        _("This SIRET number is not valid: check its 14 digits on your Kbis or INSEE notice."),
        code="siret_key",
    )


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


class FarmerApplication(models.Model):
    """A registered person asks for the farmer role; a planner grants or refuses it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="farmer_applications",
        verbose_name=_("applicant"),
    )
    farm_name = models.CharField(_("farm name"), max_length=120)
    siret = models.CharField(
        _("SIRET number"),
        max_length=14,
        validators=[validate_siret],
        help_text=_("The 14 digits of the farm's establishment, on its Kbis or INSEE notice."),
    )
    message = models.TextField(_("message to the planners"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_message = models.TextField(_("answer to the applicant"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("farmer application")
        verbose_name_plural = _("farmer applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status="pending"),
                name="one_pending_farmer_application",
                violation_error_message=_("You already have a request waiting for a decision."),
            ),
        ]

    def __str__(self):
        return f"{self.farm_name} ({self.siret})"


# Every version of these models is kept (the list is in land_use/history.py).
from land_use import history  # noqa: E402, F401

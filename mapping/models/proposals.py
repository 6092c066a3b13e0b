"""Residents' proposals, their status history, comments and supports."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mapping.models.consultations import Consultation
from mapping.querysets import CommentQuerySet, ProposalQuerySet


class Proposal(models.Model):
    """An idea a resident pins on the map: a point, a line or an area."""

    class Category(models.TextChoices):
        HOUSING = "housing", _("housing")
        MOBILITY = "mobility", _("mobility")
        NATURE = "nature", _("nature and biodiversity")
        AGRICULTURE = "agriculture", _("agriculture and food")
        ENERGY = "energy", _("energy")
        HERITAGE = "heritage", _("heritage")
        PUBLIC_SPACE = "public_space", _("public space")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        UNDER_REVIEW = "under_review", _("under review")
        ACCEPTED = "accepted", _("accepted")
        PARTIALLY_ACCEPTED = "partially_accepted", _("partially accepted")
        REJECTED = "rejected", _("rejected")
        IMPLEMENTED = "implemented", _("implemented")
        WITHDRAWN = "withdrawn", _("withdrawn by its author")

    ANSWERED_STATUSES = (
        Status.ACCEPTED,
        Status.PARTIALLY_ACCEPTED,
        Status.REJECTED,
        Status.IMPLEMENTED,
    )
    # The one description of how a planner moves a proposal on (mapping.services.review reads
    # it, and so does the answer form): reviewed, decided, then carried out. A decision may be
    # reopened for review; a withdrawn or implemented proposal stays as it is.
    TRANSITIONS = {
        Status.SUBMITTED: (
            Status.UNDER_REVIEW,
            Status.ACCEPTED,
            Status.PARTIALLY_ACCEPTED,
            Status.REJECTED,
        ),
        Status.UNDER_REVIEW: (Status.ACCEPTED, Status.PARTIALLY_ACCEPTED, Status.REJECTED),
        Status.ACCEPTED: (Status.IMPLEMENTED, Status.UNDER_REVIEW),
        Status.PARTIALLY_ACCEPTED: (Status.IMPLEMENTED, Status.UNDER_REVIEW),
        Status.REJECTED: (Status.UNDER_REVIEW,),
        Status.IMPLEMENTED: (),
        Status.WITHDRAWN: (),
    }

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("commune"),
    )
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
        verbose_name=_("consultation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    geometry = models.GeometryField(_("geometry"), srid=4326)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    is_hidden = models.BooleanField(
        _("hidden by moderation"),
        default=False,
        help_text=_("Hidden proposals stay stored but are shown to nobody but staff."),
    )
    moderation_reason = models.TextField(
        _("reason given by moderation"),
        blank=True,
        help_text=_("Why a moderator hid it: shown to its author, never to the public."),
    )
    answer = models.TextField(_("public answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="answered_proposals",
        null=True,
        blank=True,
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="assigned_proposals",
        null=True,
        blank=True,
        verbose_name=_("planner in charge"),
        help_text=_("The planner who prepares the answer; set from the review queue."),
    )
    zones = models.ManyToManyField(
        "land_use.Zone",
        through="mapping.ProposalZone",
        related_name="proposals",
        blank=True,
        verbose_name=_("land-use zones it touches"),
    )
    heritage_perimeters = models.ManyToManyField(
        "heritage.HeritageSite",
        related_name="proposals_in_perimeter",
        blank=True,
        verbose_name=_("heritage perimeters it falls in"),
    )
    register_number = models.PositiveIntegerField(
        _("number in the inquiry's register"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Observations of a public inquiry are numbered 1, 2, 3… in its register."),
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geometry__isvalid=True),
                name="proposal_geometry_valid",
                violation_error_message=_("The drawing of the proposal is not a valid shape."),
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=["accepted", "partially_accepted", "rejected", "implemented"]
                )
                | ~Q(answer=""),
                name="proposal_answered_status_has_answer",
                violation_error_message=_("A proposal can only be decided with a public answer."),
            ),
            models.UniqueConstraint(
                fields=["consultation", "register_number"],
                name="proposal_one_register_number_per_inquiry",
                violation_error_message=_("This number is already taken in the register."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mapping:proposal-detail", args=[self.pk])

    def next_statuses(self) -> tuple[str, ...]:
        """The statuses a planner may give next, after the current one when its answer may
        be corrected (an answered or reviewed proposal keeps its status with a new answer)."""
        keep = (self.status,) if self.may_keep_status_with_new_answer() else ()
        return keep + tuple(self.TRANSITIONS.get(self.status, ()))

    def may_keep_status_with_new_answer(self) -> bool:
        return self.status in (self.Status.UNDER_REVIEW, *self.ANSWERED_STATUSES)


class ProposalStatusChange(models.Model):
    """One step of a proposal's history, kept so everybody can follow what happened."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("proposal"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Proposal.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Proposal.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at"]

    def __str__(self):
        return f"{self.proposal}: {self.from_status} → {self.to_status}"


class Comment(models.Model):
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("proposal"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=3000)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    moderation_reason = models.TextField(
        _("reason given by moderation"),
        blank=True,
        help_text=_("Why a moderator hid it: shown to its author, never to the public."),
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self):
        return self.body[:60]


class Support(models.Model):
    """A resident's support for a proposal: one per person and proposal, held by the database."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("proposal"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("resident"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"],
                name="support_once_per_person",
                violation_error_message=_("You already support this proposal."),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.proposal}"

"""The land-use zones a proposal touches, with the share of its drawing in each."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProposalZone(models.Model):
    """A proposal in a zone of the plan, with the share of its length or area that lies there.

    Shares are percentages of the part of the drawing inside the plan's zones, measured in the
    commune's projected CRS (never in degrees): a line by its length, an area by its area, a point
    wholly in the zone holding it. They are derived, recomputed by
    `mapping.services.proposal_refresh_spatial_links` and whenever the plan's zones are replaced.
    """

    proposal = models.ForeignKey(
        "mapping.Proposal",
        on_delete=models.CASCADE,
        related_name="zone_shares",
        verbose_name=_("proposal"),
    )
    zone = models.ForeignKey(
        "land_use.Zone",
        on_delete=models.CASCADE,
        related_name="proposal_shares",
        verbose_name=_("land-use zone"),
    )
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("share of a proposal in a zone")
        verbose_name_plural = _("shares of proposals in zones")
        ordering = ["-share", "zone__libelle"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "zone"], name="proposal_zone_once"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100),
                name="proposal_zone_share_percent",
                violation_error_message=_("A share is a percentage between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.proposal} — {self.zone} ({self.share} %)"

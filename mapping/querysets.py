from datetime import timedelta

from django.db import models
from django.db.models import ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from territory.querysets import SpatialQuerySet


class ConsultationQuerySet(models.QuerySet):
    def open_at(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class ProposalQuerySet(SpatialQuerySet):
    def visible_to(self, user, *, now=None):
        """What `user` sees: planners, moderators and the commissioner everything; everyone
        else what moderation has not hidden and what is published, and always their own."""
        from mapping.permissions import may_read_register, may_see_hidden
        from territory.communes import staff_communes

        author = user if user is not None and user.is_authenticated else None
        public = self.filter(is_hidden=False).published(now, or_author=author)
        if not (may_see_hidden(user) or may_read_register(user)):
            return public
        if user.is_superuser:
            return self
        # Staff see everything in the communes they serve, and elsewhere what anyone sees.
        served = Q(commune__insee__in=staff_communes(user))
        return self.filter(served | Q(pk__in=public.values("pk")))

    def published(self, now=None, *, or_author=None):
        """Observations of a public inquiry are public once the consultation's publication
        delay has passed since they were sent; other proposals at once. `or_author` also
        keeps that person's own observations, which they always see."""
        now = now or timezone.now()
        published_at = ExpressionWrapper(
            F("created_at")
            + ExpressionWrapper(
                F("consultation__publication_delay_hours") * Value(timedelta(hours=1)),
                output_field=models.DurationField(),
            ),
            output_field=models.DateTimeField(),
        )
        rule = ~Q(consultation__kind="inquiry") | Q(published_at__lte=now)
        if or_author is not None:
            rule |= Q(author=or_author)
        return self.alias(published_at=published_at).filter(rule)

    def with_support_count(self):
        return self.annotate(support_count=support_count())


def support_count():
    """How many supports a proposal has, as an expression for any queryset of proposals.

    A subquery per proposal, not a JOIN grouped by proposal: a page of the 50 newest counts
    the supports of those 50, a tile those of its rows, and a count() of the page ignores it,
    instead of grouping every support of 50,000 proposals first (half a second each time).
    """
    from mapping.models import Support  # the models import this module

    supports = (
        Support.objects.filter(proposal=models.OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(supports, output_field=models.IntegerField()), Value(0))


class CommentQuerySet(models.QuerySet):
    def shown(self):
        """The comments shown under a proposal: neither deleted by their author nor hidden by
        moderation."""
        return self.filter(deleted_at__isnull=True, is_hidden=False)

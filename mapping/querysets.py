from django.db import models
from django.utils import timezone

from territory.querysets import SpatialQuerySet


class ConsultationQuerySet(models.QuerySet):
    def open_at(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class ProposalQuerySet(SpatialQuerySet):
    def visible_to(self, user):
        """Hidden proposals are shown to planners and moderators only; everyone else sees
        the rest."""
        from mapping.permissions import may_see_hidden

        if may_see_hidden(user):
            return self
        return self.filter(is_hidden=False)

    def with_support_count(self):
        return self.annotate(support_count=models.Count("supports", distinct=True))


class CommentQuerySet(models.QuerySet):
    def shown(self):
        """The comments shown under a proposal: neither deleted by their author nor hidden by
        moderation."""
        return self.filter(deleted_at__isnull=True, is_hidden=False)

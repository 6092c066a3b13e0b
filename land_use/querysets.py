from territory.querysets import SpatialQuerySet


class ZoneQuerySet(SpatialQuerySet):
    """Zones of the land-use plan: the shared spatial filters."""


class OrganicParcelQuerySet(SpatialQuerySet):
    def active(self):
        """Parcels that count today: not archived."""
        return self.filter(archived_at__isnull=True)

    def counted_as_organic(self):
        """Active parcels certified organic or in conversion, the ones the organic share counts."""
        model = self.model
        return self.active().filter(
            stage__in=model.COUNTED_STAGES, certification_state__in=model.COUNTED_STATES
        )

    def of_farmer(self, user):
        return self.filter(farmer=user)

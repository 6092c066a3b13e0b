from territory.querysets import SpatialQuerySet, in_storage_srid


class HeritageSiteQuerySet(SpatialQuerySet):
    def with_perimeter_touching(self, geometry):
        """Sites whose protection perimeter the geometry enters."""
        return self.filter(protection_perimeter__intersects=in_storage_srid(geometry))

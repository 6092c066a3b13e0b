"""The small maps' layers (a proposal's page, a consultation's), as GeoJSON built by PostGIS.

The layers, their rows and their columns are the catalogue's (territory.catalogue): only the
public columns marked for the map leave the database here, never a personal one (no farmer's
identity, no author's account, just the display name residents chose to show), and only the
proposals the person may see.
"""

from dataclasses import dataclass

from mapping.models import Proposal
from territory.catalogue import Layer as CatalogueLayer
from territory.catalogue import layer
from territory.geojson import feature_collection
from territory.models import Commune


@dataclass(frozen=True)
class Layer:
    key: str
    name: str
    geojson: str


def features(entry: CatalogueLayer, queryset) -> str:
    """The map columns of `queryset`'s rows as a GeoJSON FeatureCollection, written by PostGIS."""
    names = [column.name for column in entry.map_columns()]
    return feature_collection(entry.map_queryset(queryset), names, entry.geometry_field)


def commune_layer(commune: Commune) -> str:
    return features(layer("communes"), layer("communes").rows(commune, None))


def proposals_layer(
    commune: Commune, user, *, only: Proposal | None = None, consultation=None
) -> str:
    """The proposals of the commune the user may see, or just `only` (for its own page), or
    those of one `consultation` (for its page)."""
    entry = layer("proposals")
    if consultation is not None:
        return features(entry, entry.rows(commune, user).filter(consultation=consultation))
    if only is None:
        return features(entry, entry.rows(commune, user))
    # Its own page shows a proposal even once withdrawn, if the person may see it.
    return features(entry, Proposal.objects.visible_to(user).filter(pk=only.pk))

"""The territory's layer in the catalogue: the commune's boundary."""

from django.utils.translation import gettext_lazy as _

from territory.catalogue import INT, OUTLINE, Column, Layer, Style, register
from territory.models import Commune

COMMUNE_COLOUR = "#222222"


def _communes(commune, user):
    return Commune.objects.filter(pk=commune.pk) if commune is not None else Commune.objects.all()


register(
    Layer(
        key="communes",
        title=_("Communes"),
        description=_("Boundary of the commune."),
        rows=_communes,
        columns=(
            Column("insee", map=True),
            Column("name", map=True),
            Column("projected_srid", INT),
        ),
        geometry_field="boundary",
        style=Style(colour=COMMUNE_COLOUR, fill=OUTLINE),
        order=10,
        map_key="commune",
        map_title=_("Commune boundary"),
    )
)

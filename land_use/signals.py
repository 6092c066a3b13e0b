"""Signals the land-use app sends, so the apps above it follow without land_use importing them."""

from django.dispatch import Signal

# Sent once the zones of a commune's plan have been replaced (a CNIG import), after the commit,
# with `commune_id`: the participatory map measures its proposals' shares in the zones again.
zones_replaced = Signal()

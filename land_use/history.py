"""The land-use plan's versioned models: the one list of what this app keeps every version of
(territory.history holds the machinery). Imported by land_use.models as it loads."""

from land_use.models import EcoHousingSite, OrganicParcel, PlanDocument, Zone
from territory.history import versioned

PLANS = versioned(PlanDocument, key="plans")
ZONES = versioned(Zone, key="zones")
PARCELS = versioned(OrganicParcel, key="parcels")
ECO_HOUSING = versioned(EcoHousingSite, key="eco-housing")

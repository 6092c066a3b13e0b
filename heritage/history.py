"""Heritage's versioned models: the one list of what this app keeps every version of
(territory.history holds the machinery). Imported by heritage.models as it loads."""

from heritage.models import HeritageSite
from territory.history import versioned

HERITAGE = versioned(HeritageSite, key="heritage")

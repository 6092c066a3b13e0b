"""Who may write organic parcels: the rule the services and the API's permission class share."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import is_farmer, is_planner
from territory.communes import staff_serves


def may_write_parcels(user) -> bool:
    """Farmers write their own parcels; planners write any (corrections, bulk imports)."""
    return is_farmer(user) or is_planner(user)


def may_edit_parcel(user, parcel) -> bool:
    """A planner edits any parcel of the communes they serve; a farmer only their own."""
    if is_planner(user) and staff_serves(user, parcel.commune):
        return True
    return parcel.farmer_id is not None and parcel.farmer_id == user.pk


class ParcelPermission(BasePermission):
    """Everyone reads; farmers and planners write; a farmer writes only their own parcels."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return may_write_parcels(request.user)

    def has_object_permission(self, request, view, parcel):
        if request.method in SAFE_METHODS:
            return True
        return may_edit_parcel(request.user, parcel)

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import is_farmer, is_planner


class ParcelPermission(BasePermission):
    """Everyone reads; farmers and planners write; a farmer writes only their own parcels."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return is_farmer(request.user) or is_planner(request.user)

    def has_object_permission(self, request, view, parcel):
        if request.method in SAFE_METHODS:
            return True
        if is_planner(request.user):
            return True
        return parcel.farmer_id is not None and parcel.farmer_id == request.user.pk

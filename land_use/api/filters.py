import django_filters
from django.db.models import Q

from land_use.crops import crops
from land_use.models import OrganicParcel


class ParcelFilter(django_filters.FilterSet):
    commune = django_filters.CharFilter(field_name="commune__insee", label="INSEE code")
    crop_group = django_filters.CharFilter(method="filter_crop_group", label="crop group")
    code_cultu = django_filters.CharFilter(field_name="code_cultu", lookup_expr="iexact")
    mine = django_filters.BooleanFilter(method="filter_mine", label="only my parcels")

    class Meta:
        model = OrganicParcel
        fields = ["commune", "stage", "crop_group", "code_cultu", "certification_state"]

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None and self.request.user.is_authenticated:
            return queryset.filter(farmer=self.request.user)
        return queryset

    def filter_crop_group(self, queryset, name, value):
        """By the group's label or RPG group code; parcels whose group was not stored (loaded
        from public data) are found through their crop code."""
        wanted = value.strip().lower()
        codes = [
            c.code
            for c in crops().values()
            if c.group_label.lower() == wanted or str(c.group_code) == wanted
        ]
        return queryset.filter(Q(crop_group__iexact=value.strip()) | Q(code_cultu__in=codes))

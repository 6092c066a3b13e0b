import django_filters

from land_use.models import OrganicParcel


class ParcelFilter(django_filters.FilterSet):
    commune = django_filters.CharFilter(field_name="commune__insee", label="INSEE code")
    crop_group = django_filters.CharFilter(field_name="crop_group", lookup_expr="iexact")
    code_cultu = django_filters.CharFilter(field_name="code_cultu", lookup_expr="iexact")
    mine = django_filters.BooleanFilter(method="filter_mine", label="only my parcels")

    class Meta:
        model = OrganicParcel
        fields = ["commune", "stage", "crop_group", "code_cultu", "certification_state"]

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None and self.request.user.is_authenticated:
            return queryset.filter(farmer=self.request.user)
        return queryset

import django_filters
from django.db.models import Q

from mapping.models import Comment, Proposal


class ProposalFilter(django_filters.FilterSet):
    """`?category=`, `?status=`, `?consultation=<id>`, `?commune=<insee>`, `?search=<words>`."""

    commune = django_filters.CharFilter(field_name="commune__insee", label="INSEE code")
    search = django_filters.CharFilter(method="filter_search", label="words in title or text")

    class Meta:
        model = Proposal
        fields = ["category", "status", "consultation", "commune"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset


class CommentFilter(django_filters.FilterSet):
    class Meta:
        model = Comment
        fields = ["proposal"]

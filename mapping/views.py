"""Pages of the participatory map. Views stay thin: selectors read, services write."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render

from land_use.selectors import organic_share
from mapping.models import Proposal
from mapping.webmap.builder import build_commune_map, render_map_parts
from mapping.webmap.legend import legend_sections, map_config
from territory.models import Commune


def map_page(request, insee=None):
    """The commune's map: `/` for the default commune, `/communes/<insee>/` for another."""
    commune = get_object_or_404(Commune, insee=insee or settings.DEFAULT_COMMUNE_INSEE)
    parts = render_map_parts(build_commune_map(commune, user=request.user))
    proposals = (
        Proposal.objects.in_commune(commune)
        .visible_to(request.user)
        .exclude(status=Proposal.Status.WITHDRAWN)
        .order_by("-created_at")
    )
    return render(
        request,
        "mapping/map.html",
        {
            "commune": commune,
            "map": parts,
            "map_config": map_config(),
            "legend": legend_sections(),
            "proposals": proposals,
            "organic_share": organic_share(commune),
        },
    )


def proposal_detail(request, pk):
    proposal = get_object_or_404(Proposal.objects.visible_to(request.user), pk=pk)
    return render(request, "mapping/proposal_detail.html", {"proposal": proposal})

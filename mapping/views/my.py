"""A resident's own pages: "Mes propositions", each with its status and the town's answer."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mapping import selectors


@login_required
def my_proposals(request):
    return render(
        request,
        "mapping/my_proposals.html",
        {"proposals": selectors.my_proposals(user=request.user)},
    )

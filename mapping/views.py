from django.http import HttpResponse


def map_page(request, insee=None):
    return HttpResponse("map")


def proposal_detail(request, pk):
    return HttpResponse("proposal")

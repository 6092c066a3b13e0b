from django.urls import path

from mapping.views import dossier
from mapping.views import proposals as views

app_name = "mapping"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("communes/<insee:insee>/", views.map_page, name="commune-map"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/support/", views.proposal_support, name="proposal-support"),
    path("proposals/<int:pk>/comments/", views.comment_create, name="comment-create"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path("proposals/<int:pk>/report/", views.proposal_report, name="proposal-report"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment-report"),
    # The record of a consultation (bilan de la concertation): the printable page and its files.
    path("consultations/<int:pk>/dossier/", dossier.dossier_page, name="consultation-dossier"),
    path("consultations/<int:pk>/dossier.gpkg", dossier.dossier_gpkg, name="dossier-gpkg"),
    path("consultations/<int:pk>/dossier.csv", dossier.dossier_csv, name="dossier-csv"),
]

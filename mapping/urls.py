from django.urls import path

from mapping.views import consultations, dossier, fifty_fifty, my, review
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
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal-answer"),
    path("proposals/<int:pk>/follow/", views.proposal_follow, name="proposal-follow"),
    path("my/proposals/", my.my_proposals, name="my-proposals"),
    # Fifty-fifty projects: the town funds half of a collective's project.
    path("fifty-fifty/", fifty_fifty.fifty_fifty_list, name="fifty-fifty-list"),
    path("fifty-fifty/<int:pk>/", fifty_fifty.fifty_fifty_detail, name="fifty-fifty-detail"),
    path("fifty-fifty/<int:pk>/edit/", fifty_fifty.fifty_fifty_edit, name="fifty-fifty-edit"),
    path("fifty-fifty/<int:pk>/status/", fifty_fifty.fifty_fifty_move, name="fifty-fifty-move"),
    path(
        "proposals/<int:pk>/fifty-fifty/", fifty_fifty.fifty_fifty_apply, name="fifty-fifty-apply"
    ),
    path("consultations/", consultations.consultation_list, name="consultation-list"),
    path("consultations/new/", consultations.consultation_create, name="consultation-create"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/edit/", consultations.consultation_edit, name="consultation-edit"),
    path(
        "consultations/<int:pk>/follow/",
        consultations.consultation_follow,
        name="consultation-follow",
    ),
    path(
        "consultations/<int:pk>/observations.csv",
        consultations.consultation_observations_csv,
        name="consultation-observations-csv",
    ),
    path(
        "consultations/<int:pk>/report/",
        consultations.consultation_report_upload,
        name="consultation-report-upload",
    ),
    path(
        "consultations/<int:pk>/report.pdf",
        consultations.consultation_report,
        name="consultation-report",
    ),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment-report"),
    path("review/", review.review_queue, name="review"),
    path("review/<int:pk>/assign/", review.review_assign, name="review-assign"),
    path("review/<int:pk>/answer/", review.review_answer, name="review-answer"),
    # The record of a consultation (bilan de la concertation): the printable page and its files.
    path("consultations/<int:pk>/dossier/", dossier.dossier_page, name="consultation-dossier"),
    path("consultations/<int:pk>/dossier.gpkg", dossier.dossier_gpkg, name="dossier-gpkg"),
    path("consultations/<int:pk>/dossier.csv", dossier.dossier_csv, name="dossier-csv"),
]

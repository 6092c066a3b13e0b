from django.urls import path

from mapping.views import (
    consultations,
    dossier,
    fifty_fifty,
    history,
    key_figures,
    map_layers,
    meetings,
    moderation,
    my,
    open_data,
    review,
)
from mapping.views import proposals as views

app_name = "mapping"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("communes/<insee:insee>/", views.map_page, name="commune-map"),
    path("communes/", views.commune_switch, name="commune-switch"),
    path("map/layers/<slug:key>.geojson", map_layers.map_layer, name="map-layer"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/support/", views.proposal_support, name="proposal-support"),
    path("proposals/<int:pk>/comments/", views.comment_create, name="comment-create"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path("proposals/<int:pk>/report/", views.proposal_report, name="proposal-report"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal-answer"),
    path("proposals/<int:pk>/follow/", views.proposal_follow, name="proposal-follow"),
    path("my/proposals/", my.my_proposals, name="my-proposals"),
    path("history/<slug:key>/<int:pk>/", history.record_history, name="record-history"),
    path("open-data/", open_data.open_data, name="open-data"),
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
    path("moderation/", moderation.moderation_page, name="moderation"),
    # People first: "people" would otherwise be read as a kind of content.
    path(
        "moderation/people/<int:pk>/<str:action>/",
        moderation.moderation_person,
        name="moderation-person",
    ),
    path(
        "moderation/<str:kind>/<int:pk>/<str:action>/",
        moderation.moderation_content,
        name="moderation-content",
    ),
    # The record of a consultation (bilan de la concertation): the printable page and its files.
    path("consultations/<int:pk>/dossier/", dossier.dossier_page, name="consultation-dossier"),
    path("consultations/<int:pk>/dossier.gpkg", dossier.dossier_gpkg, name="dossier-gpkg"),
    path("consultations/<int:pk>/dossier.csv", dossier.dossier_csv, name="dossier-csv"),
    path("key-figures/", key_figures.key_figures_page, name="key-figures"),
    path("key-figures/key-figures.csv", key_figures.key_figures_csv, name="key-figures-csv"),
    # Public meetings: the list with its map and counts, a meeting, its minutes, the planners' form.
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/minutes.pdf", meetings.meeting_minutes_pdf, name="meeting-minutes"),
]

from django.urls import path

from mapping import views

app_name = "mapping"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("communes/<str:insee>/", views.map_page, name="commune-map"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
]

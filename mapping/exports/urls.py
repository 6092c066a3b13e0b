from django.urls import path

from mapping.exports import views

app_name = "exports"

urlpatterns = [
    path("atlas.gpkg", views.atlas, name="atlas"),
    path("zone_urba.zip", views.zone_urba, name="zone-urba"),
    path("<slug:collection>.geojson", views.collection_geojson, name="geojson"),
    path("<slug:collection>.csv", views.collection_csv, name="csv"),
]

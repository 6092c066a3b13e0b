from django.urls import path

from land_use import views

app_name = "land_use"

urlpatterns = [
    path("parcels/", views.my_parcels, name="my-parcels"),
    path("parcels/all/", views.all_parcels, name="all-parcels"),
    path("parcels/new/", views.parcel_create, name="parcel-create"),
    path("parcels/<int:pk>/edit/", views.parcel_edit, name="parcel-edit"),
    path("parcels/<int:pk>/archive/", views.parcel_archive_view, name="parcel-archive"),
    path("parcels/upload/", views.upload_start, name="upload"),
    path("parcels/upload/<uuid:token>/", views.upload_preview, name="upload-preview"),
    path("parcels/upload/<uuid:token>/confirm/", views.upload_confirm, name="upload-confirm"),
    path("become-farmer/", views.become_farmer, name="become-farmer"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application-decide"),
]

from django.urls import path

from territory import views

app_name = "tiles"

urlpatterns = [
    path("<slug:collection>/<int:z>/<int:x>/<int:y>.mvt", views.vector_tile, name="tile"),
]

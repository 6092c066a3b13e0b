from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    # Before allauth's own, at the same address (config/urls.py includes this file first).
    path("signup/", views.signup, name="signup"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data.json", views.my_data_download, name="my-data-download"),
    path("delete/", views.delete_account, name="delete"),
    path("api-token/", views.api_token, name="api-token"),
]

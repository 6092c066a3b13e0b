from django.urls import path

from mapping.ogc import views

app_name = "ogc"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("api", views.openapi, name="openapi"),
    path("conformance", views.conformance, name="conformance"),
    path("collections", views.collections, name="collections"),
    path("collections/<slug:collection_id>", views.collection, name="collection"),
    path("collections/<slug:collection_id>/schema", views.schema, name="schema"),
    path("collections/<slug:collection_id>/queryables", views.queryables, name="queryables"),
    path("collections/<slug:collection_id>/items", views.items, name="items"),
    path("collections/<slug:collection_id>/items/<int:feature_id>", views.item, name="item"),
]

from django.urls import path, re_path

from apps.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("catalog.jsonld", views.catalogue_jsonld, name="catalogue_jsonld"),
    re_path(r"^(?P<name>[-a-z0-9_]+)\.(?P<fmt>csv|json|geojson)$", views.download, name="download"),
    path("<slug:name>/", views.dataset, name="dataset"),
]

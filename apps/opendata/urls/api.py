from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from apps.opendata import views
from apps.opendata.api import api_router

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    *api_router().urls,
]

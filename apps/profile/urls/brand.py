from django.urls import path

from apps.profile.views import brand as views

app_name = "brand"

urlpatterns = [
    path("", views.brand_toolkit, name="index"),
    path("guidelines.pdf", views.guidelines_pdf, name="guidelines"),
]

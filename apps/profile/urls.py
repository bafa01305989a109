from django.urls import path

from apps.profile import views

app_name = "profile"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("add/", views.organisation_add, name="add"),
    path("add/check-your-email/", views.organisation_submitted, name="submitted"),
    path("update/<str:reference>/", views.organisation_edit, name="edit"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]

from django.urls import path

from apps.profile.views import directory as views

app_name = "profile"

urlpatterns = [
    path("", views.DirectoryPage.as_view(), name="directory"),
    path("add/", views.organisation_add, name="add"),
    path("add/check-your-email/", views.organisation_submitted, name="submitted"),
    path("update/<str:reference>/", views.organisation_edit, name="edit"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]

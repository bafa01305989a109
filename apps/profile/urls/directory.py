from django.urls import path

from apps.core.views import check_your_email
from apps.profile.views import directory as views

app_name = "profile"

urlpatterns = [
    path("", views.DirectoryPage.as_view(), name="directory"),
    path("add/", views.organisation_add, name="add"),
    path(
        "add/check-your-email/",
        check_your_email,
        {"template": "profile/submitted.html", "start": "profile:add"},
        name="submitted",
    ),
    path("update/<str:reference>/", views.organisation_edit, name="edit"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]

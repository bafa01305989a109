from django.urls import path

from apps.core.views import check_your_email
from apps.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.ProgrammeListPage.as_view(), name="index"),
    path(
        "change/check-your-email/",
        check_your_email,
        {"template": "programmes/change_sent.html", "start": "programmes:index"},
        name="change_sent",
    ),
    path("change/update/<str:reference>/", views.change_edit, name="change_edit"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/propose-a-change/", views.propose_change, name="propose"),
]

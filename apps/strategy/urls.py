from django.urls import path, re_path

from apps.core.views import check_your_email
from apps.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("actions/", views.ActionListPage.as_view(), name="actions"),
    path("actions/<slug:slug>/", views.action_detail, name="action"),
    path("actions/<slug:slug>/report/", views.action_report, name="report"),
    path(
        "report/check-your-email/",
        check_your_email,
        {"template": "strategy/report_sent.html", "start": "strategy:actions"},
        name="report_sent",
    ),
    path("report/update/<str:reference>/", views.report_edit, name="report_edit"),
    path("changes/", views.changes, name="changes"),
    path("feed/", views.UpdateFeed(), name="feed"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator"),
    re_path(
        r"^indicators/(?P<slug>[-a-z0-9]+)\.(?P<fmt>csv|json)$",
        views.indicator_download,
        name="indicator_download",
    ),
]

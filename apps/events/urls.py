from django.urls import path

from apps.core.views import check_your_email
from apps.events import views

app_name = "events"

urlpatterns = [
    path("", views.EventListPage.as_view(), name="index"),
    path("past/", views.EventListPage.as_view(past=True), name="past"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("add/", views.event_add, name="add"),
    path(
        "add/check-your-email/",
        check_your_email,
        {"template": "events/submitted.html", "start": "events:add"},
        name="submitted",
    ),
    path("update/<str:reference>/", views.event_edit, name="edit"),
    path("cancel/<str:reference>/", views.event_cancel, name="cancel"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/", views.event_detail, name="detail"),
]

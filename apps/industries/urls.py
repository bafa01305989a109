from django.urls import path

from apps.core.views import check_your_email
from apps.industries import views

app_name = "industries"

urlpatterns = [
    path("", views.industry_index, name="index"),
    path(
        "find-a-partner/check-your-email/",
        check_your_email,
        {"template": "industries/request_sent.html", "start": "industries:index"},
        name="request_sent",
    ),
    path("<slug:slug>/", views.IndustryPage.as_view(), name="detail"),
    path("<slug:slug>/find-a-partner/", views.find_partner, name="find_partner"),
]

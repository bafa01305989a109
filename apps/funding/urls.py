from django.urls import path

from apps.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.OpportunityListPage.as_view(), name="index"),
    path("ask/", views.ask, name="ask"),
    path("ask/thank-you/", views.thanks, name="thanks"),
    path("<slug:slug>/", views.opportunity_detail, name="detail"),
]

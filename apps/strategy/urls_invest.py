from django.urls import path

from apps.strategy import views

app_name = "invest"

urlpatterns = [
    path("", views.invest_front_door, name="index"),
    path("sector-profile.pdf", views.sector_profile, name="profile_pdf"),
    path("enquiry/", views.invest_enquiry, name="enquiry"),
    path("enquiry/thank-you/", views.invest_thanks, name="thanks"),
]

from django.urls import path

from apps.core.views import check_your_email
from apps.people import views

app_name = "people"

urlpatterns = [
    path("", views.skills_map, name="skills_map"),
    path("survey/", views.survey, name="survey"),
    path(
        "survey/check-your-email/",
        check_your_email,
        {"template": "people/survey_submitted.html", "start": "people:survey"},
        name="survey_submitted",
    ),
    path("survey/response/<str:reference>/", views.response_detail, name="response"),
    path("courses/", views.CourseListPage.as_view(), name="courses"),
]

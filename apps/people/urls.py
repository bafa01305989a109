from django.urls import path

from apps.people import views

app_name = "people"

urlpatterns = [
    path("", views.skills_map, name="skills_map"),
    path("survey/", views.survey, name="survey"),
    path("survey/check-your-email/", views.survey_submitted, name="survey_submitted"),
    path("survey/response/<str:reference>/", views.response_detail, name="response"),
    path("courses/", views.CourseListPage.as_view(), name="courses"),
]

from django.urls import path

from apps.profile.views import stories as views

app_name = "stories"

urlpatterns = [
    path("", views.StoryListPage.as_view(), name="index"),
    path("feed/", views.StoryFeed(), name="feed"),
    path("preview/<int:pk>/", views.story_preview, name="preview"),
    path("<slug:slug>/", views.story_detail, name="detail"),
]

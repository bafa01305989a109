from django.urls import path

from apps.profile import views_stories as views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="index"),
    path("feed/", views.StoryFeed(), name="feed"),
    path("preview/<int:pk>/", views.story_preview, name="preview"),
    path("<slug:slug>/", views.story_detail, name="detail"),
]

from django.conf import settings
from django.urls import path

from apps.core import views
from apps.core.web.uploads import kept_upload_view

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("link/", views.link, name="link"),
    path("link/<str:token>/", views.link_refused),
    path("status/<str:reference>/", views.status, name="status"),
    path("status/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("link/confirmed/for-your-business/", views.vouched, name="vouched"),
    path("manage/", views.manage, name="manage"),
    path("manage/sent/", views.manage_sent, name="manage_sent"),
    path("uploads/kept/<str:token>/", kept_upload_view, name="kept_upload"),
    path("search/", views.search_page, name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("about/", views.page, {"template": "about"}, name="about"),
    path("accessibility/", views.page, {"template": "accessibility"}, name="accessibility"),
    path("privacy/", views.page, {"template": "privacy"}, name="privacy"),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor", views.bench_floor, name="bench_floor"))

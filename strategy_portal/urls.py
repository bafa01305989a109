from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from apps.profile.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("apps.core.urls")),
    path("directory/", include("apps.profile.urls")),
    path("data/", include("apps.opendata.urls")),
    path("api/v1/", include("apps.opendata.api_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

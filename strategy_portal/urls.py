from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from apps.profile.views import home

admin.site.site_header = "Newcastle Gateshead Tech: staff"
admin.site.site_title = "Newcastle Gateshead Tech staff"
admin.site.index_title = "Run the portal"

urlpatterns = [
    path("", home, name="home"),
    path("", include("apps.core.urls")),
    path("directory/", include("apps.profile.urls")),
    path("spaces/", include("apps.place.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from apps.profile.views.directory import home
from apps.strategy.views import ecosystem_dashboard
from strategy_portal.sitemaps import SITEMAPS

urlpatterns = [
    path("", home, name="home"),
    path("", include("apps.core.urls")),
    path("directory/", include("apps.profile.urls.directory")),
    path("stories/", include("apps.profile.urls.stories")),
    path("brand/", include("apps.profile.urls.brand")),
    path("funding/", include("apps.funding.urls")),
    path("skills/", include("apps.people.urls")),
    path("spaces/", include("apps.place.urls")),
    path("strategy/", include("apps.strategy.urls")),
    path("events/", include("apps.events.urls")),
    path("programmes/", include("apps.programmes.urls")),
    path("industries/", include("apps.industries.urls")),
    path("ecosystem/", ecosystem_dashboard, name="ecosystem"),
    path("invest/", include("apps.strategy.urls_invest")),
    path("data/", include("apps.opendata.urls.data")),
    path("api/v1/", include("apps.opendata.urls.api")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

# Under /api/ errors are JSON, as the API's own are; elsewhere, the site's error pages
# (and a database outage met in middleware is a 503 there too: core.views.server_error).
handler400 = "apps.opendata.views.error_400"
handler404 = "apps.opendata.views.error_404"
handler500 = "apps.opendata.views.error_500"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

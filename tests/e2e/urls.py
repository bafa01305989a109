"""The site's URLs plus uploaded media, which the site serves itself only with DEBUG on
(in production object storage serves it). Browser tests run with DEBUG off, as
production does, and need logos to load."""

from django.conf import settings
from django.urls import path
from django.views.static import serve

from strategy_portal.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # MEDIA_ROOT is read per request: tests point it at a fresh temporary folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [path("media/<path:path>", media), *site_urlpatterns]

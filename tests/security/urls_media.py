"""The site's URLs plus media serving as with DEBUG on (static() adds nothing when
DEBUG is off, as in the test settings)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from strategy_portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]

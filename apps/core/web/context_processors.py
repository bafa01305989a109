from django.conf import settings
from django.urls import NoReverseMatch, reverse

# Main navigation. Each theme app adds its page by URL name; entries whose app is not
# installed yet are left out, so core never imports a theme app.
NAV = [
    ("Businesses", "profile:directory"),
    ("Office space", "place:search"),
    ("Skills", "people:skills_map"),
    ("Funding", "funding:index"),
    ("Events", "events:index"),
    ("Programmes", "programmes:index"),
    ("Stories", "stories:index"),
    ("Strategy", "strategy:overview"),
    ("Open data", "opendata:catalogue"),
    ("Brand", "brand:index"),
]
_resolved = None


def _nav():
    global _resolved
    if _resolved is None:
        items = []
        for label, name in NAV:
            try:
                items.append((label, reverse(name)))
            except NoReverseMatch:
                continue
        _resolved = items
    return _resolved


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "feedback_email": settings.STAFF_NOTIFY_EMAIL,
        "nav_items": [
            {"label": label, "url": url, "current": request.path.startswith(url)}
            for label, url in _nav()
        ],
    }


def maps(request):
    """The base map's tiles and attribution, for every page that draws a map."""
    return {"map_tiles": settings.MAP_TILE_URL, "map_attribution": settings.MAP_TILE_ATTRIBUTION}

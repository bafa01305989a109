from django.conf import settings
from django.urls import NoReverseMatch, reverse

# Main navigation. Each theme app adds its page by URL name; entries whose app is not
# installed yet are left out, so core never imports a theme app.
NAV = [
    ("Businesses", "profile:directory"),
    ("Office space", "place:search"),
    ("Skills", "people:skills_map"),
    ("Funding", "funding:index"),
    ("Programmes", "programmes:index"),
    ("Stories", "stories:index"),
    ("Strategy", "strategy:overview"),
    ("Open data", "opendata:catalogue"),
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

"""Sections that other apps add to an organisation's profile page.

Profile cannot import the themes (imports go one way), so a theme whose rows belong to an
organisation registers a `ProfileSection` in its `AppConfig.ready()`. Place lists the
buildings an organisation lets (a landlord's page). An app for support organisations'
programmes and events would register its section the same way, with
`roles=(Organisation.Role.SUPPORT,)`; nothing else in profile changes.

The home page takes sections the same way (`HomeSection`): events register the next few
events, programmes those open for applications now.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ProfileSection:
    key: str  # unique; the section's id on the page
    title: str  # its heading; "{name}" becomes the organisation's name
    template: str  # renders `items` (a list) and `organisation`
    # The rows to show for one organisation: published ones only, with what the
    # template reads (select_related / prefetch_related).
    items: Callable[..., QuerySet]
    roles: tuple[str, ...] = ()  # the roles it applies to; () means every role


_registry: dict[str, ProfileSection] = {}


def register(section):
    _registry[section.key] = section


def sections_for(organisation):
    """The registered sections that have something to show for this organisation, as
    dicts with `key`, `title`, `template` and `items`, in registration order."""
    shown = []
    for section in _registry.values():
        if section.roles and organisation.role not in section.roles:
            continue
        items = list(section.items(organisation))
        if items:
            shown.append(
                {
                    "key": section.key,
                    "title": section.title.format(name=organisation.name),
                    "template": section.template,
                    "items": items,
                }
            )
    return shown


@dataclass(frozen=True)
class HomeSection:
    """A section another app adds to the home page, such as the next few events."""

    key: str  # unique; the section's id on the page
    title: str  # its heading
    template: str  # renders `section` (this dict: items, title, key, more_url) and `today`
    # The rows to show, given (now, today): published ones only, at most a few, with what
    # the template reads, in a constant number of queries.
    items: Callable[..., list]
    more_url_name: str = ""  # the page that lists them all
    more_text: str = ""


_home_registry: dict[str, HomeSection] = {}


def register_home(section):
    _home_registry[section.key] = section


def home_sections(now, today):
    """The registered home-page sections that have something to show, as dicts, in
    registration order. The home page is cached per day (pagecache), so `today` is the
    day of the cached copy."""
    from django.urls import reverse

    shown = []
    for section in _home_registry.values():
        items = list(section.items(now, today))
        if items:
            shown.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "template": section.template,
                    "items": items,
                    "more_url": reverse(section.more_url_name) if section.more_url_name else "",
                    "more_text": section.more_text,
                }
            )
    return shown

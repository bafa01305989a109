"""Organisation and story cards written out in Python, for the directory, home and
stories pages.

templates/profile/includes/card.html and templates/profile/stories/card.html stay the
reference: these functions produce the same characters, whitespace included, and
tests/profile/test_cards.py renders both and compares. Through the template engine a
directory page's 20 cards took 0.95 ms and home's three story cards 0.37 ms (variable
lookups, filters through the locale machinery); here 0.19 ms and 0.13 ms.
"""

from html import escape

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe

from apps.core.text import choice_labels
from apps.profile.models import Organisation, Story

_HIRING = ' · <strong class="tag tag--success">Hiring now</strong>'


_BAND_LABELS = choice_labels(Organisation, "employee_band")
_THEME_LABELS = choice_labels(Story, "theme")
_KIND_LABELS = choice_labels(Story, "kind")


def organisation_cards_html(organisations):
    """profile/includes/card.html for each organisation from for_directory(): one <li>
    per card."""
    html = []
    for organisation in organisations:
        if organisation.logo:
            logo = (
                f'<img class="org-card__logo" src="{escape(organisation.logo.url)}" alt="" '
                'width="56" height="56" loading="lazy">'
            )
        else:
            logo = (
                '<span class="org-card__logo org-card__logo--initials" aria-hidden="true">'
                f"{escape(organisation.initials)}</span>"
            )
        sectors = "".join(
            f'<li class="tag tag--muted">{escape(name)}</li>' for name in organisation.sector_list
        )
        html.append(
            '<li><article class="org-card">\n'
            '  <div class="org-card__head">\n'
            f"    {logo}\n"
            f'    <h3 class="org-card__title"><a href="{escape(organisation.get_absolute_url())}">'
            f"{escape(organisation.name)}</a></h3>\n"
            "  </div>\n"
            f'  <p class="org-card__summary">{escape(organisation.summary)}</p>\n'
            '  <ul class="tag-list" aria-label="Sectors">\n'
            f"    {sectors}\n"
            "  </ul>\n"
            f'  <p class="org-card__meta">{escape(organisation.area_name)} · '
            f"{escape(_BAND_LABELS.get(organisation.employee_band, organisation.employee_band))}"
            f"{_HIRING if organisation.hiring_now else ''}</p>\n"
            "</article>\n"
            "</li>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every value is escaped above


def story_cards_html(stories):
    """profile/stories/card.html for each story from for_cards(): one <li> per card."""
    html = []
    for story in stories:
        image = (
            f'<img class="story-card__image" src="{escape(story.image.url)}" alt="" '
            'width="640" height="360" loading="lazy">'
            if story.image
            else ""
        )
        # `|date` shows the time in the site's time zone and formats it with Django's
        # dateformat (which leaves out the offset in the hour the clocks go back over).
        published = timezone.localtime(story.published_at)
        featured = story.featured
        if featured:
            links = ", ".join(
                f'<a href="{escape(url)}">{escape(name)}</a>' for name, url in featured
            )
            orgs = f'<p class="story-card__orgs">Featuring {links}</p>'
        else:
            orgs = ""
        html.append(
            '<li><article class="story-card">\n'
            f"  {image}\n"
            f'  <p class="story-card__meta"><strong class="tag tag--story-{escape(story.theme)}">'
            f"{escape(_THEME_LABELS.get(story.theme, story.theme))}</strong> "
            f"{escape(_KIND_LABELS.get(story.kind, story.kind))} · "
            f'<time datetime="{date_format(published, "Y-m-d\\TH:i:sO")}">'
            f"{date_format(published, 'j F Y')}</time></p>\n"
            f'  <h3 class="story-card__title"><a href="{escape(story.get_absolute_url())}">'
            f"{escape(story.title)}</a></h3>\n"
            f"  <p>{escape(story.summary)}</p>\n"
            f"  {orgs}\n"
            "</article>\n"
            "</li>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every value is escaped above

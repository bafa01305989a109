from django import template

from apps.profile.cards import organisation_cards_html, story_cards_html

register = template.Library()


@register.simple_tag
def organisation_cards(organisations):
    """`{% organisation_cards organisations %}`: a card per organisation
    (profile/includes/card.html)."""
    return organisation_cards_html(organisations)


@register.simple_tag
def story_cards(stories):
    """`{% story_cards stories %}`: a card per story (profile/stories/card.html)."""
    return story_cards_html(stories)

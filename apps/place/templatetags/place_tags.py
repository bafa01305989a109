from django import template

from apps.place.cards import space_cards_html

register = template.Library()


@register.simple_tag(takes_context=True)
def space_cards(context, spaces):
    """`{% space_cards spaces %}`: a card per space (place/includes/space_card.html)."""
    return space_cards_html(spaces, today=context["today"])

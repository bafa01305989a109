from django import template

from apps.people.skills_map import bar_class

register = template.Library()

register.filter("bar_class", bar_class)

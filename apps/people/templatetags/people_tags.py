from django import template

from apps.people import skills_map

register = template.Library()


@register.filter
def figure(figures, name):
    """{{ row.figures|figure:"staff" }}: a skills-map figure as its CSV writes it, or why
    it is hidden."""
    return skills_map.fmt_figure(figures, name)


@register.filter
def change(value, decimals=0):
    """{{ row.vacancy_change|change }}: "+2", "no change" or "not available"."""
    return skills_map.fmt_change(value, decimals=decimals)


@register.filter
def bar_class(ratio):
    """A bar's CSS width class, in steps of 5%: the CSP forbids inline style attributes."""
    if not ratio or ratio < 0:
        return "bar--w0"
    return f"bar--w{min(100, round(ratio * 20) * 5)}"

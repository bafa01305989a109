from django import template

register = template.Library()


@register.filter
def bar_class(ratio):
    """A CSS width class in steps of 5%: the CSP forbids inline style attributes."""
    if not ratio or ratio < 0:
        return "bar--w0"
    return f"bar--w{min(100, round(ratio * 20) * 5)}"

"""Django's {% url %} tag, with the URLs of routes that take no argument from
apps.core.routes instead of a reverse() each time. A builtin (settings.TEMPLATES), so
it stands in for the tag in every template; the output is the same."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from apps.core.routes import route_url

register = template.Library()


class RouteNode(defaulttags.URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = route_url(self.view_name.resolve(context), current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return RouteNode(node.view_name, node.args, node.kwargs, node.asvar)

"""{% fragment "name" vary... %}...{% endfragment %}: a part of a page that every visitor
sees alike, rendered once per page-cache generation and shared by every worker
(apps.core.web.fragments). Like Django's {% cache %}, but never stale: a change to public
content renders it afresh on the next request. The part must depend only on public
content, the date and the vary values; never on the visitor."""

from django import template
from django.utils.safestring import mark_safe

from apps.core.web import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        name = self.name.resolve(context)
        vary = [value.resolve(context) for value in self.vary]
        html = fragments.cached(
            f"template:{name}", lambda: str(self.nodelist.render(context)), *vary
        )
        return mark_safe(html)  # noqa: S308 - what the template itself rendered


@register.tag("fragment")
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )

"""Markdown for staff-written content, rendered and then sanitised.

Markdown passes raw HTML straight through, so its output is never trusted: nh3 keeps only
an allow-list of tags and attributes and only http, https and mailto links. Images are
left out because the content security policy would block most of them anyway, and a
lead image with alt text is a separate field.
"""

import re

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "a", "ul", "ol", "li",
    "blockquote", "code", "pre", "abbr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def render_markdown(text):
    """Markdown to HTML that is safe to insert in a page."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    return mark_safe(  # noqa: S308 - the HTML has just been sanitised by nh3
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            clean_content_tags={"script", "style"},
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        )
    )


# C0 control characters other than tab, line feed and carriage return, and DEL: XML 1.0
# (Atom feeds) cannot carry them, and iCalendar forbids them in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text):
    """`text` without the control characters a feed or calendar cannot carry."""
    return _CONTROL.sub("", str(text))


def one_line(text):
    """`text` on one line: for a header-like value (a calendar's name, a parameter)."""
    return " ".join(without_controls(text).split())

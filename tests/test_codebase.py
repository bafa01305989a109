"""The codebase keeps to its house style (docs/architecture.md): templates are the only
source of HTML, and nothing leans on a framework's private attributes, so Django,
django-filter and DRF can be upgraded without research."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(path for path in (ROOT / "apps").rglob("*.py") if "migrations" not in path.parts)

HTML = re.compile(
    r"""["'](\s|\\n)*<(li|article|tr|td|th|div|span|p|h[1-6]|ul|ol|table|img|input|select|"""
    r"""option|label|time|a|section|strong|em|svg|form|button)[\s>]"""
)
VIEWS = [path for path in SOURCES if path.name == "views.py" or path.parent.name == "views"]
PRIVATE = re.compile(
    r"_iterable_class|bump_prefix|group_by = None|\._errors\b|_non_form_errors =|"
    r"__class__ = |tuple\.__new__|\bPREPARE\b|\._choices\b"
)


def test_the_sources_are_found():
    assert len(SOURCES) > 50


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_html_is_written_in_python(path):
    # Small format_html snippets in admin.py are the one exception.
    source = path.read_text().splitlines()
    found = []
    for number, line in enumerate(source, 1):
        if not HTML.search(line):
            continue
        call = " ".join(source[max(0, number - 3) : number])
        if path.name == "admin.py" and "format_html(" in call:
            continue
        found.append((number, line.strip()))
    assert found == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_framework_attributes_are_used(path):
    found = [
        (number, line.strip())
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if PRIVATE.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []


def _body_lines(function):
    """The lines of a function's body, without its docstring."""
    body = function.body
    if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return function.end_lineno - body[0].lineno + 1


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_views_are_short(path):
    # A longer view does more than take a request to a form, a service and a template:
    # the rest belongs in a helper, a form or a service.
    long = [
        (node.name, _body_lines(node))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and _body_lines(node) > 30
    ]
    assert long == []

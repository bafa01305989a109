"""Every page type in a real browser, loaded once and shown at 320, 375 and 1280 px: zero
axe-core violations (WCAG 2.2 AA tags), no sideways page scroll at 320 px (WCAG 1.4.10)
and no table cut off at 1280 px, zero Nu HTML Checker errors on public pages, and
screenshots at each width.

Each theme contributes a tour of its page types. Place and People add theirs here, e.g.
`place_flows.public_pages`, as they land.
"""

from tests.e2e import browser as b
from tests.e2e import (
    events_flows,
    industries_flows,
    people_flows,
    place_flows,
    profile_flows,
    programmes_flows,
    site_flows,
    strategy_flows,
)

PUBLIC_TOURS = [
    profile_flows.public_pages,
    site_flows.public_pages,
    place_flows.public_pages,
    people_flows.public_pages,
    strategy_flows.public_pages,
    events_flows.public_pages,
    programmes_flows.public_pages,
    industries_flows.public_pages,
]
ADMIN_TOURS = [profile_flows.admin_pages]


def _finish(audit):
    b.record(audit)
    report = audit.report()
    print(f"\n{len(audit.pages)} pages: {', '.join(audit.pages)}")
    if report:
        print(report)
    return report


def test_every_public_page_type_is_accessible_valid_and_photographed(audit_page, request):
    b.assert_axe_works(audit_page)
    b.assert_reflow_check_works(audit_page)
    audit = b.Audit()
    for tour in PUBLIC_TOURS:
        tour(audit_page, audit, request)
    audit.validate_html()
    report = _finish(audit)
    assert audit.violation_count() == 0, f"axe violations:\n{report}"
    assert audit.reflow_count() == 0, f"pages that do not reflow:\n{report}"
    assert audit.html_error_count() == 0, f"HTML errors:\n{report}"
    assert audit.reflow_count() == 0, f"pages that do not reflow:\n{report}"
    assert len(audit.screenshots) == len(b.WIDTHS) * len(audit.html_files)


def test_the_main_admin_pages_are_accessible(audit_page, request):
    audit = b.Audit()
    for tour in ADMIN_TOURS:
        tour(audit_page, audit, request)
    report = _finish(audit)
    assert audit.violation_count() == 0, f"axe violations:\n{report}"
    assert audit.reflow_count() == 0, f"pages that do not reflow:\n{report}"

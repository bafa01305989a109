import re

from django.core import mail

LINK = re.compile(r"http://testserver(/link/\?t=[A-Za-z0-9]+)")


def last_link(to):
    """The path of the signed link in the newest email sent to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to:
            found = LINK.search(message.body)
            assert found, f"no link in email {message.subject!r}"
            return found.group(1)
    raise AssertionError(f"no email to {to}")


def organisation_form_data(area, sectors, **overrides):
    data = {
        "name": "Tyne Widgets",
        "kind": "startup",
        "summary": "We build widgets for the Tyne.",
        "description": "A longer description of the widgets.",
        "sectors": [s.pk for s in sectors],
        "area": area.pk,
        "employee_band": "1-9",
        "stage": "",
        "founded_year": "2020",
        "website": "https://widgets.example.com",
        "hiring_now": "",
        "hiring_url": "",
        "public_email": "",
        "companies_house_number": "",
        "contact_name": "Alex Owner",
        "contact_email": "alex@widgets.example.com",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}

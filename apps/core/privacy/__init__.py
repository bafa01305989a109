"""UK GDPR: the personal data the portal holds about people.

Here belong finding, exporting, erasing and ageing out what is held about an email
address (personal_data.py), and the staff page that does it for one request
(admin_views.py).
"""

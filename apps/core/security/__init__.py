"""Protecting the site and its staff.

Here belong per-client rate limits (ratelimit.py), staff two-factor sign-in
(two_factor.py), the security middleware (headers, request size, staff idle sign-out,
audit context), redaction of secrets from logs (logging.py), and the staff roles with
their permissions (roles.py).
"""

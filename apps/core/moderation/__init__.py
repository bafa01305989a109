"""Moderation: the one mechanism every public submission goes through.

Here belong the `Moderated` base model, its `Status` and the pending changes to
published items (models.py); the services that move an item from state to state
(services.py) and the signals they send for the theme apps to act on (signals.py);
snapshots of the fields a submitter may edit (snapshots.py); and the signed email
links that stand in for accounts (links.py).

Of the rest of core it uses only the audit trail and email; it never calls a theme app.
"""

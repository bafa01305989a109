"""What moderation announces, for the theme apps to act on.

The services in apps.core.moderation.services send these just after they save the
change of status, inside the same transaction, with `sender` the model class and
`instance` the item. A receiver writes in that transaction too, and if it raises, the
whole change rolls back. Receivers are connected in each app's AppConfig.ready().
"""

from django.dispatch import Signal

# The submitter opened the confirmation link: the item moved into the review queue.
submission_confirmed = Signal()

# The item was published: by staff, or at once for a private one such as a space need.
submission_published = Signal()

# The submitter said, through a reminder link or by updating it, that a published item
# is still current.
submission_reconfirmed = Signal()

# A listed organisation's own contact address confirmed, through the link sent by
# submission_vouch_request, that the submitter may act for it.
submission_vouched = Signal()

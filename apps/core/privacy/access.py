"""Which staff see the personal data a model declares in `personal_fields`.

Seeing a model's personal fields is a permission of its own, `<app>.view_personal_<model>`,
granted to roles in apps/core/security/roles.py (the "personal" action) and created by
`sync_roles()`. Without it, the admin leaves those fields out of forms, lists, searches,
history pages and CSV exports. The matrix is written out in docs/operations.md.
"""

from apps.core.personal import fields_of as personal_fields
from apps.core.personal import permission_codename


def permission_name(model):
    return f"{model._meta.app_label}.{permission_codename(model)}"


def can_see_personal_data(user, model):
    """True if the model holds no personal data or the user's role may see it."""
    return not personal_fields(model) or user.has_perm(permission_name(model))


def hidden_fields(user, model):
    """The model's personal fields this user may not see (a tuple, empty if none)."""
    return () if can_see_personal_data(user, model) else personal_fields(model)

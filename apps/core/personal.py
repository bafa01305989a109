"""Which fields of a model hold personal data, as the model declares them.

A model lists its personal fields in one place, a `personal_fields` tuple on the class
(`Moderated` declares `("contact_name", "contact_email")` for every submission). Erasure,
retention and the audit scrub (apps.core.privacy), staff visibility and exports
(apps.core.privacy.access, apps.core.admin) and the roles (apps.core.security.roles) all
read it through these two functions.
"""


def fields_of(model):
    """The model's declared personal fields that it really has, or ()."""
    names = getattr(model, "personal_fields", ()) or ()
    have = {f.name for f in model._meta.concrete_fields}
    return tuple(name for name in names if name in have)


def permission_codename(model):
    """The permission to see a model's personal fields: `view_personal_<model>`."""
    return f"view_personal_{model._meta.model_name}"

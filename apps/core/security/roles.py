"""Staff roles as groups, defined here and nowhere else.

Each role is a list of grants: which actions (view, add, change, delete) on which models.
A grant names models by label ("place.space"), by whole app ("people.*"), or by kind
("@moderated": every model built on apps.core.moderation.models.Moderated). Labels of apps that are
not installed yet match nothing, so the table can name models that arrive later.

The action "personal" grants `view_personal_<model>`: seeing and exporting the fields the
model declares in `personal_fields` (apps.core.privacy.access). Without it a role still
sees the rest of the row. `sync_roles()` creates these permissions itself.

`sync_roles()` makes each group hold exactly the permissions below. It runs from a data
migration, after every `migrate` (post_migrate, so apps merged later are picked up) and
from `manage.py sync_roles`. Permissions added to these groups by hand are removed.
"""

from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db.models import Q

from apps.core.personal import fields_of as personal_fields
from apps.core.personal import permission_codename

ALL = ("view", "add", "change", "delete")
READ = ("view",)
REVIEW = ("view", "change")
# Sees the model's declared personal fields (contact names, addresses, messages).
PERSONAL = "personal"

# The portal's own apps: "everything" for the read-only and administrator roles.
PORTAL_APPS = (
    "core",
    "profile",
    "people",
    "place",
    "funding",
    "strategy",
    "events",
    "programmes",
    "industries",
    "opendata",
)


@dataclass(frozen=True)
class Grant:
    selector: str
    actions: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    def matches(self, model):
        label = model._meta.label_lower
        if label in self.exclude:
            return False
        if self.selector == "@moderated":
            from apps.core.moderation.models import Moderated

            return issubclass(model, Moderated)
        app_label, _, name = self.selector.partition(".")
        if name == "*":
            return model._meta.app_label == app_label
        return label == self.selector


ROLES: dict[str, list[Grant]] = {
    # Approves and rejects what the public sends, and edits changes to published items.
    # Sees submitters' contact details (to judge who is sending what) and office-space
    # enquiries (spam and complaints), never the funding team's enquiries.
    "Moderator": [
        Grant("@moderated", (*REVIEW, PERSONAL)),
        Grant("core.pendingchange", (*REVIEW, PERSONAL)),
        Grant("place.enquiry", (*READ, PERSONAL)),
        # Read the lists a moderator needs to judge a submission.
        Grant("core.area", READ),
        Grant("profile.sector", READ),
        Grant("people.skill", READ),
        Grant("people.skillcategory", READ),
        Grant("people.surveyround", READ),
        Grant("people.skillline", REVIEW),
        Grant("people.course", READ),
        Grant("place.needmatch", READ),
        Grant("place.amenity", READ),
        Grant("place.space", REVIEW),
        Grant("place.buildingphoto", REVIEW),
        # The industries a business serves are edited with its profile.
        Grant("profile.organisationindustry", ALL),
        Grant("profile.industry", READ),
    ],
    # The virtual funding team: answers businesses' funding enquiries, records referrals
    # and outcomes. The only role besides administrators that opens those enquiries.
    "Funding team": [
        Grant("funding.enquiry", (*ALL, PERSONAL)),
        Grant("funding.referral", (*ALL, PERSONAL)),
        Grant("funding.opportunity", READ),
        # The same team answers inward-investment enquiries from /invest/ and records
        # the introductions it makes.
        Grant("strategy.investmentenquiry", (*ALL, PERSONAL)),
        Grant("strategy.investmentreferral", (*ALL, PERSONAL)),
        # And buyers' "find me a partner" requests, referred to up to three businesses.
        Grant("industries.partnerrequest", (*ALL, PERSONAL)),
        Grant("industries.partnerreferral", (*ALL, PERSONAL)),
        Grant("profile.industry", READ),
        # An enquiry links to the business's directory entry: pick it, not edit it.
        Grant("profile.organisation", READ),
        Grant("profile.sector", READ),
        Grant("core.area", READ),
    ],
    # Writes the site's own content: stories, brand, key facts, funding, pages, taxonomies.
    "Content editor": [
        Grant("profile.story", ALL),
        Grant("profile.brandasset", ALL),
        Grant("profile.keyfact", ALL),
        Grant("profile.keymessage", ALL),
        Grant("profile.sector", ALL),
        Grant("core.area", ALL),
        Grant("core.page", ALL),
        Grant("funding.opportunity", ALL),
        Grant("people.skillcategory", ALL),
        Grant("people.skill", ALL),
        Grant("people.course", ALL),
        Grant("people.surveyround", ALL),
        Grant("place.amenity", ALL),
        Grant("opendata.*", ALL),
        # The strategy's actions, progress updates and indicators, kept by the strategy team.
        Grant(
            "strategy.*",
            ALL,
            exclude=(
                "strategy.updateproposal",
                "strategy.investmentenquiry",
                "strategy.investmentreferral",
            ),
        ),
        # Support programmes and their cohort windows; providers' proposed changes go
        # through moderation.
        Grant("programmes.*", ALL, exclude=("programmes.programmechange",)),
        # The industries businesses serve, and the skills that matter to each.
        Grant("profile.industry", ALL),
        Grant("industries.industryskill", ALL),
        # Stories feature organisations and courses name providers: pick them, not edit them.
        Grant("profile.organisation", READ),
    ],
    # Reads and exports what the portal holds, for reporting; changes nothing. Sees no
    # personal fields, and not the funding team's enquiries at all.
    "Data analyst": [
        *(
            Grant(
                f"{app}.*",
                READ,
                exclude=(
                    "core.user",
                    "funding.enquiry",
                    "funding.referral",
                    "strategy.investmentenquiry",
                    "strategy.investmentreferral",
                    "industries.partnerrequest",
                    "industries.partnerreferral",
                ),
            )
            for app in PORTAL_APPS
        ),
        Grant("pghistory.middlewareevents", READ),
    ],
    # Runs staff accounts and groups. Whoever can edit accounts can grant themselves any
    # permission, so the role says so honestly and holds every permission.
    "Administrator": [
        *(Grant(f"{app}.*", (*ALL, PERSONAL)) for app in PORTAL_APPS),
        Grant("auth.group", ALL),
        Grant("pghistory.middlewareevents", READ),
        Grant("otp_totp.totpdevice", ALL),
        Grant("otp_static.staticdevice", ALL),
        Grant("otp_static.statictoken", ALL),
        Grant("axes.accessattempt", ("view", "delete")),
        Grant("axes.accesslog", READ),
        Grant("axes.accessfailurelog", READ),
        Grant("django_tasks_database.*", ("view", "delete")),
    ],
}


def wanted_permissions(role):
    """(app_label, codename) pairs a role should hold, for the models installed now."""
    pairs = set()
    for model in global_apps.get_models():
        opts = model._meta
        for grant in ROLES[role]:
            if grant.matches(model):
                pairs.update(
                    (opts.app_label, f"{action}_{opts.model_name}")
                    for action in grant.actions
                    if action in opts.default_permissions
                )
                if PERSONAL in grant.actions and personal_fields(model):
                    pairs.add((opts.app_label, permission_codename(model)))
    return pairs


def ensure_personal_permissions(*, apps=global_apps, using="default"):
    """Create `view_personal_<model>` for every model that declares personal fields. They
    are not in Meta.permissions, so adding a personal field needs no migration."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in global_apps.get_models():
        if not personal_fields(model) or model._meta.app_label not in PORTAL_APPS:
            continue
        opts = model._meta
        content_type, _ = ContentType.objects.using(using).get_or_create(
            app_label=opts.app_label, model=opts.model_name
        )
        Permission.objects.using(using).get_or_create(
            content_type=content_type,
            codename=permission_codename(model),
            defaults={"name": f"Can see personal data of {opts.verbose_name_plural}"},
        )


def sync_roles(*, apps=global_apps, using="default"):
    """Create the role groups and give each exactly its permissions. Returns
    {role: number of permissions}."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ensure_personal_permissions(apps=apps, using=using)
    counts = {}
    for role in ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        query = Q(pk__in=[])
        for app_label, codename in wanted_permissions(role):
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.using(using).filter(query))
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts


def sync_roles_after_migrate(sender, *, apps=global_apps, using="default", **kwargs):
    """post_migrate runs once per app that has models, in INSTALLED_APPS order, and each
    app's permissions are created in its own turn: sync once, after the last of them."""
    with_models = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    sync_roles(apps=apps, using=using)

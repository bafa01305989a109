import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from apps.core.moderation import services as moderation
from apps.core.web import pagecache
from apps.profile.models import Organisation, OrganisationIndustry, Story


def unique_slug(name, *, model=Organisation, exclude_pk=None):
    base = slugify(name)[:150] or "organisation"
    slug, n = base, 2
    existing = model.objects.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


SLUG_ATTEMPTS = 6


def _slug_clash(exc):
    """Whether an IntegrityError is another row holding the same slug."""
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) or ""
    return "slug" in constraint


def save_with_free_slug(obj, make_slug):
    """Insert `obj` under the slug `make_slug()` finds free.

    Two submissions of the same name at the same moment both find the same free slug;
    the one that loses at the unique index tries again from a savepoint with the next
    free one, and at last with a random suffix, instead of failing with a 500."""
    for attempt in range(SLUG_ATTEMPTS):
        slug = make_slug()
        if attempt == SLUG_ATTEMPTS - 1:
            slug = f"{slug[:150]}-{secrets.token_hex(3)}"
        obj.slug = slug
        try:
            with transaction.atomic():
                obj.save(force_insert=True)
            return obj
        except IntegrityError as exc:
            if not _slug_clash(exc) or attempt == SLUG_ATTEMPTS - 1:
                raise
    return obj


@transaction.atomic
def organisation_submit(*, values, send_confirmation=True):
    """Create a directory entry from the public form and email the confirmation link.

    The entry stays unconfirmed, and invisible, until the link is opened. Another
    submission that brings a new organisation with it (a skills-survey response) passes
    send_confirmation=False and confirms the organisation along with itself.
    """
    values = dict(values)
    values.setdefault("role", Organisation.role_for_kind(values.get("kind")))
    sectors = values.pop("sectors", [])
    industry_links = values.pop("industry_links", [])
    organisation = Organisation(**values)
    organisation.slug = unique_slug(organisation.name)
    organisation.full_clean(exclude=["sectors", "slug"])
    save_with_free_slug(organisation, lambda: unique_slug(organisation.name))
    organisation.sectors.set(sectors)
    for link in industry_links:
        row = OrganisationIndustry(organisation=organisation, **link)
        row.full_clean(exclude=["organisation"])
        row.save()
    if send_confirmation:
        moderation.submission_received(obj=organisation)
    return organisation


@transaction.atomic
def story_publish_now(*, stories) -> int:
    """Publish the given stories now (a bulk update, so it says the pages changed)."""
    done = stories.exclude(status=Story.Status.PUBLISHED).update(
        status=Story.Status.PUBLISHED, published_at=timezone.now()
    )
    if done:
        pagecache.content_changed()
    return done

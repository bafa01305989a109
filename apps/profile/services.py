from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from apps.core.moderation import services as moderation
from apps.core.web import pagecache
from apps.profile.models import Organisation, Story


def unique_slug(name, *, model=Organisation, exclude_pk=None):
    base = slugify(name)[:150] or "organisation"
    slug, n = base, 2
    existing = model.objects.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
    organisation = Organisation(**values)
    organisation.slug = unique_slug(organisation.name)
    organisation.full_clean(exclude=["sectors"])
    organisation.save()
    organisation.sectors.set(sectors)
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

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.text import slugify

from apps.core.emails import send_templated_email
from apps.core.moderation import links
from apps.core.moderation import services as moderation
from apps.core.moderation.models import Status
from apps.core.web import pagecache
from apps.place.models import (
    LISTING_DAYS,
    Building,
    BuildingPhoto,
    Enquiry,
    NeedMatch,
    Space,
    SpaceNeed,
)
from apps.profile.models import Organisation
from apps.profile.services import save_with_free_slug, unique_slug

# Space slugs share the /spaces/<slug>/ namespace with these fixed pages.
_RESERVED_SLUGS = {"add", "map", "building", "update", "need", "needs", "results"}


def _space_slug(building, space):
    base = slugify(f"{building.name} {space.name or space.get_kind_display()}")[:180] or "space"
    slug, n = base, 2
    while slug in _RESERVED_SLUGS or Space.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def landlord_for(*, name, kind, employee_band, area, contact_name, contact_email):
    """The organisation a new listing is attached to.

    An organisation already held is attached only when the listing comes from that
    organisation's own contact address, so the link that confirms the listing is its
    contact confirming. Otherwise (another address, or no such name) a new landlord is
    made, confirmed by the same link as its first building; moderators see when its name
    is another organisation's (OrganisationAdmin.same_name).
    """
    name = " ".join(name.split())
    existing = (
        Organisation.objects.filter(name__iexact=name, contact_email__iexact=contact_email)
        .exclude(status__in=[Status.REJECTED, Status.ARCHIVED])
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    landlord = Organisation(
        name=name,
        slug=unique_slug(name),
        role=Organisation.Role.LANDLORD,
        kind=kind,
        employee_band=employee_band,
        area=area,
        summary=f"{name} lets office space in {area.name}.",
        contact_name=contact_name,
        contact_email=contact_email,
    )
    landlord.full_clean(exclude=["sectors", "slug"])
    save_with_free_slug(landlord, lambda: unique_slug(name))
    return landlord


@transaction.atomic
def building_submit(*, values, landlord_values, spaces, photos=(), today=None):
    """Create a building with its spaces (and landlord if new) from the public form.

    Everything is written together or not at all; the listing stays unconfirmed,
    and invisible, until the landlord opens the emailed link.
    """
    today = today or timezone.localdate()
    values = dict(values)
    amenities = values.pop("amenities", [])
    landlord = landlord_for(
        area=values["area"],
        contact_name=values.get("contact_name", ""),
        contact_email=values["contact_email"],
        **landlord_values,
    )
    building = Building(landlord=landlord, **values)
    building.slug = unique_slug(building.name, model=Building)
    building.full_clean(exclude=["amenities", "slug"])
    save_with_free_slug(building, lambda: unique_slug(building.name, model=Building))
    building.amenities.set(amenities)
    for space_values in spaces:
        space = Space(
            building=building,
            expires_on=today + datetime.timedelta(days=LISTING_DAYS),
            **space_values,
        )
        space.slug = _space_slug(building, space)
        space.full_clean(exclude=["monthly_price_per_desk", "slug"])
        save_with_free_slug(space, lambda space=space: _space_slug(building, space))
    for position, (image, alt_text) in enumerate(photos):
        photo = BuildingPhoto(building=building, image=image, alt_text=alt_text, position=position)
        photo.full_clean()
        photo.save()
    moderation.submission_received(obj=building)
    return building


@transaction.atomic
def building_photos_update(*, building, formset):
    """Apply the landlord's changes to a building's photos: removals at once; new and
    changed photos of a live listing wait for a moderator (`approved`), who is emailed.
    Returns the number of photos added or changed."""
    removed = [form.instance for form in formset.deleted_forms if form.instance.pk]
    for photo in removed:
        photo.delete()
    live = building.status == Status.PUBLISHED
    position = max(building.photos.values_list("position", flat=True), default=-1)
    changed = 0
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE"):
            continue
        photo = form.save(commit=False)
        if photo.pk is None:
            position += 1
            photo.building, photo.position = building, position
        photo.approved = not live
        photo.full_clean()
        photo.save()
        changed += 1
    if live and changed:
        send_templated_email(
            to=settings.STAFF_NOTIFY_EMAIL,
            template="staff_new_photos",
            context={"building": building, "count": changed},
        )
    return changed


@transaction.atomic
def space_withdraw(*, space):
    """The landlord has let the space or no longer offers it: it leaves the search."""
    if space.state in (Space.State.WITHDRAWN, Space.State.LET):
        return False
    space.state = Space.State.WITHDRAWN
    space.save(update_fields=["state"])
    return True


@transaction.atomic
def space_let(*, space, desks, on):
    """The landlord (or staff) says the space is let: it leaves the search, and its date
    and desks are kept for the strategy's "desks let" indicator. Returns False when the
    space was already let or withdrawn."""
    if space.state not in (Space.State.LISTED, Space.State.EXPIRED):
        return False
    space.state, space.let_on, space.desks_let = Space.State.LET, on, desks
    space.full_clean(exclude=["monthly_price_per_desk", "slug"])
    space.save(update_fields=["state", "let_on", "desks_let"])
    return True


@transaction.atomic
def spaces_mark_let(*, spaces, on):
    """Staff's bulk action: each listed or expired space is let in full (its most desks)
    on `on`. One UPDATE, which sends no signal, so the page cache is moved here. Returns
    the number of spaces marked."""
    marked = spaces.filter(state__in=[Space.State.LISTED, Space.State.EXPIRED]).update(
        state=Space.State.LET, let_on=on, desks_let=F("desks_max")
    )
    if marked:
        pagecache.content_changed()
    return marked


def desks_let_total():
    """Desks let through the portal so far: the "desks let" indicator's measure."""
    return Space.objects.let().aggregate(n=Sum("desks_let"))["n"] or 0


@transaction.atomic
def spaces_update(*, building, formset):
    """Save a landlord's updates to the facts of their spaces.

    Updating a published listing also confirms it is current, so every space in it runs
    for another listing period.
    """
    # The formset's own save(), not each form's: it honours edit_only, so a tampered
    # form count cannot create a space.
    saved = formset.save()
    moderation.submission_reconfirm(obj=building)
    return len(saved)


@transaction.atomic
def enquiry_send(*, space, values):
    """Store an enquiry, forward it to the landlord's private contact and acknowledge it."""
    enquiry = Enquiry(space=space, **values)
    enquiry.full_clean()
    enquiry.save()
    building = space.building
    send_templated_email(
        to=building.contact_email,
        template="place_enquiry",
        context={"enquiry": enquiry, "space": space, "building": building},
        reply_to=enquiry.email,
    )
    send_templated_email(
        to=enquiry.email,
        template="place_enquiry_received",
        context={
            "enquiry": enquiry,
            "space": space,
            "building": building,
            "space_url": settings.SITE_URL + space.get_absolute_url(),
        },
    )
    return enquiry


@transaction.atomic
def spaces_expire(*, today=None):
    """Remind landlords before their spaces expire, and expire spaces past their date.

    Returns (reminders sent, spaces expired). Expired spaces keep their rows and
    enquiries; they leave the search because only listed, unexpired spaces are live.
    """
    today = today or timezone.localdate()
    due = defaultdict(list)
    for space in Space.objects.due_reminder(today=today).select_related("building"):
        due[space.building].append(space)
    for building, spaces in due.items():
        send_templated_email(
            to=building.contact_email,
            template="place_expiry_reminder",
            context={
                "building": building,
                "spaces": spaces,
                "expires_on": min(space.expires_on for space in spaces),
                "reconfirm_url": links.make_url(purpose="reconfirm", obj=building),
                "manage_url": settings.SITE_URL + "/manage/",
            },
        )
        Space.objects.filter(pk__in=[space.pk for space in spaces]).update(reminder_sent_on=today)
    expired = Space.objects.past_expiry(today=today).update(
        state=Space.State.EXPIRED, expired_on=today
    )
    if expired:
        pagecache.content_changed()
    return len(due), expired


@transaction.atomic
def space_need_submit(*, values):
    """Record a standing need from the public form and email the confirmation link."""
    values = dict(values)
    areas = values.pop("areas", [])
    need = SpaceNeed(**values)
    need.full_clean(exclude=["areas", "matched_spaces"])
    need.save()
    need.areas.set(areas)
    moderation.submission_received(obj=need)
    return need


@transaction.atomic
def space_need_activate(*, need):
    """Make a confirmed need active and tell the business about spaces that already match."""
    moderation.submission_approve(obj=need, by=None)
    need_match(need=need)


def _notify(need, spaces):
    NeedMatch.objects.bulk_create(
        [NeedMatch(need=need, space=space) for space in spaces], ignore_conflicts=True
    )
    send_templated_email(
        to=need.contact_email,
        template="place_need_match",
        context={
            "need": need,
            "spaces": [
                {"space": space, "url": settings.SITE_URL + space.get_absolute_url()}
                for space in spaces
            ],
            "manage_url": settings.SITE_URL + "/manage/",
        },
    )


@transaction.atomic
def need_match(*, need):
    """Email the business any live spaces that meet its need and it has not been told of."""
    spaces = list(
        Space.objects.matching(need)
        .exclude(need_matches__need=need)
        .select_related("building", "building__area")
    )
    if spaces and need.status == Status.PUBLISHED:
        _notify(need, spaces)
    return spaces


@transaction.atomic
def building_published_match(*, building):
    """Tell every active need about the building's newly published spaces that meet it."""
    told = 0
    live = Space.objects.live().filter(building=building)
    for need in SpaceNeed.objects.active():
        spaces = list(
            live.filter(pk__in=Space.objects.matching(need).values("pk"))
            .exclude(need_matches__need=need)
            .select_related("building", "building__area")
        )
        if spaces:
            _notify(need, spaces)
            told += 1
    return told

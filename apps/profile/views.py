import datetime
import functools

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apps.core import services as moderation
from apps.core.pagecache import cache_public_page
from apps.core.pagination import Paginator
from apps.core.ratelimit import ratelimit
from apps.core.views import granted_for_edit, manage_expired
from apps.profile import services
from apps.profile.filters import OrganisationFilter
from apps.profile.forms import OrganisationAddForm, OrganisationEditForm
from apps.profile.models import KeyFact, Organisation, Story

PAGE_SIZE = 20


class MatchCountPaginator(Paginator):
    """Pages of a query whose rows carry its number of rows (with_match_count()): the
    count comes from the page's first row, not a COUNT query. A page past the end has
    no rows to tell, and is the shared Paginator's (the last page, after a COUNT)."""

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1  # Django shows the first page for a missing or non-numeric one
        if number < 1 or self.orphans:
            return super().get_page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and number == 1 and self.allow_empty_first_page:
            self.count = 0  # nothing matches: no second look
        elif not rows:
            return super().get_page(number)
        else:
            self.count = rows[0].match_count
        return self._get_page(rows, number, self)


# Stands for the request's time in SQL compiled once: _read() puts the time in its place.
_NOW = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _featured_stories():
    return Story.objects.for_cards(_NOW).order_by("-is_featured", "-published_at")[:3]


def _latest_businesses():
    return (
        Organisation.objects.for_directory()
        .with_published_count()
        .order_by("-reviewed_at", "name")[:6]
    )


def _headline_facts():
    return KeyFact.objects.headline()[:3]


@functools.cache
def _compiled(build):
    """The model and SQL of build()'s queryset, compiled once: for a query with no value
    that changes between requests but the time, whose compiling cost more than running
    it (the home page's three queries: about 1 ms of ORM work for 0.8 ms of SQL)."""
    queryset = build()
    return queryset.model, *queryset.query.sql_with_params()


def _read(build, *, now=None):
    """build()'s rows, through raw(): the same objects, with the same annotations (as
    the database gives them: no field converters). `now` takes _NOW's place."""
    model, sql, params = _compiled(build)
    if now is not None:
        params = tuple(now if param == _NOW else param for param in params)
    return list(model.objects.raw(sql, params))


@cache_public_page
def home(request):
    """The front door: themes, headline facts, featured and latest stories, newest businesses."""
    stories = _read(_featured_stories, now=timezone.now())
    latest = _read(_latest_businesses)
    return render(
        request,
        "profile/home.html",
        {
            # Counted in the latest businesses' query: none of those, none published.
            "published_count": latest[0].published_count if latest else 0,
            "facts": _read(_headline_facts),
            "stories": stories,
            "latest": latest,
        },
    )


@cache_public_page
def directory(request):
    filterset = OrganisationFilter(request.GET, queryset=Organisation.objects.for_directory())
    businesses = filterset.qs
    # A search counts its matches in its own rows (see OrganisationFilter.filter_search).
    paginator = MatchCountPaginator if "match_count" in businesses.query.annotations else Paginator
    page = paginator(businesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "profile/directory.html",
        {
            "filter": filterset,
            "page_obj": page,
            "searching": bool(filterset.form.cleaned_data.get("q"))
            if filterset.is_valid()
            else False,
        },
    )


@cache_public_page
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.for_profile(), slug=slug)
    return render(request, "profile/detail.html", {"organisation": organisation})


@ratelimit(name="organisation-add", limit=20)
def organisation_add(request):
    if request.method == "POST":
        form = OrganisationAddForm(request.POST, request.FILES)
        if form.is_valid():
            organisation = services.organisation_submit(values=form.create_values())
            request.session["submitted_to"] = organisation.contact_email
            return redirect("profile:submitted")
    else:
        form = OrganisationAddForm()
    return render(request, "profile/add.html", {"form": form})


def organisation_submitted(request):
    email = request.session.get("submitted_to")
    if not email:
        return redirect("profile:add")
    return render(request, "profile/submitted.html", {"email": email})


@ratelimit(name="organisation-edit", limit=30)
def organisation_edit(request, reference):
    organisation = granted_for_edit(request, reference, Organisation)
    if organisation is None:
        return manage_expired(request)
    if request.method == "POST":
        form = OrganisationEditForm(request.POST, request.FILES, instance=organisation)
        if form.is_valid():
            change = moderation.submitter_edit(obj=organisation, values=form.submitter_values())
            if change is not None:
                messages.success(
                    request,
                    "Thank you. We will check your changes; your "
                    "profile stays as it is until we approve them.",
                )
            else:
                messages.success(request, "Your details have been saved.")
            return redirect("core:status", reference)
    else:
        form = OrganisationEditForm(instance=organisation)
    return render(request, "profile/edit.html", {"form": form, "organisation": organisation})

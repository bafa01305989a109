from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from apps.core import services as moderation
from apps.core.pagination import MatchCountPaginator, Paginator
from apps.core.ratelimit import ratelimit
from apps.core.views import granted_for_edit, manage_expired
from apps.profile import services
from apps.profile.filters import OrganisationFilter
from apps.profile.forms import OrganisationAddForm, OrganisationEditForm
from apps.profile.models import KeyFact, Organisation, Story

PAGE_SIZE = 20


def home(request):
    """The front door: themes, headline facts, featured and latest stories, newest businesses."""
    return render(
        request,
        "profile/home.html",
        {
            "published_count": Organisation.objects.published().count(),
            "facts": KeyFact.objects.headline()[:3],
            "stories": Story.objects.for_cards().order_by("-is_featured", "-published_at")[:3],
            "latest": Organisation.objects.for_directory().order_by("-reviewed_at", "name")[:6],
        },
    )


def directory(request):
    filterset = OrganisationFilter(request.GET, queryset=Organisation.objects.for_directory())
    businesses = filterset.qs
    # A search (applied whenever its own field is valid) counts its matches in its own
    # rows: OrganisationFilter.filter_search.
    searched = bool(filterset.form.cleaned_data.get("q"))
    paginator = MatchCountPaginator if searched else Paginator
    page = paginator(businesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "profile/directory.html",
        {
            "filter": filterset,
            "page_obj": page,
            "searching": searched and filterset.is_valid(),
        },
    )


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

"""The directory of organisations at /directory/ (listing, profiles, submissions and
edits), and the home page that leads to it."""

import functools

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apps.core.security.ratelimit import ratelimit, within_limit
from apps.core.views import granted, manage_expired, save_submitter_edit
from apps.core.web.lists import ListPage
from apps.core.web.pagination import MatchCountPaginator
from apps.profile import facts, sections, services
from apps.profile.filters import OrganisationFilter
from apps.profile.forms import OrganisationAddForm, OrganisationEditForm
from apps.profile.models import Organisation, Story


def home(request):
    """The front door: themes, headline facts, featured and latest stories, newest
    businesses, and the sections other apps add (the next events, programmes open now).
    Its lists are one shared fragment (apps.core.web.fragments): the values are passed
    unevaluated (querysets, and callables the template calls) so a fragment already kept
    costs no query."""
    now = timezone.now()
    today = timezone.localdate(now)
    return render(
        request,
        "profile/home.html",
        {
            "published_count": Organisation.objects.published().tech_businesses().count,
            "facts": facts.headline,
            "stories": Story.objects.for_cards().order_by("-is_featured", "-published_at")[:3],
            "latest": Organisation.objects.for_directory()
            .tech_businesses()
            .order_by("-reviewed_at", "name")[:6],
            "sections": functools.partial(sections.home_sections, now, today),
            "today": today,
        },
    )


class DirectoryPage(ListPage):
    filterset_class = OrganisationFilter
    template_name = "profile/directory.html"
    paginate_by = 20

    def get_queryset(self):
        return Organisation.objects.for_directory()

    def get_filterset_kwargs(self, filterset_class):
        # Tech businesses unless the visitor picks another role, or any role ("role=").
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "role" not in kwargs["data"]:
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["role"] = Organisation.Role.TECH
        return kwargs

    def searched(self):
        """Whether a search was applied: it is whenever its own field is valid."""
        return bool(self.filterset.form.cleaned_data.get("q"))

    def get_paginator(self, queryset, per_page, **kwargs):
        # A search counts its matches in its own rows (OrganisationFilter.filter_search).
        if self.searched():
            return MatchCountPaginator(queryset, per_page, **kwargs)
        return super().get_paginator(queryset, per_page, **kwargs)

    def get_context_data(self, **kwargs):
        searching = self.searched() and self.filterset.is_valid()
        role = self.filterset.form.cleaned_data.get("role")
        return super().get_context_data(**kwargs, searching=searching, role=role)


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.for_profile(), slug=slug)
    return render(
        request,
        "profile/detail.html",
        {"organisation": organisation, "sections": sections.sections_for(organisation)},
    )


@ratelimit(name="organisation-add", limit=30, email_field="contact_email")
def organisation_add(request):
    if request.method == "POST":
        form = OrganisationAddForm(request.POST, request.FILES)
        if within_limit(request, form) and form.is_valid():
            organisation = services.organisation_submit(values=form.create_values())
            request.session["submitted_to"] = organisation.contact_email
            return redirect("profile:submitted")
    else:
        form = OrganisationAddForm()
    return render(request, "profile/add.html", {"form": form})


@ratelimit(name="organisation-edit", limit=30)
def organisation_edit(request, reference):
    organisation = granted(request, reference, "manage", Organisation)
    if organisation is None:
        return manage_expired(request)
    if request.method == "POST":
        form = OrganisationEditForm(request.POST, request.FILES, instance=organisation)
        if within_limit(request, form) and form.is_valid():
            return save_submitter_edit(
                request, obj=organisation, values=form.submitter_values(), noun="profile"
            )
    else:
        form = OrganisationEditForm(instance=organisation)
    return render(request, "profile/edit.html", {"form": form, "organisation": organisation})

from django.contrib import messages
from django.db.models import Count, Min
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.core.moderation import services as moderation
from apps.core.security.ratelimit import ratelimit, within_limit
from apps.core.views import granted, manage_expired, save_submitter_edit
from apps.core.web import fragments
from apps.core.web.lists import ListPage
from apps.core.web.uploads import kept_upload
from apps.place import services
from apps.place.filters import SpaceFilter
from apps.place.forms import (
    MAX_SPACES,
    SPACE_ROWS,
    BuildingAddForm,
    BuildingEditForm,
    BuildingPhotoFormSet,
    EnquiryForm,
    SpaceFactsFormSet,
    SpaceFormSet,
    SpaceLetForm,
    SpaceNeedForm,
)
from apps.place.models import Building, Space, SpaceNeed

PAGE_SIZE = 20


class SpaceSearchPage(ListPage):
    filterset_class = SpaceFilter
    template_name = "place/search.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Space.objects.for_search()

    def get_context_data(self, **kwargs):
        # The map asks for the same filters, on every page and in any order.
        geojson_query = self.request.GET.copy()
        geojson_query.pop("page", None)
        geojson_query.pop("sort", None)
        return super().get_context_data(
            **kwargs,
            filter_errors=bool(self.filterset.form.errors),
            today=timezone.localdate(),
            geojson_query=geojson_query.urlencode(),
            # The same for every search: worked out once per page-cache generation.
            demand=fragments.cached("space-demand", SpaceNeed.objects.demand_summary),
        )


@require_GET
def geojson(request):
    """The buildings with live spaces that match the search filters, for the map."""
    filterset = SpaceFilter(request.GET, queryset=Space.objects.live())
    buildings = (
        Building.objects.published()
        .filter(spaces__in=filterset.qs.order_by().values("pk"))
        .select_related("area")
        .annotate(
            matching=Count("spaces", distinct=True),
            from_price=Min("spaces__monthly_price_per_desk"),
        )
        .order_by("name")
    )
    features = [_map_feature(building) for building in buildings]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    return response


def _map_feature(building):
    """A building's pin on the map, with its number of matching spaces."""
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            # GeoJSON order is longitude, latitude.
            "coordinates": [float(building.longitude), float(building.latitude)],
        },
        "properties": {
            "name": building.name,
            "area": building.area.name,
            "url": building.get_absolute_url(),
            "spaces": building.matching,
            "label": f"{building.name}, {building.area.name}: {building.matching} matching "
            f"space{'s' if building.matching != 1 else ''}",
        },
    }


def _enquiry_page(request, space, others, form, status=200):
    return render(
        request,
        "place/detail.html",
        {
            "space": space,
            "building": space.building,
            "others": others,
            "form": form,
            "today": timezone.localdate(),
        },
        status=status,
    )


@ratelimit(name="place-enquiry", limit=30, email_field="email", email_limit=10)
def detail(request, slug):
    # The space and the others in its building that the page lists, in one query.
    spaces = list(Space.objects.for_page().in_building_of(slug).order_by("pk"))
    space = next((s for s in spaces if s.slug == slug), None)
    if space is None:  # not live (the rows are only live spaces), or no such space
        raise Http404("No such space.")
    others = [s for s in spaces if s is not space]
    if request.method == "POST":
        form = EnquiryForm(request.POST)
        if within_limit(request, form) and form.is_valid():
            services.enquiry_send(space=space, values=form.enquiry_values())
            messages.success(
                request,
                "Thank you. We have sent your enquiry to the landlord and emailed you a copy.",
            )
            return redirect(space.get_absolute_url() + "#enquiry")
    else:
        form = EnquiryForm()
    return _enquiry_page(request, space, others, form)


def building_detail(request, slug):
    building = get_object_or_404(Building.objects.for_page(), slug=slug)
    return render(
        request, "place/building.html", {"building": building, "today": timezone.localdate()}
    )


class _SpaceRowsAgain(SpaceFormSet):
    """The space rows as they were typed, unbound so nothing is validated: each row
    starts from its submitted values (`rows`), and the rows are all new ones, as in the
    blank form, so blank rows stay optional when the listing is sent."""

    def __init__(self, rows, **kwargs):
        self.rows = rows
        super().__init__(prefix="spaces", **kwargs)

    def total_form_count(self):
        return len(self.rows)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "initial": self.rows[index]}


def _typed(form):
    """What was typed in each of a bound form's fields, as its widgets read it."""
    return {name: form[name].data for name in form.fields}


def _with_another_space(post, files):
    """The submitted form again with one more blank space row, and no errors shown yet:
    adding a row without JavaScript is a round trip, not a submission. A photo that
    passes its checks is kept, as after an error."""
    data = post.copy()
    try:
        total = int(data.get("spaces-TOTAL_FORMS", ""))
    except ValueError:
        total = SPACE_ROWS
    data["spaces-TOTAL_FORMS"] = str(max(1, min(total + 1, MAX_SPACES)))
    typed = BuildingAddForm(data, files)
    form = BuildingAddForm(initial={**_typed(typed), "photo": kept_upload(typed, "photo")})
    spaces = _SpaceRowsAgain([_typed(row) for row in SpaceFormSet(data, prefix="spaces").forms])
    return form, spaces


@ratelimit(name="place-add", limit=30, email_field="contact_email")
def building_add(request):
    if request.method == "POST" and "add_space" in request.POST:
        form, spaces = _with_another_space(request.POST, request.FILES)
        return render(
            request,
            "place/add.html",
            {"form": form, "spaces": spaces, "added_row": spaces.total_form_count()},
        )
    if request.method == "POST":
        form = BuildingAddForm(request.POST, request.FILES)
        spaces = SpaceFormSet(request.POST, prefix="spaces")
        # Validate both, so every error shows at once.
        if within_limit(request, form) and all([form.is_valid(), spaces.is_valid()]):
            building = services.building_submit(
                values=form.create_values(),
                landlord_values=form.landlord_values(),
                spaces=spaces.space_values(),
                photos=form.photos(),
            )
            request.session["submitted_to"] = building.contact_email
            return redirect("place:submitted")
    else:
        form = BuildingAddForm()
        spaces = SpaceFormSet(prefix="spaces")
    return render(request, "place/add.html", {"form": form, "spaces": spaces})


@ratelimit(name="place-edit", limit=60)
def building_edit(request, reference):
    building = granted(request, reference, "manage", Building)
    if building is None:
        return manage_expired(request)
    spaces = building.spaces.order_by("pk")
    if request.method == "POST":
        form = BuildingEditForm(request.POST, instance=building)
        if within_limit(request, form) and form.is_valid():
            # A fresh copy: validating the form wrote the new values onto `building`, and
            # the diff against the live version must see the old ones.
            live = Building.objects.get(pk=building.pk)
            return save_submitter_edit(
                request, obj=live, values=form.submitter_values(), noun="listing"
            )
    else:
        form = BuildingEditForm(instance=building)
    return render(
        request,
        "place/edit.html",
        {"form": form, "building": building, "spaces": spaces, "State": Space.State},
    )


def _building_and_offered_space(request, reference, space):
    """The building a manage link opened in this session and one of its spaces still on
    offer (listed, or expired and not yet withdrawn or let; 404 otherwise), or
    (None, None) without the link."""
    building = granted(request, reference, "manage", Building)
    if building is None:
        return None, None
    offered = building.spaces.filter(state__in=[Space.State.LISTED, Space.State.EXPIRED])
    return building, get_object_or_404(offered, pk=space)


@ratelimit(name="place-edit", limit=60)
def space_withdraw(request, reference, space):
    """From a manage link, the "Withdraw" link beside one of the building's spaces: the
    page says what will happen and asks first; the space leaves the search once it is
    sent (a let space is better marked let, which the strategy counts)."""
    building, space = _building_and_offered_space(request, reference, space)
    if building is None:
        return manage_expired(request)
    if request.method == "POST":
        if within_limit(request, None) and services.space_withdraw(space=space):
            messages.success(request, f"{space.title} has been withdrawn from the search.")
        return redirect("place:edit", reference)
    return render(request, "place/withdraw.html", {"building": building, "space": space})


@ratelimit(name="place-edit", limit=60)
def space_let(request, reference, space):
    """From a manage link: one space is let, with how many desks and when."""
    building, space = _building_and_offered_space(request, reference, space)
    if building is None:
        return manage_expired(request)
    if request.method == "POST":
        form = SpaceLetForm(request.POST, space=space)
        if within_limit(request, form) and form.is_valid():
            services.space_let(
                space=space, desks=form.cleaned_data["desks_let"], on=form.cleaned_data["let_on"]
            )
            messages.success(
                request, f"{space.title} is marked as let and has left the search. Thank you."
            )
            return redirect("place:edit", reference)
    else:
        form = SpaceLetForm(space=space)
    return render(request, "place/let.html", {"building": building, "space": space, "form": form})


@ratelimit(name="place-edit", limit=60)
def spaces_edit(request, reference):
    """From a manage link: keep prices, desks and dates current."""
    building = granted(request, reference, "manage", Building)
    if building is None:
        return manage_expired(request)
    queryset = building.spaces.exclude(state__in=[Space.State.WITHDRAWN, Space.State.LET]).order_by(
        "pk"
    )
    if request.method == "POST":
        formset = SpaceFactsFormSet(request.POST, queryset=queryset, prefix="spaces")
        if within_limit(request, formset) and formset.is_valid():
            services.spaces_update(building=building, formset=formset)
            messages.success(request, "Your spaces have been updated.")
            return redirect("place:edit", reference)
    else:
        formset = SpaceFactsFormSet(queryset=queryset, prefix="spaces")
    return render(
        request, "place/edit_spaces.html", {"building": building, "spaces": formset, "form": None}
    )


@ratelimit(name="place-edit", limit=60)
def photos_edit(request, reference):
    """From a manage link: add, replace, describe and remove the building's photos."""
    building = granted(request, reference, "manage", Building)
    if building is None:
        return manage_expired(request)
    queryset = building.photos.order_by("position", "pk")
    if request.method == "POST":
        formset = BuildingPhotoFormSet(
            request.POST, request.FILES, queryset=queryset, prefix="photos"
        )
        if within_limit(request, formset) and formset.is_valid():
            changed = services.building_photos_update(building=building, formset=formset)
            held = changed and building.is_published
            messages.success(
                request,
                "Your photos have been saved. We will check new and changed photos before "
                "they appear."
                if held
                else "Your photos have been saved.",
            )
            return redirect("place:edit", reference)
    else:
        formset = BuildingPhotoFormSet(queryset=queryset, prefix="photos")
    return render(
        request, "place/edit_photos.html", {"building": building, "photos": formset, "form": None}
    )


@ratelimit(name="place-need", limit=30, email_field="contact_email")
def need_add(request):
    if request.method == "POST":
        form = SpaceNeedForm(request.POST)
        if within_limit(request, form) and form.is_valid():
            need = services.space_need_submit(values=form.need_values())
            request.session["submitted_to"] = need.contact_email
            return redirect("place:need_submitted")
    else:
        form = SpaceNeedForm()
    return render(request, "place/need_add.html", {"form": form})


def need_edit(request, reference):
    """From a manage link, the business can stop a need."""
    need = granted(request, reference, "manage", SpaceNeed)
    if need is None:
        return manage_expired(request)
    if request.method == "POST":
        moderation.submission_archive(obj=need, note="Stopped by the business.")
        messages.success(request, "We will not email you about this need again.")
        return redirect("core:status", reference)
    return render(request, "place/need_edit.html", {"need": need})

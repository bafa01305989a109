"""Support programmes in public: /programmes/, a programme's page, and the form on which
a provider proposes a change."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property

from apps.core.security.ratelimit import ratelimit, within_limit
from apps.core.views import granted, manage_expired, save_submitter_edit
from apps.core.web.lists import ListPage
from apps.programmes import services
from apps.programmes.filters import ProgrammeFilter
from apps.programmes.forms import ProgrammeChangeEditForm, ProgrammeChangeForm
from apps.programmes.models import Programme, ProgrammeChange


class ProgrammeListPage(ListPage):
    filterset_class = ProgrammeFilter
    template_name = "programmes/index.html"
    paginate_by = 20

    @cached_property
    def today(self):
        """The one date the listing, the open-now filter and the cards all use."""
        return timezone.localdate()

    def get_queryset(self):
        return Programme.objects.for_listing(self.today)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "today": self.today}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, today=self.today)


def programme_detail(request, slug):
    today = timezone.localdate()
    programme = get_object_or_404(Programme.objects.for_listing(today), slug=slug)
    return render(request, "programmes/detail.html", {"programme": programme, "today": today})


@ratelimit(name="programme-change", limit=10, email_field="contact_email")
def propose_change(request, slug):
    programme = get_object_or_404(Programme.objects.current(timezone.localdate()), slug=slug)
    form = ProgrammeChangeForm(request.POST or None, programme=programme)
    if request.method == "POST" and within_limit(request, form) and form.is_valid():
        change = services.change_propose(programme=programme, values=form.change_values())
        request.session["submitted_to"] = change.contact_email
        return redirect("programmes:change_sent")
    return render(request, "programmes/propose.html", {"programme": programme, "form": form})


@ratelimit(name="programme-change-edit", limit=30)
def change_edit(request, reference):
    """From a manage link: the proposer changes a proposal that waits for review or was
    turned down (changed, it goes back into the queue). Once approved it is the
    programme's own text, and the link opens its status page instead."""
    change = granted(request, reference, "manage", ProgrammeChange)
    if change is None:
        return manage_expired(request)
    if not change.submitter_can_edit():
        return redirect("core:status", reference)
    form = ProgrammeChangeEditForm(request.POST or None, instance=change)
    if request.method == "POST" and within_limit(request, form) and form.is_valid():
        return save_submitter_edit(
            request, obj=change, values=form.change_values(), noun="proposed change"
        )
    return render(request, "programmes/change_edit.html", {"change": change, "form": form})

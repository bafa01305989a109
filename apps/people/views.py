import io

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.core.ratelimit import ratelimit
from apps.core.views import granted_for_edit, manage_expired
from apps.people import services
from apps.people import skills_map as maps
from apps.people.filters import CourseFilter, SkillsMapFilterForm
from apps.people.forms import (
    NewOrganisationForm,
    SkillLineFormSet,
    SurveyForm,
    grouped_skill_choices,
    sent_values,
)
from apps.people.models import Course, SurveyResponse, SurveyRound

PAGE_SIZE = 20


def skills_map(request):
    """The skills map for one round, as a page or, with ?format=csv, as CSV.

    The page shows each category's totals and the top tens; ?category= lists one
    category's skills and their vacancies by size. The CSV downloads hold every skill."""
    form = SkillsMapFilterForm(request.GET or None)
    survey_round, filters, category = form.values() if request.GET else (None, {}, None)
    survey_round = survey_round or (form.rounds[0] if form.rounds else None)
    if survey_round is None:
        return render(request, "people/skills_map.html", {"form": form, "map": None})
    download = request.GET.get("format")
    # Only the per-category page and the heatmap CSV show vacancies by size.
    heatmap = download == "heatmap-csv" or (category is not None and download != "csv")
    result = maps.build(
        survey_round=survey_round,
        previous_round=survey_round.previous(among=form.rounds),
        heatmap=heatmap,
        **filters,
    )
    if download in ("csv", "heatmap-csv"):
        return _csv(result, heatmap=download == "heatmap-csv")
    context = {
        "form": form,
        "map": result,
        "filtered": any(filters.values()),
        "suppress_below": maps.SUPPRESS_BELOW,
        "skill_count": len(result.skill_rows),
    }
    if category is None:
        context["overview"] = maps.overview_rows(result)
    else:
        selected = [c for c in result.categories if c.category.pk == category.pk]
        context |= {
            "category": category,
            "header": maps.table_header(result),
            "rows": list(maps.table_rows(result, categories=selected)),
            "heatmap": [
                (row, cells)
                for row, cells in result.heatmap
                if row.skill.category_id == category.pk
            ],
        }
    return render(request, "people/skills_map.html", context)


def _csv(result, *, heatmap):
    out = io.StringIO()
    if heatmap:
        maps.write_csv(out, maps.heatmap_header(result), maps.heatmap_rows(result))
        name = f"skills-by-size-{result.round.slug}.csv"
    else:
        maps.write_csv(out, maps.table_header(result), maps.table_csv_rows(result))
        name = f"skills-map-{result.round.slug}.csv"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# "Add another skill" without JavaScript is a POST too, hence the generous limit.
@ratelimit(name="skills-survey", limit=60)
def survey(request):
    survey_round = SurveyRound.objects.open().first()
    if survey_round is None:
        return render(
            request,
            "people/survey_closed.html",
            {"next_round": SurveyRound.objects.filter(opens_on__gt=timezone.localdate()).last()},
            status=200 if request.method == "GET" else 400,
        )
    choices = grouped_skill_choices()
    data = request.POST if request.method == "POST" else None
    form = SurveyForm(data, survey_round=survey_round)
    organisation_form = NewOrganisationForm(data, prefix="org")
    formset = SkillLineFormSet(data, prefix="lines", form_kwargs={"skill_choices": choices})

    if data is not None and "add_line" in data and formset.management_form.is_valid():
        # "Add another skill" without JavaScript: the same answers, unchecked, with one
        # more row (up to the formset's limit).
        rows = [*(sent_values(line) for line in formset), {}][: formset.absolute_max]
        form = SurveyForm(initial=sent_values(form), survey_round=survey_round)
        organisation_form = NewOrganisationForm(
            initial=sent_values(organisation_form), prefix="org"
        )
        formset = SkillLineFormSet(
            prefix="lines", rows=rows, form_kwargs={"skill_choices": choices}
        )
        added = True
    elif data is not None:
        added = False
        form_ok = form.is_valid()
        lines_ok = formset.is_valid()
        new = form.cleaned_data.get("who") == SurveyForm.NEW
        organisation_ok = organisation_form.is_valid() if new else True
        if not new:
            # The new-business details were not used: shown again as sent, unchecked.
            organisation_form = NewOrganisationForm(
                initial=sent_values(organisation_form), prefix="org"
            )
        if form_ok and lines_ok and organisation_ok:
            try:
                response = services.survey_response_submit(
                    survey_round=survey_round,
                    organisation=None if new else form.cleaned_data["organisation"],
                    new_organisation=organisation_form.submitter_values() if new else None,
                    answers=form.answers(),
                    lines=formset.lines(),
                    contact_name=form.cleaned_data["contact_name"],
                    contact_email=form.cleaned_data["contact_email"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session["submitted_to"] = response.contact_email
                return redirect("people:survey_submitted")
    else:
        added = False
    has_errors = bool(form.errors or organisation_form.errors or formset.total_error_count())
    return render(
        request,
        "people/survey.html",
        {
            "survey_round": survey_round,
            "form": form,
            "organisation_form": organisation_form,
            "formset": formset,
            "has_errors": has_errors,
            "added": added,
        },
    )


def survey_submitted(request):
    email = request.session.get("submitted_to")
    if not email:
        return redirect("people:survey")
    return render(request, "people/survey_submitted.html", {"email": email})


def response_detail(request, reference):
    """What a business sent, opened from a manage link. Responses are not edited: a
    new response in the same round replaces the old one once published."""
    response = granted_for_edit(request, reference, SurveyResponse)
    if response is None:
        return manage_expired(request)
    lines = response.lines.select_related("skill").order_by("skill__name")
    return render(request, "people/response.html", {"response": response, "lines": lines})


def courses(request):
    filterset = CourseFilter(request.GET, queryset=Course.objects.for_list())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/courses.html", {"filter": filterset, "page_obj": page})

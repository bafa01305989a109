import io

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.core.security.ratelimit import ratelimit, within_limit
from apps.core.views import granted, manage_expired
from apps.core.web.lists import ListPage
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
    result = maps.shared(
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
        context |= _category_context(result, category)
    return render(request, "people/skills_map.html", context)


def _category_context(result, category):
    """What the page shows for one category: each of its skills, and their vacancies by
    size."""
    selected = [c for c in result.categories if c.category.pk == category.pk]
    return {
        "category": category,
        "header": maps.table_header(result),
        "rows": list(maps.table_rows(result, categories=selected)),
        "heatmap": [
            (row, cells) for row, cells in result.heatmap if row.skill.category_id == category.pk
        ],
    }


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


# "Add another skill" without JavaScript is a POST too; only a sent response counts.
@ratelimit(name="skills-survey", limit=60, email_field="contact_email")
def survey(request):
    survey_round = SurveyRound.objects.open().first()
    if survey_round is None:
        return _survey_closed(request)
    choices = grouped_skill_choices()
    data = request.POST if request.method == "POST" else None
    forms = _survey_forms(data, survey_round, choices)
    added = data is not None and "add_line" in data and forms["formset"].management_form.is_valid()
    if added:
        forms = _survey_with_another_line(forms, survey_round, choices)
    elif data is not None:
        sent = _survey_submit(request, survey_round, **forms)
        if sent is not None:
            return sent
        if forms["form"].cleaned_data.get("who") != SurveyForm.NEW:
            # The new-business details were not used: shown again as sent, unchecked.
            forms["organisation_form"] = NewOrganisationForm(
                initial=sent_values(forms["organisation_form"]), prefix="org"
            )
    has_errors = bool(
        forms["form"].errors
        or forms["organisation_form"].errors
        or forms["formset"].total_error_count()
    )
    context = {"survey_round": survey_round, **forms, "has_errors": has_errors, "added": added}
    return render(request, "people/survey.html", context)


def _survey_closed(request):
    return render(
        request,
        "people/survey_closed.html",
        {"next_round": SurveyRound.objects.filter(opens_on__gt=timezone.localdate()).last()},
        status=200 if request.method == "GET" else 400,
    )


def _survey_forms(data, survey_round, choices):
    """The survey's three forms, named as the template names them; bound to `data`
    unless it is None."""
    return {
        "form": SurveyForm(data, survey_round=survey_round),
        "organisation_form": NewOrganisationForm(data, prefix="org"),
        "formset": SkillLineFormSet(data, prefix="lines", form_kwargs={"skill_choices": choices}),
    }


def _survey_with_another_line(forms, survey_round, choices):
    """The survey again after "Add another skill" without JavaScript: the same answers,
    unchecked, with one more row (up to the formset's limit)."""
    formset = forms["formset"]
    rows = [*(sent_values(line) for line in formset), {}][: formset.absolute_max]
    return {
        "form": SurveyForm(initial=sent_values(forms["form"]), survey_round=survey_round),
        "organisation_form": NewOrganisationForm(
            initial=sent_values(forms["organisation_form"]), prefix="org"
        ),
        "formset": SkillLineFormSet(
            prefix="lines", rows=rows, form_kwargs={"skill_choices": choices}
        ),
    }


def _survey_submit(request, survey_round, *, form, organisation_form, formset):
    """Check every form, so that all their errors show at once, and submit the response.
    The redirect once it is stored; None when there are errors (now on the forms)."""
    allowed = within_limit(request, form)
    form_ok = form.is_valid()
    lines_ok = formset.is_valid()
    new = form.cleaned_data.get("who") == SurveyForm.NEW
    organisation_ok = organisation_form.is_valid() if new else True
    if not (allowed and form_ok and lines_ok and organisation_ok):
        return None
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
        return None
    request.session["submitted_to"] = response.contact_email
    return redirect("people:survey_submitted")


def response_detail(request, reference):
    """What a business sent, opened from a manage link. Responses are not edited: a
    new response in the same round replaces the old one once published."""
    response = granted(request, reference, "manage", SurveyResponse)
    if response is None:
        return manage_expired(request)
    lines = response.lines.select_related("skill").order_by("skill__name")
    return render(request, "people/response.html", {"response": response, "lines": lines})


class CourseListPage(ListPage):
    filterset_class = CourseFilter
    template_name = "people/courses.html"
    paginate_by = 20

    def get_queryset(self):
        return Course.objects.for_list()

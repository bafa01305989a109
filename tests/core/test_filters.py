"""The list pages' FilterSets: plain django-filter, over FilterForm."""

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse

from apps.core.web.forms import FilterForm
from apps.place.filters import SpaceFilter
from apps.place.models import Space
from apps.profile.filters import OrganisationFilter
from apps.profile.models import Organisation, Sector
from tests import factories

pytestmark = pytest.mark.django_db


def _filter(query):
    return OrganisationFilter(QueryDict(query), queryset=Organisation.objects.all())


def test_each_filterset_has_its_own_form_fields_errors_and_data():
    first, second = _filter("size=1-9"), _filter("size=nonsense")
    assert first.form.fields["size"] is not second.form.fields["size"]
    assert first.is_valid() and not second.is_valid()
    assert "size" in second.form.errors and not first.form.errors
    assert _filter("").form["size"].value() is None


def test_a_method_filter_calls_its_own_filterset():
    games = factories.SectorFactory(name="Games", slug="games")
    factories.OrganisationFactory(name="Alpha", sectors=[games])
    factories.OrganisationFactory(name="Beta", sectors=[])
    first, second = _filter("sector=games"), _filter("")
    assert [o.name for o in first.qs] == ["Alpha"]
    assert sorted(o.name for o in second.qs) == ["Alpha", "Beta"]
    assert first.filters["sector"].parent is first
    assert OrganisationFilter.base_filters["sector"] is not first.filters["sector"]


def test_each_form_lists_the_choices_there_are_when_it_is_made():
    assert _filter("").form.fields["sector"].choices
    factories.SectorFactory(name="Quantum", slug="quantum")
    assert ("quantum", "Quantum") in [
        (str(value), label) for value, label in _filter("").form.fields["sector"].choices
    ]


class Sizes(FilterForm):
    size = forms.ChoiceField(choices=[("", "Any size"), ("s", "Small")], required=False)
    sector = forms.ModelChoiceField(queryset=Sector.objects.all(), required=False)


def test_a_form_replacing_its_choices_changes_only_itself():
    first = Sizes()
    first.fields["size"].choices = [("x", "Other")]
    assert list(first.fields["size"].choices) == [("x", "Other")]
    second = Sizes({"size": "s"})
    assert list(second.fields["size"].choices) == [("", "Any size"), ("s", "Small")]
    assert second.is_valid() and second.cleaned_data["size"] == "s"
    assert not Sizes({"size": "x"}).is_valid()


def test_a_filter_form_marks_no_field_optional():
    html = str(Sizes())
    assert 'class="label" for="id_size">Size</label>' in html
    assert "(optional)" not in html


def _spaces(query):
    return SpaceFilter(QueryDict(query), queryset=Space.objects.all())


def test_spaces_are_filtered_by_area_and_every_amenity_chosen_by_slug():
    ouseburn = factories.AreaFactory(name="Ouseburn", slug="ouseburn")
    showers, bikes = (
        factories.AmenityFactory(name="Showers"),
        factories.AmenityFactory(name="Bikes"),
    )
    both = factories.SpaceFactory(
        building=factories.BuildingFactory(area=ouseburn, amenities=[showers, bikes])
    )
    factories.SpaceFactory(building=factories.BuildingFactory(area=ouseburn, amenities=[showers]))
    factories.SpaceFactory(building=factories.BuildingFactory(amenities=[showers, bikes]))
    spaces = _spaces(f"area=ouseburn&amenities={showers.slug}&amenities={bikes.slug}")
    assert spaces.form.is_valid()
    assert list(spaces.qs) == [both]


def test_null_is_an_area_slug_like_any_other_not_a_search_for_spaces_with_no_area(client):
    factories.SpaceFactory()
    spaces = _spaces("area=null")
    assert list(spaces.form.errors) == ["area"]
    assert list(spaces.qs) == list(_spaces("").qs)  # the bad value is ignored
    # The API: a well-formed slug naming no area is a 404 naming the filter.
    response = client.get("/api/v1/spaces/", {"area": "null"})
    assert response.status_code == 404
    assert list(response.json()) == ["area"]
    # An area whose slug is "null" is chosen as any other is.
    null = factories.AreaFactory(name="Null Island", slug="null")
    there = factories.SpaceFactory(building=factories.BuildingFactory(area=null))
    assert list(_spaces("area=null").qs) == [there]
    response = client.get("/api/v1/spaces/", {"area": "null"})
    assert [row["slug"] for row in response.json()["results"]] == [there.slug]


def test_an_unknown_area_or_amenity_is_reported_on_the_search_page(client):
    response = client.get(reverse("place:search"), {"area": "atlantis", "amenities": "moat"})
    assert set(response.context["filter"].form.errors) == {"area", "amenities"}
    assert "Some filters were not understood and have been ignored." in response.content.decode()


def test_a_filter_forms_model_choices_come_from_one_plain_query_per_form(
    django_assert_num_queries,
):
    factories.SectorFactory(name="Games", slug="games")
    form = _filter("sector=games").form
    assert not form.errors  # validation looks the chosen sector up: a query of its own
    with django_assert_num_queries(1) as captured:
        html = form["sector"].as_widget() + form["sector"].as_widget()
    # One SELECT, kept for the form, not a server-side cursor's DECLARE each time.
    assert captured.captured_queries[0]["sql"].startswith("SELECT")
    assert html.count('value="games"') == 2


def test_each_form_reads_the_options_afresh():
    factories.SectorFactory(name="Games", slug="games")
    assert "games" in _filter("").form["sector"].as_widget()
    factories.SectorFactory(name="Space tech", slug="space-tech")
    assert "space-tech" in _filter("").form["sector"].as_widget()


def test_a_public_forms_model_choices_are_read_once_and_still_validated(
    django_assert_num_queries,
):
    from apps.profile.forms import OrganisationAddForm

    games = factories.SectorFactory(name="Games", slug="games")
    form = OrganisationAddForm(data={"sectors": [str(games.pk), "999999"]})
    assert not form.is_valid()
    assert "sectors" in form.errors
    with django_assert_num_queries(1):
        html = str(form["sectors"]) + str(form["sectors"])
    assert html.count(f'value="{games.pk}"') == 2

import pytest
from django import forms

from apps.core.choices import read_options, read_options_later
from apps.core.models import Area
from apps.profile.models import Sector
from tests import factories

pytestmark = pytest.mark.django_db


class PlaceForm(forms.Form):
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(), to_field_name="slug", required=False, empty_label="Any"
    )
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.order_by("-name"), to_field_name="slug", empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        read_options(self, {"area": "name", "sector": "name"})


def options(form, name):
    return [(str(value), label) for value, label in form.fields[name].widget.choices]


def test_the_options_of_every_field_come_from_one_query_in_each_fields_order(
    django_assert_num_queries,
):
    for name in ("Byker", "Amble", "Corbridge"):
        factories.AreaFactory(name=name)
    for name in ("Games", "Fintech"):
        factories.SectorFactory(name=name)
    with django_assert_num_queries(1):
        form = PlaceForm()
        html = str(form["area"]) + str(form["sector"])
    assert options(form, "area") == [
        ("", "Any"),
        ("amble", "Amble"),
        ("byker", "Byker"),
        ("corbridge", "Corbridge"),
    ]
    assert options(form, "sector") == [("games", "Games"), ("fintech", "Fintech")]
    assert '<option value="byker">Byker</option>' in html


def test_the_options_are_read_afresh_for_each_form():
    factories.SectorFactory(name="Games")
    assert [label for _value, label in options(PlaceForm(), "area")] == ["Any"]
    factories.AreaFactory(name="Ouseburn")
    assert options(PlaceForm(), "area") == [("", "Any"), ("ouseburn", "Ouseburn")]


def test_a_chosen_value_is_still_checked_against_the_queryset():
    factories.SectorFactory(name="Games")
    factories.AreaFactory(name="Ouseburn")
    form = PlaceForm({"area": "ouseburn", "sector": "games"})
    assert form.is_valid()
    assert form.cleaned_data["area"] == Area.objects.get(slug="ouseburn")
    form = PlaceForm({"area": "nowhere", "sector": "games"})
    assert not form.is_valid()
    assert list(form.errors) == ["area"]


class LaterForm(forms.Form):
    area = forms.ChoiceField(
        choices=(),
        required=False,
        error_messages={"invalid_choice": "Not an area."},
    )
    sectors = forms.MultipleChoiceField(choices=(), required=False)
    option_sources = {
        "area": (Area.objects.all(), "slug", "name"),
        "sectors": (Sector.objects.order_by("-name"), "slug", "name"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        read_options_later(self, self.option_sources)


def test_options_read_later_come_from_one_query_only_when_listed(django_assert_num_queries):
    for name in ("Byker", "Amble"):
        factories.AreaFactory(name=name)
    for name in ("Games", "Fintech"):
        factories.SectorFactory(name=name)
    with django_assert_num_queries(0):  # nothing chosen, nothing listed: no query
        form = LaterForm({"area": "", "sectors": []})
        assert form.is_valid()
    with django_assert_num_queries(1):
        form = LaterForm({"area": "byker", "sectors": ["games", "fintech"]})
        assert form.is_valid()
        html = str(form["area"]) + str(form["sectors"])
    assert form.cleaned_data == {"area": "byker", "sectors": ["games", "fintech"]}
    assert options(form, "area") == [("amble", "Amble"), ("byker", "Byker")]
    assert options(form, "sectors") == [("games", "Games"), ("fintech", "Fintech")]
    assert '<option value="byker" selected>Byker</option>' in html


def test_options_read_later_are_read_afresh_and_check_a_chosen_value():
    form = LaterForm({"area": "ouseburn", "sectors": ["games"]})
    assert not form.is_valid()
    assert form.errors == {
        "area": ["Not an area."],
        "sectors": ["Select a valid choice. games is not one of the available choices."],
    }
    factories.AreaFactory(name="Ouseburn")
    factories.SectorFactory(name="Games")
    assert LaterForm({"area": "ouseburn", "sectors": ["games"]}).is_valid()


def test_a_chosen_value_is_the_row_read_for_the_options_with_no_query_of_its_own(
    django_assert_num_queries,
):
    games = factories.SectorFactory(name="Games")
    factories.SectorFactory(name="Fintech")
    ouseburn = factories.AreaFactory(name="Ouseburn")
    with django_assert_num_queries(1):
        form = PlaceForm({"area": "ouseburn", "sector": "games"})
        assert form.is_valid()
        area, sector = form.cleaned_data["area"], form.cleaned_data["sector"]
        # The key, the value and the label are loaded; the instance is the database's.
        assert (area.pk, area.slug, area.name) == (ouseburn.pk, "ouseburn", "Ouseburn")
        assert (sector.pk, str(sector)) == (games.pk, "Games")
        assert not sector._state.adding
        str(form)
    assert sector == games
    # Any other field is still there, read when asked for.
    with django_assert_num_queries(1):
        assert sector.description == games.description


def test_a_value_not_among_the_rows_read_is_looked_up_and_refused(django_assert_num_queries):
    factories.SectorFactory(name="Games")
    with django_assert_num_queries(2):  # the options, then the field's own lookup
        form = PlaceForm({"area": "", "sector": "GAMES"})
        assert not form.is_valid()
    assert list(form.errors) == ["sector"]


def test_a_chosen_primary_key_is_found_among_the_rows_as_the_database_compares(
    django_assert_num_queries,
):
    class ByKey(forms.Form):
        area = forms.ModelChoiceField(queryset=Area.objects.all(), required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            read_options(self, {"area": "name"})

    byker = factories.AreaFactory(name="Byker")
    with django_assert_num_queries(1):
        form = ByKey({"area": f"0{byker.pk}"})
        assert form.is_valid()
    assert form.cleaned_data["area"] == byker
    assert not ByKey({"area": "byker"}).is_valid()

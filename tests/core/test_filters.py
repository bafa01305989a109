import django_filters
import pytest
from django import forms
from django.http import QueryDict

from apps.core.filters import PortalFilterSet
from apps.core.forms import FilterForm
from apps.profile.filters import OrganisationFilter
from apps.profile.models import Organisation, Sector
from tests import factories

pytestmark = pytest.mark.django_db


def _filter(query):
    return OrganisationFilter(QueryDict(query), queryset=Organisation.objects.all())


def test_every_filterset_shares_one_form_class_but_not_its_fields():
    first, second = _filter("size=1-9"), _filter("size=nonsense")
    assert type(first.form) is type(second.form)
    assert first.form.fields["size"] is not second.form.fields["size"]
    assert first.is_valid() and not second.is_valid()
    # One form's errors and data stay its own.
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


def test_the_form_lists_choices_added_after_its_class_was_built():
    assert _filter("").form  # builds the shared form class
    factories.SectorFactory(name="Quantum", slug="quantum")
    assert ("quantum", "Quantum") in [
        (str(value), label) for value, label in _filter("").form.fields["sector"].choices
    ]


def test_a_queryset_made_per_request_gets_a_field_per_request():
    def sectors(request):
        return Sector.objects.filter(slug=request.GET["only"])

    class PerRequest(PortalFilterSet):
        sector = django_filters.ModelChoiceFilter(queryset=sectors, to_field_name="slug")

        class Meta:
            model = Organisation
            fields = []
            form = FilterForm

    factories.SectorFactory(name="Games", slug="games")
    factories.SectorFactory(name="Fintech", slug="fintech")
    for only in ("games", "fintech"):
        request = type("Request", (), {"GET": {"only": only}})()
        form = PerRequest(QueryDict(), request=request).form
        assert [str(value) for value, _ in form.fields["sector"].choices] == ["", only]


class Sizes(FilterForm):
    size = forms.ChoiceField(choices=[("", "Any size"), ("s", "Small")], required=False)
    sector = forms.ModelChoiceField(queryset=Sector.objects.all(), required=False)


def test_fixed_choices_are_shared_and_a_form_replacing_them_changes_only_itself():
    first = Sizes()
    first.fields["size"].choices = [("x", "Other")]
    assert list(first.fields["size"].choices) == [("x", "Other")]
    second = Sizes({"size": "s"})
    assert list(second.fields["size"].choices) == [("", "Any size"), ("s", "Small")]
    assert second.is_valid() and second.cleaned_data["size"] == "s"
    assert not Sizes({"size": "x"}).is_valid()


def test_each_form_reads_its_own_model_choices():
    before = [label for _, label in Sizes().fields["sector"].choices]
    factories.SectorFactory(name="Games", slug="games")
    assert [label for _, label in Sizes().fields["sector"].choices] == [*before, "Games"]

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.moderation.models import Status
from apps.profile.models import Organisation, Sector
from tests import factories
from tests.profile.factories import StoryFactory

pytestmark = pytest.mark.django_db


def names(response):
    return [o.name for o in response.context["page_obj"].object_list]


@pytest.fixture
def directory():
    ouseburn = factories.AreaFactory(name="Ouseburn")
    quayside = factories.AreaFactory(name="Quayside")
    fintech = factories.SectorFactory(name="Fintech")
    games = factories.SectorFactory(name="Games")
    make = factories.OrganisationFactory
    make(
        name="Alpha Pay",
        area=quayside,
        sectors=[fintech],
        hiring_now=True,
        hiring_url="https://alpha.example.com/jobs",
        kind=Organisation.Kind.STARTUP,
        employee_band=Organisation.EmployeeBand.MICRO,
    )
    make(
        name="Beta Games",
        area=ouseburn,
        sectors=[games],
        employee_band=Organisation.EmployeeBand.MEDIUM,
    )
    make(
        name="Gamma Ledger",
        area=ouseburn,
        sectors=[fintech, games],
        hiring_now=True,
        hiring_url="https://gamma.example.com/jobs",
    )
    # Never visible, whatever the filters.
    for status in [Status.UNCONFIRMED, Status.PENDING, Status.REJECTED, Status.ARCHIVED]:
        make(
            name=f"Hidden {status}",
            area=ouseburn,
            sectors=[fintech],
            status=status,
            hiring_now=True,
            hiring_url="https://hidden.example.com",
        )
    return {"ouseburn": ouseburn, "fintech": fintech}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Alpha Pay", "Beta Games", "Gamma Ledger"]),
        ({"sector": "fintech"}, ["Alpha Pay", "Gamma Ledger"]),
        ({"area": "ouseburn"}, ["Beta Games", "Gamma Ledger"]),
        ({"size": "1-9"}, ["Alpha Pay"]),
        ({"kind": "startup"}, ["Alpha Pay"]),
        ({"hiring": "on"}, ["Alpha Pay", "Gamma Ledger"]),
        ({"sector": "fintech", "area": "ouseburn", "hiring": "on"}, ["Gamma Ledger"]),
        ({"sector": "games", "size": "1-9"}, []),
        ({"q": "ledger", "sector": "games"}, ["Gamma Ledger"]),
        ({"q": "pay", "sector": "games"}, []),
    ],
)
def test_filters_select_exactly_the_matching_published_businesses(
    client, directory, params, expected
):
    response = client.get(reverse("profile:directory"), params)
    assert response.status_code == 200
    assert names(response) == expected
    assert b"Hidden" not in response.content


def test_search_ranks_name_matches_above_description_matches(client, directory):
    factories.OrganisationFactory(name="Ledger Labs", summary="Accounting tools.")
    factories.OrganisationFactory(
        name="Other Co", summary="We sometimes mention a ledger.", description="ledger"
    )
    response = client.get(reverse("profile:directory"), {"q": "ledger"})
    found = names(response)
    # Both name matches (weight A, equal rank, then by name) come before the body match.
    assert found == ["Gamma Ledger", "Ledger Labs", "Other Co"]


def test_search_finds_businesses_by_sector_name(client, directory):
    response = client.get(reverse("profile:directory"), {"q": "games"})
    assert names(response) == ["Beta Games", "Gamma Ledger"]


def test_the_sector_filter_follows_every_change_to_a_business_s_sectors(client, directory):
    alpha = Organisation.objects.get(name="Alpha Pay")
    beta = Organisation.objects.get(name="Beta Games")
    games = Sector.objects.get(name="Games")
    alpha.sectors.set([games])  # from the organisation's side
    directory["fintech"].organisations.add(beta)  # from the sector's side (the admin)
    assert names(client.get(reverse("profile:directory"), {"sector": "fintech"})) == [
        "Beta Games",
        "Gamma Ledger",
    ]
    assert names(client.get(reverse("profile:directory"), {"sector": "games"})) == [
        "Alpha Pay",
        "Beta Games",
        "Gamma Ledger",
    ]
    alpha.sectors.clear()
    alpha.refresh_from_db()
    assert alpha.sector_ids == []
    assert sorted(Organisation.objects.get(pk=beta.pk).sector_ids) == sorted(
        [games.pk, directory["fintech"].pk]
    )


def test_saving_a_business_after_changing_its_sectors_keeps_the_copies(client, directory):
    alpha = Organisation.objects.get(name="Alpha Pay")
    games = Sector.objects.get(name="Games")
    alpha.sectors.set([games])
    alpha.summary = "Payments for games studios."
    alpha.save()
    assert names(client.get(reverse("profile:directory"), {"sector": "games"})) == [
        "Alpha Pay",
        "Beta Games",
        "Gamma Ledger",
    ]
    assert names(client.get(reverse("profile:directory"), {"q": "games studios"})) == ["Alpha Pay"]
    alpha.refresh_from_db()
    assert (alpha.sector_names, alpha.sector_ids) == ("Games", [games.pk])


def test_a_search_within_a_sector_needs_no_join(client, directory):
    # Joining the sector links made PostgreSQL test the search on every business in the
    # sector, reading each out-of-line search vector; the copied ids let it combine the
    # two GIN indexes instead.
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("profile:directory"), {"q": "ledger", "sector": "fintech"})
    searches = [q["sql"] for q in queries if "websearch_to_tsquery" in q["sql"]]
    assert len(searches) == 1  # the page, which has room to spare, so no count
    # From the outer FROM on: the cards' sector names are a subquery in the select list.
    outer = [sql.split(' FROM "profile_organisation" ')[-1] for sql in searches]
    assert not any("profile_organisation_sectors" in sql for sql in outer)


def test_the_directory_counts_businesses_without_joining_their_areas(client, directory):
    # The cards' area is read with select_related(), which a COUNT leaves out.
    businesses = Organisation.objects.for_directory().search("pay")
    with CaptureQueriesContext(connection) as queries:
        assert businesses.count() == 1
    assert "core_area" not in queries[0]["sql"]
    assert businesses.get().area.name == "Quayside"
    response = client.get(reverse("profile:directory"), {"q": "pay"})
    assert '<p class="org-card__meta">Quayside · ' in response.content.decode()


def test_search_never_returns_unpublished_businesses(client, directory):
    response = client.get(reverse("profile:directory"), {"q": "hidden"})
    assert names(response) == []


@pytest.mark.parametrize(
    "params",
    [
        {"sector": "no-such-sector"},
        {"area": "<script>alert(1)</script>"},
        {"size": "9000"},
        {"kind": "'; DROP TABLE profile_organisation; --"},
        {"hiring": "maybe"},
        {"page": "abc"},
        {"page": "99999"},
        {"q": "\x00"},
        {"q": "a" * 5000},
        {"q": "& | ! ( ) :*"},
    ],
)
def test_unknown_filter_values_never_cause_an_error(client, directory, params):
    response = client.get(reverse("profile:directory"), params)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_an_unknown_filter_value_is_reported_and_ignored(client, directory):
    response = client.get(reverse("profile:directory"), {"sector": "nope"})
    assert b"Some filters were not understood" in response.content
    assert len(names(response)) == 3


def test_pagination_keeps_the_filters(client, directory):
    area = directory["ouseburn"]
    for n in range(25):
        factories.OrganisationFactory(name=f"Ouse {n:02d}", area=area)
    response = client.get(reverse("profile:directory"), {"area": "ouseburn"})
    assert response.context["page_obj"].paginator.num_pages == 2
    html = response.content.decode()
    assert 'href="?area=ouseburn&amp;page=2"' in html
    second = client.get(reverse("profile:directory"), {"area": "ouseburn", "page": 2})
    assert all(o.area_id == area.pk for o in second.context["page_obj"].object_list)


def test_the_profile_page_shows_public_details_but_never_the_private_contact(client):
    organisation = factories.OrganisationFactory(
        name="Open Co",
        contact_name="Secret Person",
        contact_email="secret@open.example.com",
        public_email="hello@open.example.com",
        website="https://open.example.com",
    )
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Open Co" in html
    assert "hello@open.example.com" in html
    assert "Secret Person" not in html
    assert "secret@open.example.com" not in html
    assert organisation.reference not in html


def test_the_directory_never_shows_private_contacts(client, directory):
    html = client.get(reverse("profile:directory")).content.decode()
    assert "Private Person" not in html
    assert "@" not in html.split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize(
    "status", [Status.UNCONFIRMED, Status.PENDING, Status.REJECTED, Status.ARCHIVED]
)
def test_unpublished_profiles_are_not_found(client, status):
    organisation = factories.OrganisationFactory(status=status)
    assert client.get(organisation.get_absolute_url()).status_code == 404


def _make(n):
    sectors = [factories.SectorFactory(name=f"S{i}") for i in range(3)]
    for i in range(n):
        factories.OrganisationFactory(
            sectors=sectors[: 1 + i % 3], area=factories.AreaFactory(name=f"A{i % 4}")
        )


@pytest.mark.parametrize("n", [3, 30])
def test_the_directory_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    _make(n)
    # 1 count, 1 page of organisations with their area's and sectors' names,
    # 1 for the sector filter's options, 1 for the area filter's.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("profile:directory"), {"hiring": "", "q": ""})
    assert response.status_code == 200
    # The chosen sector (checked and read by its slug), the page of matches (a search
    # counts in its page's rows), the sector and the area options.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("profile:directory"), {"q": "company", "sector": "s0"})
    assert response.context["page_obj"].paginator.count == n


@pytest.mark.parametrize("n", [3, 30])
def test_the_profile_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, n
):
    _make(n)
    organisation = Organisation.objects.last()
    # 1 organisation with its area and sectors' names, 1 of the stories featuring it, 1 of
    # the buildings it lets (place's profile section), 1 of its
    # upcoming events (events' profile section), 1 of the industries it serves with cases.
    with django_assert_max_num_queries(5):
        response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_the_home_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    _make(n)
    organisations = list(Organisation.objects.all())
    for i in range(n):
        StoryFactory(organisations=organisations[i % n : i % n + 2], is_featured=i % 2 == 0)
    # The number of published businesses, the headline facts (staff's, then the
    # directory's computed ones, then the skills survey's rounds: none here), the stories
    # with their featured organisations, and the latest six businesses with their area
    # and sectors' names.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert len(response.context["latest"]) == min(n, 6)
    assert len(response.context["stories"]) == 3


def test_the_home_page_counts_only_published_businesses(client):
    assert "0 tech businesses listed" in client.get(reverse("home")).content.decode()
    factories.OrganisationFactory(status=Status.PENDING)
    factories.OrganisationFactory(status=Status.ARCHIVED)
    assert "0 tech businesses listed" in client.get(reverse("home")).content.decode()
    factories.OrganisationFactory()
    assert "1 tech business listed" in client.get(reverse("home")).content.decode()
    for _ in range(7):  # more than the six latest shown
        factories.OrganisationFactory()
    assert "8 tech businesses listed" in client.get(reverse("home")).content.decode()


def test_cards_list_each_business_s_area_and_sectors_by_name(client):
    zebra, apps, mobile = (factories.SectorFactory(name=n) for n in ("Zebra AI", "Apps", "Mobile"))
    byker = factories.AreaFactory(name="Byker")
    factories.OrganisationFactory(name="Delta Labs", sectors=[zebra, apps, mobile], area=byker)
    factories.OrganisationFactory(name="Epsilon", sectors=[])
    for url in (reverse("profile:directory"), reverse("home")):
        html = client.get(url).content.decode()
        delta = html[html.index("Delta Labs") :]
        delta = delta[: delta.index("</article>")]
        assert delta.count('class="tag tag--muted"') == 3
        assert '<p class="org-card__meta">Byker · ' in delta
        assert delta.index(">Apps<") < delta.index(">Mobile<") < delta.index(">Zebra AI<")
        epsilon = html[html.index(">Epsilon<") :]
        assert 'class="tag tag--muted"' not in epsilon[: epsilon.index("</article>")]


def test_the_profile_lists_its_sectors_by_name(client):
    zebra, apps = factories.SectorFactory(name="Zebra AI"), factories.SectorFactory(name="Apps")
    factories.SectorFactory(name="Mobile")  # not this business's
    listed = factories.OrganisationFactory(sectors=[zebra, apps])
    unstated = factories.OrganisationFactory(sectors=[])
    html = client.get(listed.get_absolute_url()).content.decode()
    assert "<dt>Sectors</dt><dd>Apps, Zebra AI</dd>" in html
    html = client.get(unstated.get_absolute_url()).content.decode()
    assert "<dt>Sectors</dt><dd>Not stated</dd>" in html


def test_a_search_counts_its_matches_in_its_own_rows(client, django_assert_num_queries):
    for i in range(23):
        factories.OrganisationFactory(name=f"Ledger {i}")
    factories.OrganisationFactory(name="Ledger hidden", status=Status.PENDING)
    factories.OrganisationFactory(name="Something else")
    url = reverse("profile:directory")
    for page, shown in (("1", 20), ("2", 3), (None, 20), ("x", 20)):
        # The page of matches, which carries their number, and the sector and the area
        # filter options: no COUNT query.
        with django_assert_num_queries(3):
            response = client.get(url, {"q": "ledger", "page": page} if page else {"q": "ledger"})
        assert response.context["page_obj"].paginator.count == 23
        assert len(response.context["page_obj"].object_list) == shown
        assert "23 tech businesses match your search" in response.content.decode()
    # Past the end: the last page, as Django shows it.
    response = client.get(url, {"q": "ledger", "page": "9"})
    assert response.context["page_obj"].number == 2
    assert names(response) == [f"Ledger {i}" for i in sorted(range(23), key=str)][20:]
    # No match: the empty page is read once, and is the answer (and the two options).
    with django_assert_num_queries(3):
        response = client.get(url, {"q": "zeppelin"})
    assert response.context["page_obj"].paginator.count == 0
    assert "No businesses match" in response.content.decode()

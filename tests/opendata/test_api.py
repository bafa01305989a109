import datetime
import json

import pytest
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils import timezone

from apps.events.models import Event
from apps.funding.models import Opportunity
from apps.opendata import registry, views
from apps.people.models import Course, Skill, SkillCategory, SurveyResponse, SurveyRound
from apps.place.models import Building, Space
from apps.profile.models import Organisation, OrganisationIndustry, Story
from apps.programmes.models import Programme
from apps.strategy.models import Action, Observation
from tests import factories
from tests.events.factories import EventFactory
from tests.funding.factories import OpportunityFactory
from tests.industries.factories import IndustryFactory, serves
from tests.profile.factories import StoryFactory
from tests.programmes.factories import ProgrammeFactory
from tests.strategy.factories import ActionFactory, IndicatorFactory, observe

pytestmark = pytest.mark.django_db


def names(response):
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_the_list_shows_only_published_organisations(client, open_data):
    response = client.get("/api/v1/organisations/")
    assert names(response) == ["Alpha Pay", "Beta Games", "Gamma Ledger"]
    assert response.json()["count"] == 3
    assert response["Content-Type"] == "application/json"


def test_an_organisation_is_found_by_slug_and_unpublished_ones_are_not(client, open_data):
    response = client.get("/api/v1/organisations/alpha-pay/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Alpha Pay"
    assert body["sectors"] == ["fintech"]
    assert body["area"] == "quayside"
    assert body["public_email"] == "hello@alpha.example.org"
    assert body["url"] == "http://testserver/directory/alpha-pay/"
    for organisation in open_data["hidden"]:
        assert client.get(f"/api/v1/organisations/{organisation.slug}/").status_code == 404


def test_blank_optional_values_are_null(client, open_data):
    body = client.get("/api/v1/organisations/beta-games/").json()
    assert body["public_email"] is None
    assert body["website"] is None
    assert body["stage"] is None
    assert body["logo"] is None


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sector": "fintech"},
        {"area": "ouseburn"},
        {"size": "1-9"},
        {"kind": "startup"},
        {"hiring": "on"},
        {"hiring": "true"},
        {"sector": "fintech", "area": "ouseburn", "hiring": "on"},
        {"sector": "games", "size": "1-9"},
        {"q": "ledger"},
    ],
)
def test_filters_give_the_same_organisations_as_the_directory_page(client, open_data, params):
    page = client.get(reverse("profile:directory"), params)
    expected = [o.name for o in page.context["page_obj"].object_list]
    assert names(client.get("/api/v1/organisations/", params)) == expected


def test_the_rows_give_each_value_in_its_public_form(client, open_data):
    make = factories.OrganisationFactory
    area = factories.AreaFactory(name="Gateshead Quays")
    sectors = [factories.SectorFactory(name=name) for name in ("Zeta", "Agritech", "Cyber")]
    make(name="Delta Bare", description="", sectors=[])
    make(name="Epsilon Logo", logo="logos/epsilon.png", area=area, sectors=sectors)
    make(
        name="Zed Full",
        website="https://zed.example.org/",
        founded_year=2011,
        hiring_now=True,
        public_email="hello@zed.example.org",
        companies_house_number="SC123456",
        sectors=sectors[:1],
    )
    by_name = {row["name"]: row for row in client.get("/api/v1/organisations/").json()["results"]}
    assert by_name["Delta Bare"]["sectors"] == []
    assert by_name["Delta Bare"]["description"] is None
    assert by_name["Epsilon Logo"]["logo"] == "http://testserver/media/logos/epsilon.png"
    # Sectors by name, as the directory lists them.
    assert by_name["Epsilon Logo"]["sectors"] == ["agritech", "cyber", "zeta"]
    assert by_name["Epsilon Logo"]["area"] == "gateshead-quays"
    zed = by_name["Zed Full"]
    assert (zed["founded_year"], zed["hiring_now"]) == (2011, True)
    assert zed["companies_house_number"] == "SC123456"
    assert zed["url"] == "http://testserver/directory/zed-full/"
    assert list(zed) == [
        "slug",
        "name",
        "role",
        "kind",
        "summary",
        "description",
        "website",
        "logo",
        "founded_year",
        "employee_band",
        "stage",
        "sectors",
        "area",
        "hiring_now",
        "hiring_url",
        "public_email",
        "companies_house_number",
        "url",
    ]


def test_pages_have_a_count_and_links_and_a_page_past_the_end_is_a_404(client, open_data):
    first = client.get("/api/v1/organisations/", {"page_size": 2}).json()
    assert list(first) == ["count", "next", "previous", "results"]
    assert first["count"] == 3
    assert first["next"] == "http://testserver/api/v1/organisations/?page=2&page_size=2"
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [row["name"] for row in second["results"]] == ["Gamma Ledger"]
    assert second["next"] is None
    past = client.get("/api/v1/organisations/", {"page_size": 2, "page": 3})
    assert past.status_code == 404
    assert past["Content-Type"] == "application/json"
    assert past.json() == {"detail": "Invalid page."}


def test_a_slug_that_names_nothing_is_a_404_naming_the_filter(client, open_data):
    # Well formed, as the schema allows, but there is no such sector: as a page past the
    # last, a 404, not a 400 (which would say the request broke the schema).
    response = client.get("/api/v1/organisations/", {"sector": "no-such-sector"})
    assert response.status_code == 404
    assert response.json() == {"sector": ["No sector has the slug “no-such-sector”."]}
    response = client.get("/api/v1/spaces/", {"amenities": ["wifi", "sauna"]})
    assert response.status_code == 404
    assert response.json() == {"amenities": ["No amenity has the slug “sauna”."]}
    # Along with a malformed value, it is a 400 for that value: the request is checked
    # against the schema before any slug is looked up.
    response = client.get("/api/v1/organisations/", {"sector": "no-such", "size": "huge"})
    assert response.status_code == 400
    assert set(response.json()) == {"size"}


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        # Repeated single-valued parameters, whatever their values.
        ("organisations", "page_size=null&page_size=null", "page_size"),
        ("organisations", "page_size=10&page_size=10", "page_size"),
        ("organisations", "sector=fintech&sector=games", "sector"),
        # Pages: integers from 1; sizes from 1 to 500 (no longer silently 50 or 500).
        ("stories", "page=-680&page_size=16220", "page"),
        ("stories", "page=-680&page_size=16220", "page_size"),
        ("stories", "page=0", "page"),
        ("stories", "page=last", "page"),
        ("stories", "page=1.0", "page"),
        ("stories", "page_size=0", "page_size"),
        ("stories", "page_size=501", "page_size"),
        ("stories", "page_size=null", "page_size"),
        ("skills-map", "page=" + "9" * 5000, None),  # past the end: 404, not a crash
        # Empty values: only the free-text search may be empty.
        ("courses", "starts_before=", "starts_before"),
        ("organisations", "area=", "area"),
        ("organisations", "kind=", "kind"),
        ("spaces", "amenities=", "amenities"),
        ("spaces", "sort=", "sort"),
        # Dates are YYYY-MM-DD, and real.
        ("courses", "starts_before=12/25/2026", "starts_before"),
        ("courses", "starts_after=2026-02-30", "starts_after"),
        # Numbers in their ranges; whole where the filter reads whole numbers.
        ("funding-opportunities", "amount=-83109762812", "amount"),
        ("funding-opportunities", "amount=1000000001", "amount"),
        ("funding-opportunities", "amount=1.5", "amount"),
        ("spaces", "desks=2.5", "desks"),
        ("spaces", "desks=0", "desks"),
        ("spaces", "max_price=-1", "max_price"),
        ("spaces", "max_price=NaN", "max_price"),
        # Choices, booleans and slugs of their own form.
        ("funding-opportunities", "stage=unicorn", "stage"),
        ("funding-opportunities", "open_now=maybe", "open_now"),
        ("organisations", "sector=%05", "sector"),
        ("organisations", "q=a%00b", "q"),  # text, but no null characters
        # Parameters the endpoint does not take.
        ("organisations", "secter=fintech", "secter"),
        ("sectors", "q=fin", "q"),
        ("organisations/alpha-pay", "sector=fintech", "sector"),
        ("organisations/alpha-pay", "page=1", "page"),
    ],
)
def test_a_query_the_schema_does_not_allow_is_a_400_naming_the_parameter(
    client, open_data, path, query, parameter
):
    response = client.get(f"/api/v1/{path}/?{query}")
    assert response["Content-Type"] == "application/json"
    if parameter is None:
        assert response.status_code == 404
        assert response.json() == {"detail": "Invalid page."}
        return
    assert response.status_code == 400, response.content
    assert parameter in response.json()
    assert all(isinstance(m, str) for m in response.json()[parameter])


def test_values_the_schema_allows_are_served(client, open_data):
    for path, query in [
        ("stories", "page=1&page_size=500"),
        ("stories", "page_size=1"),
        ("organisations", "q="),  # an empty search is no search
        ("organisations", "hiring=true&kind=startup&size=1-9"),
        ("organisations", "hiring=on"),  # what the directory's tick box sends
        ("funding-opportunities", "amount=0&open_now=false&stage=early"),
        ("funding-opportunities", "amount=1000000000"),
        ("spaces", "desks=5000&max_price=0.5&available_by=2030-01-31&sort=price_desc"),
        ("spaces", "max_price=1e-05"),
        ("spaces", "amenities=wifi&amenities=wifi"),
        ("courses", "starts_after=2000-01-01&starts_before=2100-12-31&cost=free"),
    ]:
        response = client.get(f"/api/v1/{path}/?{query}")
        assert response.status_code == 200, (path, query, response.content)


def test_every_response_under_the_api_is_json(client, open_data):
    for path in (
        "/api/v1/organisations/%C2%84/",  # not a slug: no route matches
        "/api/v1/organisations/no-such-organisation/",
        "/api/v1/no-such-dataset/",
        "/api/",
        "/api/v2/organisations/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert set(response.json()) == {"detail"}, path
    response = client.post("/api/v1/organisations/?page=1")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}
    assert "GET" in response["Allow"]
    # The rest of the site keeps its own pages.
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_errors_django_raises_under_the_api_are_json(rf, db):
    api, site = rf.get("/api/v1/organisations/"), rf.get("/directory/")
    for response in (views.error_400(api, SuspiciousOperation()), views.error_500(api)):
        assert response["Content-Type"] == "application/json"
        assert set(json.loads(response.content)) == {"detail"}
    assert views.error_400(api, SuspiciousOperation()).status_code == 400
    assert views.error_500(api).status_code == 500
    assert views.error_400(site, SuspiciousOperation())["Content-Type"].startswith("text/html")
    assert views.error_500(site)["Content-Type"].startswith("text/html")


def test_a_disallowed_host_under_the_api_is_a_json_400(client, db):
    response = client.get("/api/v1/organisations/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert response.json() == {"detail": "Malformed request."}


def test_sectors_and_areas_count_only_published_organisations(client, open_data):
    sectors = client.get("/api/v1/sectors/").json()["results"]
    assert [(s["slug"], s["organisation_count"]) for s in sectors] == [
        ("fintech", 2),
        ("games", 2),
    ]
    area = client.get("/api/v1/areas/ouseburn/").json()
    assert area == {
        "slug": "ouseburn",
        "name": "Ouseburn",
        "council": "newcastle",
        "organisation_count": 2,
    }


def test_pages_are_stable_when_names_tie(client, db):
    # Same name, different slugs: only the primary key tells them apart.
    for n in range(7):
        factories.OrganisationFactory(name="Same Name", slug=f"same-name-{n}")
    seen = []
    for page in (1, 2, 3):
        response = client.get("/api/v1/organisations/", {"page_size": 3, "page": page})
        seen += [row["slug"] for row in response.json()["results"]]
    expected = list(
        Organisation.objects.published().order_by("name", "pk").values_list("slug", flat=True)
    )
    assert seen == expected
    assert len(set(seen)) == 7


def test_a_conditional_get_with_the_etag_returns_304(client, open_data):
    first = client.get("/api/v1/organisations/")
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert first["Cache-Control"] == "public, no-cache"
    again = client.get("/api/v1/organisations/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # Any change to the published data gives a new ETag and a full response.
    Organisation.objects.filter(slug="alpha-pay").update(summary="Changed.")
    changed = client.get("/api/v1/organisations/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_conditional_get_with_last_modified_returns_304(client, open_data):
    Organisation.objects.update(reviewed_at=timezone.now() - timezone.timedelta(days=1))
    first = client.get("/api/v1/organisations/alpha-pay/")
    again = client.get(
        "/api/v1/organisations/alpha-pay/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 304


def test_publishing_moves_last_modified_forward(client, open_data):
    Organisation.objects.update(reviewed_at=timezone.now() - timezone.timedelta(days=3))
    before = client.get("/api/v1/sectors/")["Last-Modified"]
    hidden = Organisation.objects.get(slug="hidden-pending")
    Organisation.objects.filter(pk=hidden.pk).update(status="published", reviewed_at=timezone.now())
    after = client.get("/api/v1/sectors/", HTTP_IF_MODIFIED_SINCE=before)
    assert after.status_code == 200
    assert after["Last-Modified"] != before


def test_any_site_may_read_the_api_with_get(client, open_data):
    response = client.get("/api/v1/organisations/", HTTP_ORIGIN="https://example.net")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/organisations/",
        HTTP_ORIGIN="https://example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    allowed = preflight["Access-Control-Allow-Methods"]
    assert "GET" in allowed
    assert "POST" not in allowed
    assert "DELETE" not in allowed
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]


def test_cors_stays_off_for_the_rest_of_the_site(client, open_data):
    response = client.get("/directory/", HTTP_ORIGIN="https://example.net")
    assert "Access-Control-Allow-Origin" not in response


def test_the_api_is_read_only(client, open_data):
    for method in (client.post, client.put, client.patch, client.delete):
        assert method("/api/v1/organisations/").status_code == 405
        assert method("/api/v1/organisations/alpha-pay/").status_code == 405


def test_the_api_speaks_json_only(client, open_data):
    # No browsable HTML API: its inline scripts would break the site's CSP.
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/api/v1/organisations/", HTTP_ACCEPT=browser)
    assert response["Content-Type"] == "application/json"
    assert client.get("/api/v1/", HTTP_ACCEPT=browser)["Content-Type"] == "application/json"


def test_anonymous_clients_are_throttled(client, open_data, throttle_rate):
    throttle_rate("3/minute")
    for _ in range(3):
        assert client.get("/api/v1/sectors/").status_code == 200
    response = client.get("/api/v1/sectors/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert set(response.json()) == {"detail"}
    # Another address has its own allowance.
    assert client.get("/api/v1/sectors/", REMOTE_ADDR="10.9.9.9").status_code == 200


def _grow_organisations(n):
    while Organisation.objects.count() < n:
        factories.OrganisationFactory(
            sectors=[factories.SectorFactory(), factories.SectorFactory()],
            area=factories.AreaFactory(),
        )


def _grow(model, make):
    def grow_to(n):
        while model.objects.count() < n:
            make()

    return grow_to


def _make_response():
    survey_round = SurveyRound.objects.first() or factories.SurveyRoundFactory()
    response = factories.SurveyResponseFactory(round=survey_round)
    for skill in Skill.objects.active()[:3]:
        factories.SkillLineFactory(response=response, skill=skill, vacancies=1)


# Each list endpoint: how to add a row with all its related rows, and the most queries
# a page may take. The usual page: count, the page of rows, one query per prefetched
# relation, the admin log's last change (with the moderation dates of the models the
# dataset is published from, in the same statement) and the dataset's own last update
# if it has one.
LIST_ENDPOINTS = {
    # the filter form's sector and area options (one query, as the directory reads them),
    # count, page (sector slugs in the rows, no prefetch), admin log with moderation dates
    "organisations": (_grow_organisations, 4),
    # count, page, admin log with the organisations' moderation dates
    "sectors": (_grow_organisations, 3),
    "areas": (_grow_organisations, 3),
    # count, page, sectors, admin log, last update (changes and closing dates)
    "funding-opportunities": (
        _grow(
            Opportunity,
            lambda: OpportunityFactory(
                sectors=[factories.SectorFactory()], area=factories.AreaFactory()
            ),
        ),
        5,
    ),
    # count, page, featured organisations, admin log, last update (edits and publication)
    "stories": (
        _grow(Story, lambda: StoryFactory(organisations=[factories.OrganisationFactory()])),
        5,
    ),
    # count, page, amenities, admin log with the buildings' moderation dates, spaces'
    # last update
    "buildings": (
        _grow(
            Building,
            lambda: factories.SpaceFactory(
                building=factories.BuildingFactory(amenities=[factories.AmenityFactory()])
            ),
        ),
        5,
    ),
    # count, page (building and area joined), admin log with the buildings' moderation
    # dates, spaces' last update
    "spaces": (_grow(Space, factories.SpaceFactory), 4),
    # count, page (category joined for skills), admin log
    "skill-categories": (_grow(SkillCategory, factories.SkillCategoryFactory), 3),
    "skills": (_grow(Skill, factories.SkillFactory), 3),
    # count, page (provider joined), skills, admin log with the organisations' moderation
    # dates
    "courses": (
        _grow(Course, lambda: factories.CourseFactory(skills=[factories.SkillFactory()])),
        4,
    ),
    # Rows computed by the skills map (ten queries a round at most) from the responses:
    # the rounds, the map of the one round, the admin log with the responses' moderation
    # dates, the last round's opening.
    "skills-map": (_grow(SurveyResponse, _make_response), 11),
    # the filter form's strand and lead options, count, page (strand and lead joined,
    # latest update annotated), partners, admin log
    "strategy-actions": (
        _grow(Action, lambda: ActionFactory(partners=[factories.OrganisationFactory()])),
        6,
    ),
    # the filter form's sector options, count, page (provider joined, next closing date
    # annotated), sectors, windows, admin log, last update (edits, then closed windows)
    "programmes": (
        _grow(Programme, lambda: ProgrammeFactory(sectors=[factories.SectorFactory()])),
        8,
    ),
    # count, page (organiser and area joined), topics, admin log with the events'
    # moderation dates
    "events": (
        _grow(
            Event,
            lambda: EventFactory(
                starts_at=timezone.now() + datetime.timedelta(days=2),
                topics=[factories.SectorFactory()],
            ),
        ),
        4,
    ),
    # count, page (organisation and industry joined), admin log with the organisations'
    # moderation dates
    "organisation-industries": (
        _grow(
            OrganisationIndustry,
            lambda: serves(factories.OrganisationFactory(), IndustryFactory(), "A case."),
        ),
        3,
    ),
    # the dashboard's counts (total, sectors, areas, stages, sizes, years, hiring, funded,
    # scale-ups), then the admin log with the organisations' moderation dates
    "ecosystem": (_grow_organisations, 11),
    # count, page (indicator joined), admin log
    "indicator-observations": (
        _grow(
            Observation,
            lambda: observe(
                IndicatorFactory(),
                datetime.date(2025, 1, 1) + datetime.timedelta(days=Observation.objects.count()),
                5,
            ),
        ),
        3,
    ),
}


@pytest.mark.parametrize("name", LIST_ENDPOINTS)
def test_list_endpoints_use_the_same_queries_for_3_and_30_rows(
    client, db, django_assert_max_num_queries, name
):
    grow_to, most = LIST_ENDPOINTS[name]
    url = f"/api/v1/{name}/"
    counts = []
    for size in (3, 30):
        grow_to(size)
        client.get(url)  # warm the content-type cache used by the admin-log lookup
        with django_assert_max_num_queries(most) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["count"] >= size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_every_list_endpoint_has_a_query_count_case():
    assert set(LIST_ENDPOINTS) == {dataset.name for dataset in registry.all_datasets()}

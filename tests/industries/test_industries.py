"""Cross-sector matchmaking on real PostgreSQL: the industries pages and their filters,
query counts, what never leaks, a business's industries through the moderated profile
form, and "find me a partner" requests with referral-and-outcome tracking."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import services as moderation
from apps.core.moderation.models import PendingChange, Status
from apps.core.privacy import personal_data
from apps.industries import services
from apps.industries.models import IndustrySkill, PartnerReferral, PartnerRequest
from apps.profile.models import Organisation, OrganisationIndustry
from tests import factories
from tests.helpers import last_link, organisation_form_data
from tests.industries.factories import IndustryFactory, PartnerRequestFactory, serves
from tests.profile.factories import StoryFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

SECRET = "Zanzibar-unpublished"


def names(queryset):
    return {organisation.name for organisation in queryset}


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def health():
    return IndustryFactory(name="Health and care", slug="health-and-care")


def test_every_filter_against_a_hand_built_set(client, health):
    ouseburn = factories.AreaFactory(name="Ouseburn", slug="ouseburn")
    jesmond = factories.AreaFactory(name="Jesmond", slug="jesmond")
    fintech = factories.SectorFactory(name="Fintech", slug="fintech")
    games = factories.SectorFactory(name="Games", slug="games")
    energy = IndustryFactory(name="Energy")
    a = factories.OrganisationFactory(name="Alpha", area=ouseburn, sectors=[fintech])
    b = factories.OrganisationFactory(name="Bravo", area=jesmond, sectors=[games])
    c = factories.OrganisationFactory(name="Charlie", area=ouseburn, sectors=[games])
    energy_only = factories.OrganisationFactory(name="Delta", area=ouseburn)
    serves(a, health, "Built a triage tool for a GP federation.")
    serves(b, health)
    serves(c, health, "Remote monitoring for nurses.")
    serves(energy_only, energy, "Balanced heat pumps.")
    everything = {"Alpha", "Bravo", "Charlie"}
    for query, expected in [
        ("", everything),
        ("area=ouseburn", {"Alpha", "Charlie"}),
        ("area=jesmond", {"Bravo"}),
        ("sector=fintech", {"Alpha"}),
        ("sector=games", {"Bravo", "Charlie"}),
        ("with_case=on", {"Alpha", "Charlie"}),
        ("area=ouseburn&sector=games&with_case=on", {"Charlie"}),
        ("area=atlantis&sector=nope", everything),
    ]:
        response = client.get(f"/industries/{health.slug}/?{query}")
        assert response.status_code == 200, query
        assert names(response.context["page_obj"].object_list) == expected, query
    page = client.get(f"/industries/{health.slug}/").content.decode()
    assert "Built a triage tool for a GP federation." in page
    assert "Balanced heat pumps" not in page
    index = client.get("/industries/")
    counts = {i.slug: i.business_count for i in index.context["industries"]}
    assert counts == {health.slug: 3, energy.slug: 1}


def test_the_page_shows_stories_skills_and_programmes_that_matter(client, health):
    healthtech = factories.SectorFactory(name="Health tech", slug="healthtech")
    games = factories.SectorFactory(name="Games", slug="games")
    health.sectors.set([healthtech])
    business = factories.OrganisationFactory(name="Saltwell Health Tech")
    other = factories.OrganisationFactory(name="Heaton Games")
    serves(business, health)
    StoryFactory(title="Nurses and a new app", organisations=[business])
    StoryFactory(title="A games story", organisations=[other])
    StoryFactory(title=f"{SECRET} draft story", organisations=[business], status="draft")
    ProgrammeFactory(title="Health accelerator", sectors=[healthtech])
    ProgrammeFactory(title="Games accelerator", sectors=[games])
    ProgrammeFactory(title="Any-sector programme")
    skill = factories.SkillFactory(name="Machine learning")
    retired = factories.SkillFactory(name="Retired skill", is_active=False)
    IndustrySkill.objects.create(industry=health, skill=skill)
    IndustrySkill.objects.create(industry=health, skill=retired)
    response = client.get(health.get_absolute_url())
    assert [s.title for s in response.context["stories"]] == ["Nurses and a new app"]
    assert [p.title for p in response.context["programmes"]] == ["Health accelerator"]
    assert [link.skill.name for link in response.context["skills"]] == ["Machine learning"]
    assert SECRET.encode() not in response.content


def test_list_and_api_query_counts_do_not_grow_with_the_data(client, health):
    sector = factories.SectorFactory()
    health.sectors.set([sector])

    def count(path):
        client.get(path)  # warm the content-type cache used by the admin-log lookup
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            organisation = factories.OrganisationFactory(sectors=[sector])
            serves(organisation, health, f"Case {i}")
            StoryFactory(organisations=[organisation])
            ProgrammeFactory(sectors=[sector])
            IndustrySkill.objects.create(industry=health, skill=factories.SkillFactory())
            IndustryFactory()

    paths = ["/industries/", health.get_absolute_url(), "/api/v1/organisation-industries/"]
    add(2)
    small = [count(path) for path in paths]
    add(9)
    assert [count(path) for path in paths] == small


@pytest.fixture
def hidden(health):
    """A published business serving health, businesses that are not (or not yet) listed
    and not tech businesses, all saying they serve it, and requests never shown."""
    shown = factories.OrganisationFactory(name="Shown Health Tech")
    serves(shown, health, "A case anyone may read.")
    hidden = []
    for status in (Status.UNCONFIRMED, Status.PENDING, Status.REJECTED, Status.ARCHIVED):
        organisation = factories.OrganisationFactory(name=f"{SECRET} {status}", status=status)
        serves(organisation, health, f"{SECRET} case of a {status} business")
        hidden.append(organisation)
    # Published, but not a tech business: listed in the directory, never as a partner.
    university = factories.OrganisationFactory(
        name="Tyne University", role=Organisation.Role.EDUCATION
    )
    serves(university, health, f"{SECRET} university case")
    PartnerRequestFactory(industry=health, need=f"{SECRET} request")
    return shown, hidden


def test_unpublished_businesses_and_requests_appear_on_no_surface(client, health, hidden):
    shown, hidden_organisations = hidden
    surfaces = [
        "/industries/",
        health.get_absolute_url(),
        reverse("industries:find_partner", args=[health.slug]),
        "/sitemap.xml",
        "/search/?q=Zanzibar",
        "/search/?q=health",
        "/api/v1/organisation-industries/",
        "/data/organisation-industries.csv",
        "/data/organisation-industries.json",
    ]
    for path in surfaces:
        response = client.get(path, HTTP_ACCEPT="*/*")
        assert response.status_code == 200, path
        body = body_of(response)
        assert SECRET.encode() not in body, path
        for organisation in hidden_organisations:
            assert organisation.slug.encode() not in body, path
    page = client.get(health.get_absolute_url()).content
    assert b"A case anyone may read." in page and b"Tyne University" not in page
    assert b"Shown Health Tech" in body_of(client.get("/data/organisation-industries.csv"))
    assert health.get_absolute_url().encode() in client.get("/sitemap.xml").content
    assert health.get_absolute_url().encode() in client.get("/search/?q=health").content
    assert client.get("/industries/nowhere/").status_code == 404


def test_an_organisations_page_lists_the_industries_it_serves_with_hostile_text_escaped(
    client, health
):
    business = factories.OrganisationFactory(name="Tyne Widgets")
    serves(business, health, "<script>alert(1)</script> helped a trust")
    html = client.get(business.get_absolute_url()).content.decode()
    assert "Industries Tyne Widgets serves" in html
    assert health.get_absolute_url() in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; helped a trust" in html
    assert "<script>alert(1)" not in html
    page = client.get(health.get_absolute_url()).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert(1)" not in page


# A business says which industries it serves: through the moderated profile form.


def test_a_new_business_says_which_industries_it_serves(client, health):
    energy = IndustryFactory(name="Energy")
    area, sector = factories.AreaFactory(), factories.SectorFactory()
    data = organisation_form_data(
        area,
        [sector],
        **{
            f"industry_{health.pk}": "on",
            f"industry_{health.pk}_case": "Bed forecasting for a trust.",
            f"industry_{energy.pk}": "on",
        },
    )
    assert client.post(reverse("profile:add"), data).status_code == 302
    organisation = Organisation.objects.get(name="Tyne Widgets")
    assert organisation.status == Status.UNCONFIRMED
    links = {link.industry.slug: link.case for link in organisation.industry_links.all()}
    assert links == {health.slug: "Bed forecasting for a trust.", energy.slug: ""}
    # Unconfirmed: not on the industry's page.
    assert b"Tyne Widgets" not in client.get(health.get_absolute_url()).content


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("A case for an industry not ticked.", "Tick ‘Health and care’"),
        ("x" * 601, "at most 600 characters"),
        ("See https://a.example and https://b.example", "link"),
    ],
)
def test_a_bad_case_is_refused_next_to_its_box_keeps_the_input_and_writes_nothing(
    client, health, case, error
):
    area, sector = factories.AreaFactory(), factories.SectorFactory()
    tick = {} if "not ticked" in case else {f"industry_{health.pk}": "on"}
    data = organisation_form_data(area, [sector], **tick, **{f"industry_{health.pk}_case": case})
    response = client.post(reverse("profile:add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert f"industry_{health.pk}_case" in errors
    assert error in " ".join(errors[f"industry_{health.pk}_case"])
    assert b"error-summary" in response.content
    assert case[:40].encode() in response.content
    assert not Organisation.objects.exists() and not OrganisationIndustry.objects.exists()
    assert not mail.outbox


def test_a_published_business_changes_its_industries_through_moderation(
    client, health, django_capture_on_commit_callbacks
):
    energy = IndustryFactory(name="Energy")
    business = factories.OrganisationFactory(
        name="Tyne Widgets", sectors=[factories.SectorFactory()]
    )
    serves(business, health, "Old case.")
    form = client.get(reverse("profile:edit", args=[business.reference]))
    assert form.status_code in (200, 302)  # a grant is needed; use the manage link
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:manage"), {"email": business.contact_email})
    client.get(last_link(business.contact_email), follow=True)
    edit_url = reverse("profile:edit", args=[business.reference])
    page = client.get(edit_url)
    assert page.status_code == 200
    assert page.context["form"][f"industry_{health.pk}"].value() is True
    assert page.context["form"][f"industry_{health.pk}_case"].value() == "Old case."
    data = organisation_form_data(
        business.area,
        list(business.sectors.all()),
        name="Tyne Widgets",
        contact_email=None,
        consent=None,
        **{
            f"industry_{energy.pk}": "on",
            f"industry_{energy.pk}_case": "Heat pump control.",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url, data).status_code == 302
    # Live profile unchanged until a moderator approves.
    assert list(business.industry_links.values_list("industry__slug", "case")) == [
        (health.slug, "Old case.")
    ]
    change = PendingChange.objects.get()
    rows = moderation.snapshots.diff(
        business, moderation.snapshots.proposed(change.data, change.base)
    )
    assert any(label == "Industries served" for label, _, _ in rows)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.change_approve(change=change, by=None)
    assert list(business.industry_links.values_list("industry__slug", "case")) == [
        (energy.slug, "Heat pump control.")
    ]
    page = client.get(energy.get_absolute_url()).content
    assert b"Heat pump control." in page
    assert b"Tyne Widgets" not in client.get(health.get_absolute_url()).content


# "Find me a partner"


def _request_data(**overrides):
    return {
        "organisation_name": "Gateshead Health Trust",
        "need": "Remote monitoring for patients after heart surgery.",
        "contact_name": "Bea Buyer",
        "contact_email": "bea@trust.example.org",
        "consent_to_share": "on",
        "homepage": "",
        **overrides,
    }


def test_a_buyer_sends_a_request_confirms_it_and_staff_refer_it_to_three_at_most(
    client, health, django_capture_on_commit_callbacks
):
    url = reverse("industries:find_partner", args=[health.slug])
    page = client.get(url)
    assert b"privacy notice" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _request_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("industries:request_sent")
    request = PartnerRequest.objects.get()
    assert request.status == Status.UNCONFIRMED and request.industry == health
    assert request.consent_to_share
    # The confirmation email holds none of the buyer's text.
    assert "heart surgery" not in mail.outbox[-1].body
    businesses = [factories.OrganisationFactory(name=f"Partner {n}") for n in range(4)]
    with pytest.raises(ValidationError, match="not confirmed"):
        services.partner_referral_add(partner_request=request, business=businesses[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(last_link("bea@trust.example.org"), follow=True)
    request.refresh_from_db()
    assert request.status == Status.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for business in businesses[:3]:
            services.partner_referral_add(partner_request=request, business=business)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(b.contact_email for b in businesses[:3])
    message = mail.outbox[0]
    assert "heart surgery" in message.body and "Gateshead Health Trust" in message.body
    assert message.reply_to == ["bea@trust.example.org"]
    assert all(r.notified_at for r in PartnerReferral.objects.all())
    with pytest.raises(ValidationError, match="3 businesses at most"):
        services.partner_referral_add(partner_request=request, business=businesses[3])
    assert request.referrals.count() == 3


def test_no_consent_or_an_unlisted_business_is_never_referred(health):
    no_consent = PartnerRequestFactory(industry=health, consent_to_share=False)
    business = factories.OrganisationFactory()
    with pytest.raises(ValidationError):
        services.partner_referral_add(partner_request=no_consent, business=business)
    request = PartnerRequestFactory(industry=health)
    pending = factories.OrganisationFactory(status=Status.PENDING)
    landlord = factories.OrganisationFactory(role=Organisation.Role.LANDLORD)
    for organisation in (pending, landlord):
        with pytest.raises(ValidationError, match="published tech business"):
            services.partner_referral_add(partner_request=request, business=organisation)
    assert not PartnerReferral.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("consent_to_share", None),
        ("contact_email", "not-an-address"),
        ("contact_name", ""),
        ("need", ""),
        ("need", "x" * 2001),
        ("organisation_name", "Visit http://spam.example.com"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_keeps_what_was_typed_and_writes_nothing(
    client, health, field, value
):
    data = _request_data(**{field: value})
    if value is None:
        del data[field]
    hostile = {"need": "<script>alert(1)</script> Keep this need"} if field != "need" else {}
    response = client.post(
        reverse("industries:find_partner", args=[health.slug]), {**data, **hostile}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b"error-summary" in response.content
    assert b"<script>alert(1)" not in response.content
    if hostile:
        assert b"&lt;script&gt;alert(1)&lt;/script&gt; Keep this need" in response.content
    assert not PartnerRequest.objects.exists()
    assert not mail.outbox


def test_requests_are_purged_after_three_years_and_unconfirmed_after_thirty_days(health):
    old = PartnerRequestFactory(industry=health)
    PartnerReferral.objects.create(request=old, referred_to=factories.OrganisationFactory())
    PartnerRequest.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=3 * 365 + 1)
    )
    kept = PartnerRequestFactory(industry=health)
    counts = personal_data.retention_purge()
    assert counts["industries.PartnerRequest"] == 1
    assert list(PartnerRequest.objects.all()) == [kept]
    assert not PartnerReferral.objects.exists()
    stale = PartnerRequestFactory(industry=health, status=Status.UNCONFIRMED)
    PartnerRequest.objects.filter(pk=stale.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=31)
    )
    moderation.unconfirmed_purge()
    assert not PartnerRequest.objects.filter(pk=stale.pk).exists()
    assert "contact_email" in PartnerRequest.personal_fields
    assert "need" in PartnerRequest.personal_fields


# Staff: referrals in the admin, and the outcome report.


def _admin_post(request, rows, **parent):
    """The admin change form's data: the request's editable fields and referral rows."""
    existing = list(request.referrals.all())
    data = {
        "industry": request.industry_id,
        "organisation_name": request.organisation_name,
        "need": request.need,
        "contact_name": request.contact_name,
        "contact_email": request.contact_email,
        "outcome": request.outcome,
        "closed_on": "",
        "staff_notes": "",
        "moderation_note": "",
        "referrals-TOTAL_FORMS": str(len(existing) + len(rows)),
        "referrals-INITIAL_FORMS": str(len(existing)),
        "referrals-MIN_NUM_FORMS": "0",
        "referrals-MAX_NUM_FORMS": "3",
        **parent,
    }
    for i, referral in enumerate(existing):
        data |= {
            f"referrals-{i}-id": referral.pk,
            f"referrals-{i}-request": request.pk,
            f"referrals-{i}-referred_to": referral.referred_to_id,
            f"referrals-{i}-referred_on": referral.referred_on.isoformat(),
            f"referrals-{i}-outcome": referral.outcome,
            f"referrals-{i}-note": referral.note,
        }
    for j, (business, outcome) in enumerate(rows, start=len(existing)):
        data |= {
            f"referrals-{j}-request": request.pk,
            f"referrals-{j}-referred_to": business.pk,
            f"referrals-{j}-referred_on": timezone.localdate().isoformat(),
            f"referrals-{j}-outcome": outcome,
            f"referrals-{j}-note": "",
        }
    return data


def test_staff_refer_in_the_admin_at_most_three_and_the_report_counts_outcomes(
    admin_client, health, django_capture_on_commit_callbacks
):
    request = PartnerRequestFactory(industry=health)
    url = reverse("admin:industries_partnerrequest_change", args=[request.pk])
    businesses = [factories.OrganisationFactory(name=f"Partner {n}") for n in range(4)]
    too_many = _admin_post(request, [(b, "awaiting") for b in businesses])
    response = admin_client.post(url, too_many)
    assert response.status_code == 200  # the form again, with the error
    assert "Please submit at most 3 forms" in response.content.decode()
    assert not PartnerReferral.objects.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            _admin_post(
                request,
                [(businesses[0], "successful"), (businesses[1], "unsuccessful")],
                outcome="introduced",
            ),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert request.referrals.count() == 2
    assert {m.to[0] for m in mail.outbox} == {b.contact_email for b in businesses[:2]}
    report = admin_client.get(reverse("admin:industries_partnerrequest_report"))
    html = report.content.decode()
    assert report.status_code == 200
    assert report.context["enquiry_total"] == 1
    assert ("introduced", "Introductions made", 1) in report.context["enquiry_rows"]
    referral_counts = {value: n for value, _, n in report.context["referral_rows"]}
    assert referral_counts == {"awaiting": 0, "successful": 1, "unsuccessful": 1}
    assert ("Partner requests by industry", "Industry", [("Health and care", 1)]) in report.context[
        "extra_tables"
    ]
    assert (
        "Outcome report"
        in admin_client.get(reverse("admin:industries_partnerrequest_changelist")).content.decode()
    )
    assert "Referrals by outcome" in html


def test_an_unconfirmed_request_cannot_be_referred_in_the_admin(admin_client, health):
    request = PartnerRequestFactory(industry=health, status=Status.UNCONFIRMED)
    url = reverse("admin:industries_partnerrequest_change", args=[request.pk])
    business = factories.OrganisationFactory()
    response = admin_client.post(url, _admin_post(request, [(business, "awaiting")]))
    assert response.status_code == 200
    assert "cannot be referred yet" in response.content.decode()
    assert not PartnerReferral.objects.exists()


def test_the_inward_investment_team_gets_the_same_report(admin_client):
    from apps.strategy.models import InvestmentEnquiry, InvestmentReferral

    enquiry = InvestmentEnquiry.objects.create(
        organisation_name="Nordic Robotics",
        country="Norway",
        interest="locate",
        message="Looking for a base.",
        contact_name="Ola",
        contact_email="ola@example.no",
        outcome="introduced",
    )
    InvestmentReferral.objects.create(
        enquiry=enquiry, referred_to=factories.OrganisationFactory(), outcome="successful"
    )
    report = admin_client.get(reverse("admin:strategy_investmentenquiry_report"))
    assert report.status_code == 200
    assert ("introduced", "Introductions made", 1) in report.context["enquiry_rows"]
    assert ("successful", "Led to a decision to come here", 1) in report.context["referral_rows"]


def test_a_landlord_updating_its_profile_is_not_asked_for_industries(client, health):
    from apps.profile.forms import INDUSTRIES_LEGEND, OrganisationEditForm

    landlord = factories.OrganisationFactory(role=Organisation.Role.LANDLORD)
    form = OrganisationEditForm(instance=landlord)
    assert f"industry_{health.pk}" not in form.fields
    assert INDUSTRIES_LEGEND not in [legend for legend, _ in form.fieldsets]
    business = factories.OrganisationFactory()
    assert f"industry_{health.pk}" in OrganisationEditForm(instance=business).fields


def test_requests_are_rate_limited_and_a_refused_one_keeps_what_was_typed(client, health):
    from django.core.cache import cache

    cache.clear()
    url = reverse("industries:find_partner", args=[health.slug])
    for n in range(10):
        data = _request_data(contact_email=f"buyer{n}@trust.example.org")
        assert client.post(url, data).status_code == 302
    response = client.post(url, _request_data(contact_email="late@trust.example.org"))
    assert response.status_code == 429
    assert b"late@trust.example.org" in response.content
    assert PartnerRequest.objects.count() == 10


def test_industry_pages_come_from_the_page_cache_and_a_new_case_moves_it_on(
    client, health, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    business = factories.OrganisationFactory(name="Tyne Widgets")
    for path in ("/industries/", health.get_absolute_url()):
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit", path
    with django_capture_on_commit_callbacks(execute=True):
        serves(business, health, "A brand new case.")
    page = client.get(health.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert b"A brand new case." in page.content
    # A partner request is private: it leaves the cached pages in place.
    client.get(health.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        PartnerRequestFactory(industry=health)
    assert client.get(health.get_absolute_url())["X-Page-Cache"] == "hit"

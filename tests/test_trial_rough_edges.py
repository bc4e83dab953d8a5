"""The rough edges a first trial found (issue 20), each through the page a user meets it on."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from interviews.duplicates import normalise_url
from interviews.models import (
    Application,
    Contact,
    Dealbreaker,
    Decision,
    Interview,
    StatusChange,
)
from interviews.text import counted, normalise_company
from tests.test_import_csv import confirm, upload
from tests.test_json_archive import export, restore

pytestmark = pytest.mark.django_db

INTERVIEW = {
    "kind": "hiring_manager",
    "starts_at": "2030-05-04T09:30",
    "duration_minutes": "60",
    "format": "video",
    "location": "",
    "interviewers": "",
    "status": "scheduled",
    "outcome": "",
    "notes": "",
}


def text_of(response):
    return response.content.decode()


# A meeting link is tappable


def test_a_meeting_link_on_the_interview_page_is_a_link(alice_client, interview):
    interview.location = "Zoom: https://meet.example.com/j/123?pwd=a&b=c"
    interview.save()
    page = text_of(alice_client.get(f"/interviews/{interview.pk}/"))
    assert 'href="https://meet.example.com/j/123?pwd=a&amp;b=c"' in page
    interview.location = "1 Rue de la Paix, Paris"
    interview.save()
    page = text_of(alice_client.get(f"/interviews/{interview.pk}/"))
    assert '<dd id="interview-location">1 Rue de la Paix, Paris</dd>' in page


def test_a_script_in_the_location_is_shown_as_text(alice_client, interview):
    interview.location = 'https://x.example/"><script>alert(1)</script>'
    interview.save()
    page = text_of(alice_client.get(f"/interviews/{interview.pk}/"))
    assert "<script>alert(1)" not in page


# The interview page and Today agree


def test_a_scheduled_interview_under_way_is_in_progress_on_its_page_and_today(
    alice_client, application, make_interview
):
    running = make_interview(
        application, starts_at=timezone.now() - timedelta(minutes=10), duration_minutes=60
    )
    assert running.status == Interview.Status.SCHEDULED
    page = text_of(alice_client.get(f"/interviews/{running.pk}/"))
    assert '<p class="mb-2" id="interview-status">In progress</p>' in page
    today = text_of(alice_client.get("/"))
    assert '<h2 id="now-heading" class="h5">In progress</h2>' in today
    listed = text_of(alice_client.get(f"/applications/{application.pk}/"))
    assert "Hiring manager</span> · In progress" in listed


def test_an_interview_to_come_or_over_stays_scheduled(alice_client, application, make_interview):
    later = make_interview(application, starts_at=timezone.now() + timedelta(hours=2))
    over = make_interview(application, starts_at=timezone.now() - timedelta(hours=3))
    for interview in (later, over):
        page = text_of(alice_client.get(f"/interviews/{interview.pk}/"))
        assert '<p class="mb-2" id="interview-status">Scheduled</p>' in page
    assert "Next up" in text_of(alice_client.get("/"))


# Stats: days to a first answer count from "applied on"


def test_median_days_to_a_first_answer_counts_from_applied_on(alice, alice_client):
    # Noon (UTC), whatever the clock says: from 21:36 on, the wait below rounded up to 23.0.
    now = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    entered = Application.objects.create(
        owner=alice,
        company="Northwind",
        role="Engineer",
        applied_on=(now - timedelta(days=20)).date(),
    )
    # Entered today, twenty days after it was sent; the first answer two days later.
    StatusChange.objects.filter(application=entered).update(changed_at=now)
    StatusChange.objects.create(
        application=entered,
        from_status="applied",
        to_status="screening",
        changed_at=now + timedelta(days=2),
    )
    response = alice_client.get("/stats/")
    # From midnight (UTC) of the day it was sent: 22 and a half days, not 2.
    assert 22 <= response.context["median_days"] < 23
    # Without a date, the move to applied is when it started waiting.
    Application.objects.filter(pk=entered.pk).update(applied_on=None)
    assert alice_client.get("/stats/").context["median_days"] == 2.0


def test_an_applied_on_after_the_move_does_not_shorten_the_wait(alice, alice_client):
    now = timezone.now()
    late = Application.objects.create(
        owner=alice, company="Quarry", role="Engineer", applied_on=(now + timedelta(days=1)).date()
    )
    StatusChange.objects.filter(application=late).update(changed_at=now)
    StatusChange.objects.create(
        application=late, from_status="applied", to_status="rejected", changed_at=now + timedelta(3)
    )
    assert alice_client.get("/stats/").context["median_days"] == 3.0


# Search ignores case for every letter, on every database


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("müller", ["Müller Logistik", "MÜLLER AG"]),
        ("MÜLLER", ["Müller Logistik", "MÜLLER AG"]),
        ("Ørsted", ["ØRSTED"]),
        ("élan", ["Élan Vital"]),
        ("100%", []),  # a % is a character to find, not a wildcard
        ("_", []),
    ],
)
def test_search_ignores_case_beyond_ascii(alice, alice_client, make_application, query, found):
    for company in ("Müller Logistik", "MÜLLER AG", "ØRSTED", "Élan Vital", "Mueller"):
        make_application(alice, company=company)
    response = alice_client.get("/applications/", {"q": query})
    assert sorted(a.company for a in response.context["page"]) == sorted(found)


def test_contact_search_ignores_case_beyond_ascii(alice, alice_client, bob):
    Contact.objects.create(owner=alice, name="Jürgen Groß")
    Contact.objects.create(owner=bob, name="Jürgen Other")
    response = alice_client.get("/contacts/", {"q": "JÜRGEN"})
    assert [c.name for c in response.context["page"]] == ["Jürgen Groß"]


# Legal forms are ignored: the duplicate check and the walk-out memory


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Northwind Analytics GmbH", "Northwind Analytics"),
        ("Northwind Analytics, Inc.", "northwind analytics"),
        ("Acme Ltd", "ACME LTD."),
        ("Acme LLC", "Acme"),
        ("Société Générale S.A.", "société générale"),
        ("Philips B.V.", "Philips"),
        ("Siemens AG", "Siemens"),
        ("Kühne GmbH & Co. KG", "Kühne"),
        ("Acme Pty Ltd", "acme"),
    ],
)
def test_company_names_ignore_their_legal_form(a, b):
    assert normalise_company(a) == normalise_company(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("AG", "ag"),  # a name that is only a legal form is kept
        ("Acme Inc", "Acme Labs"),
        ("Inc Magazine", "Magazine"),  # a legal form at the start is part of the name
    ],
)
def test_other_names_stay_apart_or_whole(a, b):
    if a.lower() == b.lower():
        assert normalise_company(a) == "ag"
    else:
        assert normalise_company(a) != normalise_company(b)


def test_duplicate_warning_ignores_the_legal_form(alice, alice_client, make_application):
    existing = make_application(alice, company="Northwind Analytics", role="Data Engineer")
    response = alice_client.post(
        "/applications/new/",
        {
            "company": "Northwind Analytics GmbH",
            "role": "data engineer",
            "status": "applied",
            "currency": "EUR",
        },
    )
    assert response.status_code == 200
    assert [found for found, _ in response.context["form"].duplicates] == [existing]
    assert Application.objects.count() == 1
    # And the other way round: the stored name has the legal form.
    with_form = make_application(alice, company="Quarry Analytics, Inc.", role="Lead")
    response = alice_client.post(
        "/applications/new/",
        {"company": "quarry  analytics", "role": "Lead", "status": "applied", "currency": "EUR"},
    )
    assert [found for found, _ in response.context["form"].duplicates] == [with_form]


def test_duplicate_check_drops_greenhouse_gh_src(alice, alice_client, make_application):
    base = "https://boards.greenhouse.io/northwind/jobs/123"
    assert normalise_url(f"{base}?gh_src=abc123") == normalise_url(base)
    # The job's own id stays: another gh_jid is another posting.
    assert normalise_url(f"{base}?gh_jid=1&gh_src=x") != normalise_url(f"{base}?gh_jid=2")
    existing = make_application(alice, company="Northwind", posting_url=f"{base}?gh_jid=7")
    response = alice_client.post(
        "/applications/new/",
        {
            "company": "Other name",
            "role": "Other role",
            "status": "applied",
            "currency": "EUR",
            "posting_url": f"{base}?gh_src=linkedin&gh_jid=7",
        },
    )
    assert [found for found, _ in response.context["form"].duplicates] == [existing]


def test_walk_out_memory_ignores_the_legal_form(alice, alice_client, make_application):
    before = make_application(alice, company="Northwind Analytics GmbH", role="Analyst")
    interview = Interview.objects.create(
        application=before, starts_at=timezone.now() - timedelta(days=30)
    )
    Decision.record(interview, "walked_out", interview.starts_at + timedelta(minutes=10))
    response = alice_client.post(
        "/applications/new/",
        {
            "company": "Northwind Analytics",
            "role": "Engineer",
            "status": "applied",
            "currency": "EUR",
        },
        follow=True,
    )
    assert "You walked out of an interview at Northwind Analytics GmbH" in text_of(response)
    page = text_of(alice_client.get(Application.objects.get(role="Engineer").get_absolute_url()))
    assert 'id="company-memory"' in page


# Interviewers typed in before: the migration makes them contacts


def test_the_migration_makes_typed_in_interviewers_contacts(alice, application, make_interview):
    dana = Contact.objects.create(owner=alice, name="Dana Reyes")
    dana.applications.add(application)
    interview = make_interview(application, interviewers="dana reyes, Head of Data\nSam Lee, CTO")
    migration = importlib.import_module(
        "interviews.migrations.0014_dealbreaker_ask_floor_interviewers_as_contacts"
    )
    migration.interviewers_to_contacts(apps, None)
    interview.refresh_from_db()
    assert interview.interviewers == ""
    assert [(c.name, c.title) for c in interview.contacts.order_by("name")] == [
        ("Dana Reyes", "Head of Data"),
        ("Sam Lee", "CTO"),
    ]
    assert Contact.objects.filter(owner=alice).count() == 2


# The interview form names the zone


def test_the_interview_form_names_the_time_zone(
    alice, alice_client, application, interview, make_interview
):
    page = text_of(alice_client.get(f"/applications/{application.pk}/interviews/new/"))
    assert "In your time zone, Europe/Paris." in page
    # The decision's time too.
    started = make_interview(application, starts_at=timezone.now() - timedelta(minutes=20))
    page = text_of(alice_client.get(f"/interviews/{started.pk}/decision/"))
    assert "In your time zone, Europe/Paris." in page
    alice.time_zone = "America/New_York"
    alice.save()
    page = text_of(alice_client.get(f"/interviews/{interview.pk}/edit/"))
    assert "In your time zone, America/New York." in page


def test_the_migration_asks_existing_starter_pay_items_for_a_floor(alice, bob):
    Dealbreaker.objects.update(ask_floor=False)
    set_already = Dealbreaker.objects.get(owner=bob, question="The pay meets my floor")
    set_already.rule, set_already.salary_floor = "salary_floor", 40_000
    set_already.save()
    migration = importlib.import_module(
        "interviews.migrations.0014_dealbreaker_ask_floor_interviewers_as_contacts"
    )
    migration.ask_for_starter_floors(apps, None)
    asking = Dealbreaker.objects.filter(ask_floor=True)
    assert [(d.owner, d.question) for d in asking] == [(alice, "The pay meets my floor")]


# The starter "pay meets my floor" asks for its floor


@pytest.fixture
def pay(alice):
    return Dealbreaker.objects.get(owner=alice, question="The pay meets my floor")


def test_the_starter_pay_item_asks_for_a_floor_on_the_checklist(
    alice, alice_client, interview, pay
):
    assert pay.ask_floor and not pay.rule
    url = f"/interviews/{interview.pk}/checklist/pre/"
    page = text_of(alice_client.get(url))
    assert 'id="floor-prompt"' in page
    assert 'name="salary_currency" id="floor-currency" value="USD"' in page
    response = alice_client.post(
        f"/dealbreakers/{pay.pk}/floor/",
        {"salary_floor": "120000", "salary_currency": "eur", "next": url},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url
    pay.refresh_from_db()
    assert (pay.rule, pay.salary_floor, pay.salary_currency, pay.ask_floor) == (
        "salary_floor",
        120_000,
        "EUR",
        False,
    )
    page = text_of(response)
    assert 'id="floor-prompt"' not in page
    assert "Your pay floor is 120,000 EUR" in page
    # Northwind pays 90,000–110,000 (USD): against a floor in EUR the rule cannot say.
    pay.salary_currency = ""
    pay.save()
    assert 'data-verdict="dead_end"' in text_of(alice_client.get(url))


def test_declining_the_floor_stops_asking(alice_client, interview, pay):
    url = f"/interviews/{interview.pk}/checklist/pre/"
    alice_client.post(f"/dealbreakers/{pay.pk}/floor/", {"decline": "1", "next": url})
    pay.refresh_from_db()
    assert (pay.ask_floor, pay.rule, pay.salary_floor) == (False, "", None)
    assert 'id="floor-prompt"' not in text_of(alice_client.get(url))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"salary_floor": "", "salary_currency": "EUR"}, "This field is required."),
        ({"salary_floor": "-5", "salary_currency": "EUR"}, "greater than or equal to 0"),
        ({"salary_floor": "1000000000", "salary_currency": "EUR"}, "less than or equal to"),
        ({"salary_floor": "50000", "salary_currency": "EURO"}, "at most 3 characters"),
        ({"salary_floor": "50000", "salary_currency": "€€€"}, "three-letter code"),
    ],
)
def test_a_bad_floor_is_explained_and_changes_nothing(
    alice_client, interview, pay, fields, message
):
    url = f"/interviews/{interview.pk}/checklist/pre/"
    response = alice_client.post(
        f"/dealbreakers/{pay.pk}/floor/", {**fields, "next": url}, follow=True
    )
    assert "The floor was not saved." in text_of(response)
    assert message in text_of(response)
    pay.refresh_from_db()
    assert (pay.rule, pay.salary_floor, pay.ask_floor) == ("", None, True)


def test_the_floor_is_a_post_of_the_owner_only(alice_client, bob_client, pay):
    assert alice_client.get(f"/dealbreakers/{pay.pk}/floor/").status_code == 405
    response = bob_client.post(f"/dealbreakers/{pay.pk}/floor/", {"salary_floor": "1"})
    assert response.status_code == 404
    pay.refresh_from_db()
    assert pay.salary_floor is None


def test_the_floor_is_asked_for_only_while_it_has_no_rule(alice_client, interview, pay):
    pay.rule, pay.salary_floor = "salary_floor", 50_000
    pay.save()
    url = f"/interviews/{interview.pk}/checklist/pre/"
    assert 'id="floor-prompt"' not in text_of(alice_client.get(url))
    # Not asked during the interview: the item is asked before it.
    pay.rule, pay.salary_floor = "", None
    pay.save()
    assert 'id="floor-prompt"' not in text_of(
        alice_client.get(f"/interviews/{interview.pk}/checklist/mid/")
    )


# The dealbreaker list reads as words


def test_the_dealbreaker_list_shows_rules_as_labels_and_amounts(alice, alice_client, pay):
    Dealbreaker.objects.create(
        owner=alice, question="Mode", rule="work_mode", work_modes="hybrid,remote"
    )
    pay.rule, pay.salary_floor, pay.salary_currency = "salary_floor", 1_234_567, "EUR"
    pay.save()
    page = text_of(alice_client.get("/dealbreakers/"))
    assert "work mode: Hybrid or Remote" in page
    assert "pay floor: 1,234,567 EUR" in page
    assert "hybrid,remote" not in page
    pay.salary_currency = ""
    pay.save()
    assert "pay floor: 1,234,567 in any currency" in text_of(alice_client.get("/dealbreakers/"))


def test_the_dealbreaker_list_offers_to_give_the_starter_floor(alice_client, pay):
    page = text_of(alice_client.get("/dealbreakers/"))
    link = f"/dealbreakers/{pay.pk}/edit/?rule=salary_floor#id_salary_floor"
    assert f'<a href="{link}">give your floor</a>' in page


def test_setting_a_rule_on_the_edit_page_stops_asking(alice_client, pay):
    form = alice_client.get(f"/dealbreakers/{pay.pk}/edit/").context["form"]
    assert form.initial["salary_currency"] == "USD"
    alice_client.post(
        f"/dealbreakers/{pay.pk}/edit/",
        {
            "question": pay.question,
            "category": pay.category,
            "severity": pay.severity,
            "phase": pay.phase,
            "weight": "1",
            "active": "on",
            "rule": "salary_floor",
            "salary_floor": "60000",
            "salary_currency": "USD",
        },
    )
    pay.refresh_from_db()
    assert (pay.rule, pay.ask_floor) == ("salary_floor", False)


def test_rule_fields_are_marked_for_the_rule_they_belong_to(alice_client):
    page = text_of(alice_client.get("/dealbreakers/new/"))
    assert "data-rule-select" in page
    assert page.count('data-rule-field="salary_floor"') == 2
    assert page.count('data-rule-field="work_mode"') == 3  # one per mode's checkbox
    assert "js/rule-fields" in page


# Plurals


def test_a_restore_of_one_of_each_says_it_in_the_singular(alice, alice_client, make_user):
    application = Application.objects.create(owner=alice, company="Solo", role="One")
    interview = Interview.objects.create(application=application, starts_at=timezone.now())
    Contact.objects.create(owner=alice, name="Only One").interviews.add(interview)
    document = export(alice_client)
    carol = make_user("carol")
    client = type(alice_client)()
    client.force_login(carol)
    page = text_of(restore(client, document))
    assert "Restored 1 application, 1 interview and 1 contact, with" in page


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 contacts"), (1, "1 contact"), (2, "2 contacts"), (1000, "1,000 contacts")],
)
def test_counted(count, expected):
    assert counted(count, "contact") == expected


def test_time_saved_reads_as_the_records_do_on_stats(alice, alice_client, application):
    interview = Interview.objects.create(
        application=application, starts_at=timezone.now() - timedelta(hours=2), duration_minutes=90
    )
    Decision.objects.create(interview=interview, choice="walked_out", minutes_saved=60)
    page = text_of(alice_client.get("/stats/"))
    # As each record says it: "1 h", "46 min", never "0.8 hours".
    assert '<span class="count">1 h</span>saved by walking out' in page
    Decision.objects.filter(interview=interview).update(minutes_saved=46)
    page = text_of(alice_client.get("/stats/"))
    assert '<span class="count">46 min</span>saved by walking out' in page


# Import and Export in the menu


def test_import_and_export_are_in_the_menu(alice_client):
    page = text_of(alice_client.get("/"))
    # In the row on a wide screen, and under "More" on a phone.
    assert page.count('<a href="/import/">Import</a>') == 2
    assert page.count('<a href="/export/">Export</a>') == 2
    page = text_of(alice_client.get("/import/"))
    assert '<a href="/import/" aria-current="page">Import</a>' in page


# Stats' source table on a phone


def test_the_source_table_says_it_scrolls(alice, alice_client, make_application):
    make_application(alice, source="LinkedIn")
    page = text_of(alice_client.get("/stats/"))
    assert 'id="sources-scroll-hint"' in page
    assert 'class="table-responsive table-sources" tabindex="0" role="region"' in page


# Sensible defaults


def test_a_new_application_is_applied_today_in_the_users_currency(alice, alice_client):
    alice.currency = "EUR"
    alice.save()
    form = alice_client.get("/applications/new/").context["form"]
    assert form.initial["applied_on"] == timezone.localdate(timezone=alice.zone)
    assert form.initial["currency"] == "EUR"
    page = text_of(alice_client.get("/applications/new/"))
    assert f'value="{timezone.localdate(timezone=alice.zone):%Y-%m-%d}"' in page


def test_editing_keeps_what_the_application_has(alice, alice_client, make_application):
    alice.currency = "EUR"
    alice.save()
    old = make_application(alice, currency="GBP")
    form = alice_client.get(f"/applications/{old.pk}/edit/").context["form"]
    assert form.initial["currency"] == "GBP"
    assert form.initial["applied_on"] is None


def test_the_csv_import_gives_rows_without_a_currency_the_users(alice, alice_client):
    alice.currency = "CHF"
    alice.save()
    upload(alice_client, "Company,Role,Salary\nNorthwind,Analyst,90000\nQuarry,Lead,50k EUR\n")
    preview = alice_client.get("/import/preview/")
    assert "90,000 CHF" in text_of(preview)
    confirm(alice_client)
    assert dict(Application.objects.values_list("company", "currency")) == {
        "Northwind": "CHF",
        "Quarry": "EUR",
    }


def test_signup_asks_for_a_name_and_guesses_the_currency(client):
    page = text_of(client.get("/accounts/signup/"))
    assert 'name="display_name"' in page
    response = client.post(
        "/accounts/signup/",
        {
            "username": "zoe",
            "display_name": "Zoë Martin",
            "email": "",
            "time_zone": "Europe/Berlin",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
        headers={"accept-language": "en-US,en;q=0.9"},
        follow=True,
    )
    assert "Amounts are in EUR" in text_of(response)
    zoe = response.context["user"]
    assert (zoe.display_name, zoe.currency) == ("Zoë Martin", "EUR")
    # {my_name} in a script is no longer blank.
    preview = client.post("/scripts/preview/", {"body": "I am {my_name}."})
    assert preview.json()["text"] == "I am Zoë Martin."


def test_signup_without_a_zone_reads_the_browsers_language(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "noor",
            "time_zone": "UTC",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
        headers={"accept-language": "de-CH,de;q=0.9"},
        follow=True,
    )
    user = response.context["user"]
    assert (user.currency, user.display_name) == ("CHF", "")


# Status from the application's page


def test_the_status_changes_from_the_applications_page(alice_client, application):
    page = text_of(alice_client.get(f"/applications/{application.pk}/"))
    assert f'<form method="post" action="/applications/{application.pk}/move/"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert '<option value="applied" selected>Applied</option>' in page
    response = alice_client.post(
        f"/applications/{application.pk}/move/",
        {"status": "screening", "next": f"/applications/{application.pk}/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/applications/{application.pk}/"
    assert "Moved Data Engineer at Northwind from Applied to Screening." in text_of(response)
    application.refresh_from_db()
    assert application.status == "screening"
    assert list(application.status_changes.values_list("from_status", "to_status")) == [
        ("", "applied"),
        ("applied", "screening"),
    ]


def test_a_bad_status_from_the_page_changes_nothing(alice_client, bob_client, application):
    response = alice_client.post(
        f"/applications/{application.pk}/move/",
        {"status": "hired!", "next": f"/applications/{application.pk}/"},
        follow=True,
    )
    assert "is not a status" in text_of(response)
    assert (
        bob_client.post(f"/applications/{application.pk}/move/", {"status": "offer"}).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == "applied"
    assert application.status_changes.count() == 1


def test_the_application_page_query_count_is_unchanged_by_the_control(
    alice, alice_client, application, django_assert_max_num_queries
):
    for n in range(30):
        Interview.objects.create(application=application, starts_at=timezone.now() + timedelta(n))
        application.move_to("screening" if n % 2 else "interviewing")
    # test_applications.test_detail_query_count_is_fixed's 13, the documents' one included
    with django_assert_max_num_queries(13):
        alice_client.get(f"/applications/{application.pk}/")

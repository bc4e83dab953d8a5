from datetime import date, timedelta

import pytest
from django.utils import timezone

from interviews.models import Application

pytestmark = pytest.mark.django_db

VALID = {
    "company": "Northwind",
    "role": "Data Engineer",
    "status": "applied",
    "posting_url": "https://jobs.example.com/123",
    "source": "LinkedIn",
    "location": "Lyon",
    "work_mode": "hybrid",
    "salary_min": "50000",
    "salary_max": "60000",
    "currency": "eur",
    "applied_on": "2026-11-20",
    "next_action": "",
    "next_action_on": "",
    "resume_version": "v3 data",
    "notes": "Referred by Sam",
    "job_description": "",
}


def test_create_application(alice_client, alice):
    response = alice_client.post("/applications/new/", VALID, follow=True)
    app = Application.objects.get()
    assert response.redirect_chain[-1][0] == f"/applications/{app.pk}/"
    assert app.owner == alice
    assert (app.currency, app.applied_on, app.salary_max) == ("EUR", date(2026, 11, 20), 60000)
    assert b"Added Data Engineer at Northwind." in response.content
    assert [c.to_status for c in app.status_changes.all()] == ["applied"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("company", "", "This field is required."),
        ("role", "", "This field is required."),
        ("company", "x" * 10_000, "Ensure this value has at most 200 characters"),
        ("notes", "x" * 10_000, "Ensure this value has at most 5000 characters"),
        ("salary_min", "-5", "Ensure this value is greater than or equal to 0."),
        ("salary_max", "1000000000000", "Ensure this value is less than or equal to 100000000."),
        ("salary_min", "lots", "Enter a whole number."),
        ("status", "hired-ish", "Select a valid choice."),
        ("applied_on", "31/02/2026", "Enter a valid date."),
        ("applied_on", "2026-02-31", "Enter a valid date."),
        ("posting_url", "not a url", "Enter a valid URL."),
        ("currency", "us$", "Use a three-letter code such as USD or EUR."),
    ],
)
def test_bad_input_is_explained_and_nothing_stored(alice_client, field, value, message):
    response = alice_client.post("/applications/new/", {**VALID, field: value})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert b"Nothing was saved." in response.content
    assert not Application.objects.exists()


def test_salary_min_above_max_is_explained(alice_client):
    response = alice_client.post(
        "/applications/new/", {**VALID, "salary_min": "90000", "salary_max": "10000"}
    )
    assert response.context["form"].errors["salary_max"] == [
        "“Salary to” must be at least “salary from”."
    ]
    assert not Application.objects.exists()


def test_an_applied_date_after_today_on_the_users_calendar_is_refused(alice, alice_client):
    today = timezone.localdate(timezone=alice.zone)
    tomorrow = today + timedelta(days=1)
    response = alice_client.post(
        "/applications/new/", {**VALID, "applied_on": tomorrow.isoformat()}
    )
    assert response.context["form"].errors["applied_on"] == [
        f"The applied date is after today ({today:%-d %b %Y}): use the day it was sent."
    ]
    assert not Application.objects.exists()
    response = alice_client.post("/applications/new/", {**VALID, "applied_on": today.isoformat()})
    assert response.status_code == 302, response.context["form"].errors
    # A wish-list job keeps no applied date, so a later one there is simply dropped.
    response = alice_client.post(
        "/applications/new/",
        {
            **VALID,
            "company": "Later",
            "posting_url": "",
            "status": "wishlist",
            "applied_on": tomorrow.isoformat(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Application.objects.get(company="Later").applied_on is None


def test_bad_edit_leaves_the_application_unchanged(alice_client, application):
    before = Application.objects.values().get(pk=application.pk)
    response = alice_client.post(
        f"/applications/{application.pk}/edit/", {**VALID, "company": "", "salary_min": "-1"}
    )
    assert response.status_code == 200
    assert Application.objects.values().get(pk=application.pk) == before


def test_edit_moves_status_and_shows_it_in_the_timeline(alice_client, application):
    alice_client.post(f"/applications/{application.pk}/edit/", {**VALID, "status": "interviewing"})
    application.refresh_from_db()
    assert application.status == "interviewing"
    page = alice_client.get(f"/applications/{application.pk}/").content.decode()
    assert "Applied → <strong>Interviewing</strong>" in page


def test_delete_asks_first_then_deletes(alice_client, application, interview):
    confirm = alice_client.get(f"/applications/{application.pk}/delete/")
    assert b"Delete this application?" in confirm.content
    assert b"with its 1 interview" in confirm.content
    assert Application.objects.exists()
    response = alice_client.post(f"/applications/{application.pk}/delete/", follow=True)
    assert not Application.objects.exists()
    assert b"Deleted Data Engineer at Northwind" in response.content


def test_list_empty_state(alice_client):
    response = alice_client.get("/applications/")
    assert b"You have not added any applications yet." in response.content


def test_list_search_and_status_filter(alice_client, alice, bob, make_application):
    make_application(alice, company="Acme", role="Baker", status="applied")
    make_application(alice, company="Acme", role="Chef", status="offer")
    make_application(alice, company="Zeta", role="Chef", status="applied", location="Lyon")
    make_application(bob, company="Acme", role="Baker", location="Lyon")
    names = lambda r: sorted(str(a) for a in r.context["page"].object_list)  # noqa: E731
    assert names(alice_client.get("/applications/?q=acme")) == ["Baker at Acme", "Chef at Acme"]
    assert names(alice_client.get("/applications/?q=acme&status=offer")) == ["Chef at Acme"]
    assert names(alice_client.get("/applications/?status=open")) == [
        "Baker at Acme",
        "Chef at Acme",
        "Chef at Zeta",
    ]
    assert names(alice_client.get("/applications/?q=lyon")) == ["Chef at Zeta"]
    none = alice_client.get("/applications/?q=nothing-like-this")
    assert b"No applications match" in none.content


def test_unknown_status_filter_is_explained(alice_client, alice, make_application):
    make_application(alice)
    response = alice_client.get("/applications/?status=bogus")
    assert response.status_code == 200
    assert "“bogus” is not a status" in response.content.decode()
    assert len(response.context["page"].object_list) == 1


def test_list_paginates(alice_client, alice, make_application):
    for _ in range(30):
        make_application(alice)
    first = alice_client.get("/applications/")
    assert len(first.context["page"].object_list) == 25
    assert b"Page 1 of 2" in first.content
    second = alice_client.get("/applications/?page=2")
    assert len(second.context["page"].object_list) == 5
    assert alice_client.get("/applications/?page=abc").context["page"].number == 1


def test_list_query_count_is_fixed(
    alice_client, alice, make_application, make_interview, django_assert_max_num_queries
):
    for n in range(200):
        app = make_application(alice, status=Application.Status.values[n % 10])
        if n % 3 == 0:
            make_interview(app)
        app.set_tags([f"tag {n % 40}", "shared"])
    # session, user, count, page of applications with interview counts, their tags, the
    # tags and the sources the filters offer
    with django_assert_max_num_queries(7):
        response = alice_client.get("/applications/?status=applied&q=Company")
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        response = alice_client.get("/applications/?sort=-priority&tag=shared&work_mode=")
    assert response.content.decode().count('<a class="tag" href="?tag=shared">') == 25


def test_detail_query_count_is_fixed(
    alice_client, application, make_interview, django_assert_max_num_queries
):
    for _ in range(20):
        make_interview(application)
    # session, user, application, interviews, their interviewers (contacts), contacts,
    # timeline, dealbreakers, answers for the verdicts, answers with notes for the rounds,
    # walk-outs at the same company, tags, documents
    with django_assert_max_num_queries(13):
        response = alice_client.get(f"/applications/{application.pk}/")
    assert response.content.count(b'data-verdict="unknown"') == 20


def test_a_bare_application_says_how_to_add_details(alice_client, alice, make_application):
    bare = make_application(alice, company="Plain", role="Dev", applied_on=None, currency="EUR")
    page = alice_client.get(f"/applications/{bare.pk}/").content.decode()
    assert "No details yet" in page and f'href="/applications/{bare.pk}/edit/"' in page
    bare.source = "Referral"
    bare.save()
    assert "No details yet" not in alice_client.get(f"/applications/{bare.pk}/").content.decode()


def test_application_page_follows_changes(alice_client, application, interview):
    page = f"/applications/{application.pk}/"
    assert "Northwind" in alice_client.get(page).content.decode()
    Application.objects.filter(pk=application.pk).update(company="Southwind")
    assert "Southwind" in alice_client.get(page).content.decode()
    application.delete()
    assert alice_client.get(page).status_code == 404


def test_a_message_is_shown_once(alice_client, application):
    alice_client.get("/applications/")
    page = alice_client.post(
        f"/applications/{application.pk}/move/", {"status": "offer", "next": "/applications/"}
    )
    shown = alice_client.get(page.url).content.decode()
    assert "Moved Data Engineer at Northwind from Applied to Offer." in shown
    again = alice_client.get("/applications/").content.decode()
    assert "Moved Data Engineer" not in again
    assert "Offer" in again


def test_a_description_at_the_limit_with_line_breaks_saves_as_the_browser_counted_it(
    alice_client, alice
):
    """A browser counts a line break as one character against maxlength but sends CR LF."""
    paragraph = "x" * 499 + "\n"
    typed = paragraph * 100  # 50,000 characters as the textarea counts them
    sent = typed.replace("\n", "\r\n")
    response = alice_client.post("/applications/new/", {**VALID, "job_description": sent})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Application.objects.get(owner=alice).job_description == typed.rstrip("\n")


def test_a_description_over_the_limit_is_still_refused(alice_client, alice):
    response = alice_client.post("/applications/new/", {**VALID, "job_description": "y" * 50_001})
    assert response.status_code == 200
    assert "at most 50000 characters (it has 50001)" in response.content.decode()
    assert not Application.objects.exists()


def test_a_wish_list_job_has_no_applied_date_until_it_moves_on(alice_client, alice):
    """The new form starts with today's date; saved as a wish, the date is dropped. Moved
    on (the board, the status control, bulk), it is dated the day it moved."""
    response = alice_client.post(
        "/applications/new/", {**VALID, "status": "wishlist", "applied_on": "2026-11-20"}
    )
    assert response.status_code == 302
    wish = Application.objects.get(owner=alice)
    assert wish.applied_on is None
    alice_client.post(f"/applications/{wish.pk}/move/", {"status": "applied"})
    wish.refresh_from_db()
    assert (wish.status, wish.applied_on) == ("applied", timezone.localdate(timezone=alice.zone))


def test_a_wish_moved_on_by_its_edit_form_is_dated_too(alice_client, alice, make_application):
    wish = make_application(alice, status="wishlist")
    fields = {**VALID, "company": wish.company, "role": wish.role, "applied_on": ""}
    alice_client.post(f"/applications/{wish.pk}/edit/", {**fields, "status": "screening"})
    wish.refresh_from_db()
    assert (wish.status, wish.applied_on) == (
        "screening",
        timezone.localdate(timezone=alice.zone),
    )


def test_a_wish_given_up_before_it_was_sent_gets_no_applied_date(
    alice_client, alice, make_application
):
    by_board = make_application(alice, status="wishlist")
    alice_client.post(f"/applications/{by_board.pk}/move/", {"status": "withdrawn"})
    by_form = make_application(alice, status="wishlist")
    fields = {**VALID, "company": by_form.company, "role": by_form.role, "applied_on": ""}
    alice_client.post(f"/applications/{by_form.pk}/edit/", {**fields, "status": "withdrawn"})
    for application in (by_board, by_form):
        application.refresh_from_db()
        assert (application.status, application.applied_on) == ("withdrawn", None)


def test_moving_on_keeps_an_applied_date_already_there(alice, make_application):
    application = make_application(alice, status="wishlist", applied_on=date(2026, 1, 5))
    application.move_to("applied")
    application.refresh_from_db()
    assert application.applied_on == date(2026, 1, 5)


@pytest.mark.parametrize("code", ["zzz", "EUT"])
def test_a_currency_code_that_is_no_currency_is_refused(alice_client, alice, code):
    response = alice_client.post("/applications/new/", {**VALID, "currency": code})
    assert response.status_code == 200
    assert f"“{code.upper()}” is not a currency code" in response.content.decode()
    assert not Application.objects.exists()


def test_the_application_page_says_when_the_users_own_rules_say_no(
    alice_client, alice, make_application
):
    """Before any interview: the pay below the floor and a work mode not accepted."""
    from interviews.models import Dealbreaker

    pay = Dealbreaker.objects.get(owner=alice, question="The pay meets my floor")
    Dealbreaker.objects.filter(pk=pay.pk).update(
        rule="salary_floor", salary_floor=90_000, salary_currency="EUR"
    )
    where = Dealbreaker.objects.get(owner=alice, question="The work location works for me")
    Dealbreaker.objects.filter(pk=where.pk).update(rule="work_mode", work_modes="remote")
    low = make_application(
        alice, salary_min=70_000, salary_max=85_000, currency="EUR", work_mode="onsite"
    )
    text = alice_client.get(f"/applications/{low.pk}/").content.decode()
    assert "Your own rules already say no to this job." in text
    assert "The range tops out at 85,000 EUR, below your floor of 90,000 EUR." in text
    assert "The job is onsite; you accept remote." in text
    fine = make_application(alice, salary_max=95_000, currency="EUR", work_mode="remote")
    text = alice_client.get(f"/applications/{fine.pk}/").content.decode()
    assert 'id="rules-against"' not in text

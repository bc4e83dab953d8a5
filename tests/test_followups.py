"""Follow-ups due in the user's own calendar, ghosting suggestions, and their one-tap posts."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from interviews.followups import LIMIT, Shown, due_followups, ghost_suggestions, today_for
from interviews.models import Application

pytestmark = pytest.mark.django_db

# 10:00 UTC on 10 March is midnight on 11 March in Kiritimati (UTC+14).
MIDNIGHT_KIRITIMATI = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


@pytest.fixture
def islander(make_user):
    return make_user("islander", time_zone="Pacific/Kiritimati")


@pytest.fixture
def londoner(make_user):
    return make_user("londoner", time_zone="Europe/London")


def test_due_by_the_users_clock_around_midnight(islander, londoner, make_application):
    for owner in (islander, londoner):
        make_application(owner, next_action="Send thanks", next_action_on=date(2026, 3, 11))
    before = MIDNIGHT_KIRITIMATI - timedelta(minutes=1)
    after = MIDNIGHT_KIRITIMATI + timedelta(minutes=1)
    assert today_for(islander, before) == date(2026, 3, 10)
    assert today_for(islander, after) == date(2026, 3, 11)
    assert due_followups(islander, today_for(islander, before)) == []
    [due] = due_followups(islander, today_for(islander, after))
    assert (due.next_action, due.days_overdue) == ("Send thanks", 0)
    # The same instant is still 10 March in London: nothing due there yet.
    assert today_for(londoner, after) == date(2026, 3, 10)
    assert due_followups(londoner, today_for(londoner, after)) == []


def test_due_and_overdue_most_overdue_first(alice, bob, make_application):
    today = date(2026, 3, 10)
    make_application(alice, company="Later", next_action="x", next_action_on=date(2026, 3, 11))
    make_application(alice, company="Today", next_action="Call", next_action_on=today)
    make_application(alice, company="Late", next_action="", next_action_on=date(2026, 3, 1))
    make_application(alice, company="Undated", next_action="Someday")
    make_application(
        alice, company="Closed", status="rejected", next_action="x", next_action_on=today
    )
    make_application(bob, company="Bob's", next_action="x", next_action_on=today)
    due = due_followups(alice, today)
    assert [(a.company, a.days_overdue) for a in due] == [("Late", 9), ("Today", 0)]


def test_due_followups_is_one_query(alice, django_assert_num_queries):
    Application.objects.bulk_create(
        Application(
            owner=alice,
            company=f"C{n}",
            role="R",
            next_action="Chase",
            next_action_on=date(2026, 3, 1) + timedelta(days=n % 20),
        )
        for n in range(1000)
    )
    with django_assert_num_queries(1):
        due = due_followups(alice, date(2026, 3, 10))
    assert len(due) == 20
    assert due[0].days_overdue == 9
    assert due.total == sum(1 for n in range(1000) if n % 20 <= 9)


@pytest.fixture
def now():
    return datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def quiet(owner, now, days, status="applied", **fields):
    [app] = Application.objects.bulk_create(
        [
            Application(
                owner=owner,
                company=fields.pop("company", f"Quiet {days}"),
                role="Engineer",
                status=status,
                status_changed_at=now - timedelta(days=days),
                **fields,
            )
        ]
    )
    return app


def test_ghost_suggestions(alice, bob, now, make_interview):
    alice.ghost_after_days = 21
    alice.save()
    quiet(alice, now, 40, company="Silent")
    quiet(alice, now, 22, status="interviewing", company="Gone quiet")
    quiet(alice, now, 20, company="Recent")
    quiet(alice, now, 60, status="wishlist", company="Never applied")
    quiet(alice, now, 60, status="offer", company="Their offer")
    quiet(alice, now, 60, status="rejected", company="Closed")
    quiet(bob, now, 60, company="Bob's")
    talked = quiet(alice, now, 50, status="interviewing", company="Interviewed lately")
    make_interview(talked, starts_at=now - timedelta(days=5), status="done")
    upcoming = quiet(alice, now, 50, status="screening", company="Booked")
    make_interview(upcoming, starts_at=now + timedelta(days=2))
    long_ago = quiet(alice, now, 45, status="interviewing", company="Interviewed long ago")
    make_interview(long_ago, starts_at=now - timedelta(days=44), status="done")

    suggested = ghost_suggestions(alice, now)
    assert [(a.company, a.silent_days) for a in suggested] == [
        ("Interviewed long ago", 45),
        ("Silent", 40),
        ("Gone quiet", 22),
    ]
    alice.ghost_after_days = 41
    assert [a.pk for a in ghost_suggestions(alice, now)] == [long_ago.pk]


def test_ghost_suggestions_is_one_query(alice, now, django_assert_num_queries):
    Application.objects.bulk_create(
        Application(
            owner=alice,
            company=f"C{n}",
            role="R",
            status="applied",
            status_changed_at=now - timedelta(days=n % 60),
        )
        for n in range(1000)
    )
    with django_assert_num_queries(1):
        suggested = ghost_suggestions(alice, now)
    assert len(suggested) == 20
    assert suggested[0].silent_days == 59
    assert suggested.total == sum(1 for n in range(1000) if n % 60 >= alice.ghost_after_days)


def test_mark_follow_up_done_clears_it_and_notes_the_timeline(alice_client, application):
    application.next_action = "Send references"
    application.next_action_on = date(2026, 3, 1)
    application.save()
    response = alice_client.post(f"/applications/{application.pk}/follow-up/done/", {"next": "/"})
    assert response.url == "/"
    application.refresh_from_db()
    assert (application.next_action, application.next_action_on) == ("", None)
    note = application.status_changes.last()
    assert (note.from_status, note.to_status, note.note) == (
        "applied",
        "applied",
        "Follow-up done: Send references",
    )
    assert application.status == "applied"
    page = alice_client.get(f"/applications/{application.pk}/").content.decode()
    assert "<strong>Follow-up done: Send references</strong>" in page
    assert "Applied → <strong>Applied</strong>" not in page


def test_follow_up_done_with_a_next_that_is_no_path_goes_to_the_application(
    alice_client, application
):
    """A bare word in `next` was looked up as a view's name: "١٢" was a 500."""
    application.next_action_on = date(2026, 3, 1)
    application.save()
    url = f"/applications/{application.pk}/follow-up/done/"
    response = alice_client.post(url, {"next": "١٢"})
    assert response.url == f"/applications/{application.pk}/"
    application.refresh_from_db()
    assert application.next_action_on is None


def test_follow_up_done_twice_is_recorded_once(alice_client, application):
    application.next_action_on = date(2026, 3, 1)
    application.save()
    url = f"/applications/{application.pk}/follow-up/done/"
    alice_client.post(url)
    second = alice_client.post(url, follow=True)
    assert "has no follow-up to mark done" in second.content.decode()
    notes = application.status_changes.filter(note__startswith="Follow-up done")
    assert [n.note for n in notes] == ["Follow-up done: Follow up"]


def test_follow_up_done_is_post_only_and_owner_only(alice, bob, application):
    application.next_action = "Call"
    application.save()
    url = f"/applications/{application.pk}/follow-up/done/"
    owner, other, anonymous = Client(), Client(), Client()
    owner.force_login(alice)
    other.force_login(bob)
    assert owner.get(url).status_code == 405
    assert other.post(url).status_code == 404
    assert anonymous.post(url).url.startswith("/accounts/login/")
    application.refresh_from_db()
    assert application.next_action == "Call"


def test_mark_ghosted_moves_to_no_response(alice_client, application):
    Application.objects.filter(pk=application.pk).update(
        status_changed_at=application.status_changed_at - timedelta(days=30, hours=1)
    )
    response = alice_client.post(
        f"/applications/{application.pk}/move/", {"status": "no_response", "next": "/"}
    )
    assert response.url == "/"
    application.refresh_from_db()
    assert application.status == "no_response"
    assert application.is_closed
    last = application.status_changes.last()
    assert (last.from_status, last.note) == ("applied", "No answer for 30 days")


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    get_token(request)
    return request


def partial(name, user, **context):
    """One of Today's sections, rendered on its own for `user`."""
    return render_to_string(
        f"interviews/includes/dashboard_{name}.html", context, request=request_for(user)
    )


def test_followups_partial(alice, make_application):
    today = date(2026, 3, 10)
    app = make_application(
        alice, company="Acme", next_action="Chase", next_action_on=date(2026, 3, 8)
    )
    html = partial("followups", alice, followups=Shown(due_followups(alice, today), 1))
    assert f'action="/applications/{app.pk}/follow-up/done/"' in html
    assert f'href="/applications/{app.pk}/"' in html
    assert "2 days overdue" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "most overdue of" not in html
    longer = partial("followups", alice, followups=Shown(due_followups(alice, today), 4))
    assert "The 1 most overdue of 4; the next 3 show here as you clear these." in longer
    empty = partial("followups", alice, followups=Shown([], 0))
    assert "Nothing due." in empty


def test_ghosted_partial(alice, now):
    app = quiet(alice, now, 30, company="Silent")
    html = partial("ghosted", alice, ghosted=Shown(ghost_suggestions(alice, now), 1))
    assert f'action="/applications/{app.pk}/move/"' in html
    assert f'href="/applications/{app.pk}/"' in html
    assert 'name="status" value="no_response"' in html
    assert "no move for 30 days" in html
    assert "longest silences" not in html
    longer = partial("ghosted", alice, ghosted=Shown(ghost_suggestions(alice, now), 3))
    assert "The 1 longest silences of 3; the next 2 show here as you close these." in longer
    empty = partial("ghosted", alice, ghosted=Shown([], 0))
    assert "ghosted-heading" not in empty


def test_each_list_is_ranked_on_its_own_and_counted(alice, now, make_application):
    """Many follow-ups due never crowd the ghosts out (nor the other way round), and each
    list knows how many there are beyond the ones shown."""
    today = today_for(alice, now)
    for n in range(7):  # due, most overdue last made; not quiet (moved yesterday)
        make_application(alice, status="offer", next_action_on=today - timedelta(days=n))
    for n in range(5):  # quiet, not due
        app = make_application(alice, status="applied")
        Application.objects.filter(pk=app.pk).update(status_changed_at=now - timedelta(days=30 + n))
    both = make_application(alice, status="applied", next_action_on=today - timedelta(days=1))
    Application.objects.filter(pk=both.pk).update(status_changed_at=now - timedelta(days=29))
    followups = due_followups(alice, today, limit=3)
    ghosted = ghost_suggestions(alice, now, limit=3)
    assert [a.days_overdue for a in followups] == [6, 5, 4]
    assert [a.silent_days for a in ghosted] == [34, 33, 32]
    assert (followups.total, followups.more, ghosted.total, ghosted.more) == (8, 5, 6, 3)
    # Due and quiet: in both lists.
    assert both.pk in [a.pk for a in due_followups(alice, today)]
    assert both.pk in [a.pk for a in ghost_suggestions(alice, now)]
    nothing_due = due_followups(alice, today - timedelta(days=365), limit=3)
    assert (list(nothing_due), nothing_due.total, nothing_due.more) == ([], 0, 0)
    nothing_quiet = ghost_suggestions(alice, now - timedelta(days=365), limit=3)
    assert (list(nothing_quiet), nothing_quiet.total, nothing_quiet.more) == ([], 0, 0)


def test_today_says_how_many_follow_ups_wait_beyond_those_shown(
    alice_client, alice, make_application
):
    today = today_for(alice)
    for n in range(LIMIT + 2):
        make_application(alice, next_action="Chase", next_action_on=today - timedelta(days=n))
    page = alice_client.get("/").content.decode()
    assert page.count("/follow-up/done/") == LIMIT
    assert f"The {LIMIT} most overdue of {LIMIT + 2}; the next 2 show here" in page


def test_todays_follow_up_form_works_in_each_browser(alice, application):
    """Each browser's page carries its own CSRF token, and the form posts with it."""
    today = today_for(alice)
    Application.objects.filter(pk=application.pk).update(next_action_on=today)
    done = f"/applications/{application.pk}/follow-up/done/"
    for _ in range(2):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(alice)
        page = browser.get("/").content.decode()
        form = page[page.index(f'action="{done}"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        assert browser.post(done, {"csrfmiddlewaretoken": token}).status_code == 302
        Application.objects.filter(pk=application.pk).update(next_action_on=today)


@pytest.mark.parametrize(
    ("days", "said"),
    [(-3, "overdue"), (0, "due today"), (2, None)],
)
def test_the_application_page_says_when_its_next_action_is_late(
    alice, alice_client, application, days, said
):
    due = today_for(alice) + timedelta(days=days)
    Application.objects.filter(pk=application.pk).update(next_action="Call", next_action_on=due)
    page = alice_client.get(f"/applications/{application.pk}/").content.decode()
    shown = page[page.index('id="next-action"') :].split("<form", 1)[0]
    marks = re.findall(r'<span class="due [^"]+">([^<]+)</span>', shown)
    assert marks == ([said] if said else [])

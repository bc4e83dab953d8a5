"""Pages cached per user: the data version the database keeps, and what it protects.

A cached dashboard, board or review total must never be served after a change to the
user's data, however the change was written; and a cached page's forms must carry the
reader's own CSRF token."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from interviews.models import (
    Application,
    ChecklistAnswer,
    Contact,
    Dealbreaker,
    Decision,
    Interview,
    ScriptTemplate,
    StatusChange,
)
from interviews.views.dashboard import FRESH_FOR, dashboard_context

pytestmark = pytest.mark.django_db


def version(user):
    return User.objects.values_list("data_version", flat=True).get(pk=user.pk)


class Watch:
    """The change in both users' versions across a block: alice's moves, bob's does not."""

    def __init__(self, mine, other):
        self.mine, self.other = mine, other

    def __enter__(self):
        self.before = version(self.mine), version(self.other)
        return self

    def __exit__(self, *exc):
        after = version(self.mine), version(self.other)
        assert after[0] > self.before[0], "the owner's data version did not move"
        assert after[1] == self.before[1], "another user's data version moved"


@pytest.fixture
def watch(alice, bob):
    return lambda: Watch(alice, bob)


def test_every_table_of_user_data_has_a_trigger():
    """A new model holding user data without a trigger would let a cached page go stale."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        triggers = " ".join(row[0] for row in cursor.fetchall())
    tables = connection.introspection.table_names()
    # A CSV upload waiting for confirmation shows on the import page alone, never cached.
    ours = [t for t in tables if t.startswith("interviews_") and t != "interviews_pendingimport"]
    assert len(ours) == 10
    for table in ours:
        assert f"walkout_touch_{table}" in triggers, table


def test_applications_insert_update_delete(alice, watch, make_application):
    with watch():
        application = make_application(alice)
    with watch():
        Application.objects.filter(pk=application.pk).update(company="Renamed")
    with watch():
        application.delete()


def test_bulk_create_and_status_changes(alice, watch, application):
    with watch():
        Application.objects.bulk_create([Application(owner=alice, company="A", role="B")])
    with watch():
        StatusChange.objects.filter(application=application).update(note="edited")


def test_interviews_answers_and_decisions(alice, watch, application, make_interview):
    with watch():
        interview = make_interview(application)
    dealbreaker = Dealbreaker.objects.for_user(alice).first()
    with watch():  # the checklist's raw upsert
        ChecklistAnswer.objects.record(
            interview,
            [(dealbreaker, "mid", "no", "", timezone.now())],
        )
    with watch():
        ChecklistAnswer.objects.filter(interview=interview).delete()
    with watch():
        Decision.objects.create(interview=interview, choice=Decision.Choice.STAYED)
    with watch():
        Interview.objects.filter(pk=interview.pk).update(location="Room 4")
    with watch():  # a cascade: the interview and its decision go with the application
        application.delete()


def test_dealbreakers_scripts_and_contacts(alice, watch, application, interview):
    with watch():
        Dealbreaker.objects.for_user(alice).update(active=False)
    with watch():
        ScriptTemplate.objects.create(owner=alice, name="Mine", body="Thank you, {interviewer}.")
    with watch():
        contact = Contact.objects.create(owner=alice, name="Dana Reyes")
    with watch():
        contact.applications.add(application)
    with watch():
        contact.interviews.add(interview)
    with watch():
        contact.interviews.clear()


def test_saving_a_user_loaded_earlier_keeps_the_newer_version(alice, make_application):
    stale = User.objects.get(pk=alice.pk)
    make_application(alice)
    newer = version(alice)
    stale.display_name = "Alice M."
    stale.save()
    assert version(alice) == newer
    assert User.objects.get(pk=alice.pk).display_name == "Alice M."


def test_dashboard_shows_a_change_made_outside_any_request(alice_client, application, interview):
    assert "Northwind" in alice_client.get("/").content.decode()
    # Written straight to the database, as a script or the admin would: no signal, no view.
    Application.objects.filter(pk=application.pk).update(company="Southwind")
    page = alice_client.get("/").content.decode()
    assert "Southwind" in page and "Northwind" not in page


def test_board_and_review_follow_changes(alice_client, alice, application, interview):
    assert "Northwind" in alice_client.get("/board/").content.decode()
    Application.objects.filter(pk=application.pk).update(status=Application.Status.OFFER)
    board = alice_client.get("/board/").content.decode()
    assert re.search(rf'id="card-{application.pk}" data-status="offer"', board)
    before = alice_client.get("/decisions/").context["walk_outs"]
    Decision.objects.create(
        interview=interview, choice=Decision.Choice.WALKED_OUT, minutes_saved=30
    )
    assert alice_client.get("/decisions/").context["walk_outs"] == before + 1


def test_preferences_change_the_cached_page(alice_client, alice, application, make_interview):
    make_interview(application, starts_at=timezone.now() + timedelta(days=2, hours=1))
    paris = alice_client.get("/").content.decode()
    User.objects.filter(pk=alice.pk).update(time_zone="Asia/Tokyo")
    tokyo = alice_client.get("/").content.decode()
    assert paris != tokyo


def test_each_browser_gets_its_own_csrf_token_in_a_cached_page(alice, client_factory, application):
    today = timezone.localdate(timezone.now(), alice.zone)
    Application.objects.filter(pk=application.pk).update(next_action_on=today)
    tokens = []
    for _ in range(2):
        browser = client_factory()
        page = browser.get("/").content.decode()
        done = f"/applications/{application.pk}/follow-up/done/"
        form = page[page.index(f'action="{done}"') :]  # the form in the cached content
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        assert "placeholder" not in token
        tokens.append(token)
        # The form in the cached part of the page works for this browser.
        response = browser.post(done, {"csrfmiddlewaretoken": token})
        assert response.status_code in (302, 303), response.status_code
        Application.objects.filter(pk=application.pk).update(next_action_on=today)
    assert tokens[0] != tokens[1]


@pytest.fixture
def client_factory(alice):
    from django.test import Client

    def make():
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(alice)
        return browser

    return make


def test_dashboard_copy_lives_until_the_next_interview_moment(alice, application, make_interview):
    now = timezone.now()
    make_interview(application, starts_at=now + timedelta(seconds=25))
    _, seconds = dashboard_context(alice, now)
    assert 24 <= seconds <= 25
    _, seconds = dashboard_context(alice, now + timedelta(seconds=26))  # running for an hour
    assert seconds == FRESH_FOR
    _, seconds = dashboard_context(alice, now + timedelta(days=30))
    assert seconds == FRESH_FOR


def test_an_interview_starting_shows_as_in_progress(
    alice_client, application, make_interview, monkeypatch
):
    """No data changes: only the clock. The copy expires when the interview starts."""
    import time

    from django.core.cache.backends import locmem

    start = timezone.now()
    make_interview(application, starts_at=start + timedelta(minutes=10))
    assert "Next up" in alice_client.get("/").content.decode()
    later = start + timedelta(minutes=10, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    shift = (later - start).total_seconds()
    real_time = time.time
    monkeypatch.setattr(locmem.time, "time", lambda: real_time() + shift)
    assert "In progress" in alice_client.get("/").content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/board/", "/board/?closed=1", "/applications/?q=North", "/decisions/"]
)
def test_a_second_visit_costs_the_session_and_the_user_only(
    alice_client, interview, path, django_assert_num_queries
):
    first = alice_client.get(path)
    with django_assert_num_queries(2):  # session, user: the page is the cached copy
        again = alice_client.get(path)
    assert first.status_code == again.status_code == 200


def test_copies_are_per_user(alice_client, bob_client, interview):
    assert "Northwind" in alice_client.get("/board/").content.decode()
    assert "Northwind" not in bob_client.get("/board/").content.decode()
    page = f"/applications/{interview.application_id}/"
    assert alice_client.get(page).status_code == 200
    assert bob_client.get(page).status_code == 404


def test_application_page_is_cached_and_follows_changes(
    alice_client, application, interview, django_assert_num_queries
):
    page = f"/applications/{application.pk}/"
    alice_client.get(page)
    with django_assert_num_queries(2):
        assert "Northwind" in alice_client.get(page).content.decode()
    Application.objects.filter(pk=application.pk).update(company="Southwind")
    assert "Southwind" in alice_client.get(page).content.decode()
    application.delete()
    assert alice_client.get(page).status_code == 404


def test_move_page_without_javascript_goes_back_only_to_our_pages(alice_client, application):
    url = f"/applications/{application.pk}/move/"
    page = alice_client.get(url, {"next": "/board/?closed=1"}).content.decode()
    assert 'name="next" value="/board/?closed=1"' in page
    page = alice_client.get(url, {"next": "https://evil.example.com/"}).content.decode()
    assert 'name="next" value="/board/"' in page


def test_a_message_is_shown_once_and_never_cached(alice_client, application):
    alice_client.get("/applications/")  # a cached copy without a message
    page = alice_client.post(
        f"/applications/{application.pk}/move/", {"status": "offer", "next": "/applications/"}
    )
    shown = alice_client.get(page.url).content.decode()
    assert "Moved Data Engineer at Northwind from Applied to Offer." in shown
    again = alice_client.get("/applications/").content.decode()
    assert "Moved Data Engineer" not in again
    assert "Offer" in again

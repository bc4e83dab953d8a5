"""Undo after a tap: the message after marking a follow-up done or moving an application
carries an Undo that puts it back as it was (Application.take_back), once."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from interviews.followups import ghost_suggestions, today_for
from interviews.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def tab(alice):
    """Alice's tab, CSRF checked as a real one is."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


def post_from(client, page, action, **fields):
    """Submit the form on `page` whose action is `action`, with its hidden fields."""
    start = page.index(f'action="{action}"')
    form = page[start : page.index("</form>", start)]
    data = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    return client.post(action, {**data, **fields})


def tap(client, action, **fields):
    """A one-tap form on Today, then the page it returns to."""
    page = client.get("/").content.decode()
    response = post_from(client, page, action, **fields)
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def undo(client, page, application):
    """The Undo in the message on `page`, then the page it returns to."""
    response = post_from(client, page, f"/applications/{application.pk}/undo/")
    assert response.status_code == 302
    return response, client.get(response.url).content.decode()


def ghosted(application, days=40):
    """Silent for `days`: among Today's ghosted."""
    since = timezone.now() - timedelta(days=days)
    Application.objects.filter(pk=application.pk).update(status_changed_at=since)
    application.status_changes.update(changed_at=since)
    return since


def test_a_follow_up_done_by_mistake_is_due_again_after_undo(tab, alice, application):
    due = today_for(alice) - timedelta(days=2)
    Application.objects.filter(pk=application.pk).update(
        next_action="Send references", next_action_on=due
    )
    done = tap(tab, f"/applications/{application.pk}/follow-up/done/")
    assert "Done: Send references (Northwind)." in done
    assert "Send references" not in done.split('id="followups"')[1]

    response, page = undo(tab, done, application)
    assert response.url == "/"  # back to Today, where the tap was
    assert "Undone: “Send references” is due again (Northwind)." in page
    application.refresh_from_db()
    assert (application.next_action, application.next_action_on) == ("Send references", due)
    assert not application.status_changes.filter(note__startswith="Follow-up done").exists()
    assert "Send references" in page.split('id="followups"')[1]  # on Today again


def test_a_follow_up_without_an_action_comes_back_without_one(tab, alice, application):
    due = today_for(alice)
    Application.objects.filter(pk=application.pk).update(next_action_on=due)
    done = tap(tab, f"/applications/{application.pk}/follow-up/done/")
    _, page = undo(tab, done, application)
    assert "Undone: “Follow up” is due again (Northwind)." in page
    application.refresh_from_db()
    assert (application.next_action, application.next_action_on) == ("", due)


def test_a_mis_tapped_no_response_goes_back_and_stays_ghosted(tab, alice, application):
    since = ghosted(application)
    assert [a.pk for a in ghost_suggestions(alice, timezone.now())] == [application.pk]
    moved = tap(tab, f"/applications/{application.pk}/move/", status="no_response", next="/")
    assert "Moved Data Engineer at Northwind from Applied to No response (ghosted)." in moved
    assert ghost_suggestions(alice, timezone.now()).total == 0

    _, page = undo(tab, moved, application)
    assert "Undone: Data Engineer at Northwind is back in Applied." in page
    application.refresh_from_db()
    assert application.status == "applied"
    # Silent since as before, not since the undo: still among the ghosted.
    assert application.status_changed_at == since
    assert [a.pk for a in ghost_suggestions(alice, timezone.now())] == [application.pk]
    assert list(application.status_changes.values_list("to_status", flat=True)) == ["applied"]


def test_a_move_taken_back_returns_to_the_move_before(tab, application):
    application.move_to("screening")
    screened = application.status_changes.last().changed_at
    page = tab.get(f"/applications/{application.pk}/").content.decode()
    response = post_from(tab, page, f"/applications/{application.pk}/move/", status="rejected")
    moved = tab.get(response.url).content.decode()
    _, page = undo(tab, moved, application)
    application.refresh_from_db()
    assert application.status == "screening"
    assert application.status_changed_at == screened


def test_undo_works_once(tab, application):
    ghosted(application)
    moved = tap(tab, f"/applications/{application.pk}/move/", status="no_response", next="/")
    undo(tab, moved, application)
    _, again = undo(tab, moved, application)  # the same Undo, from another tab
    assert "Nothing to undo: Data Engineer at Northwind has changed since" in again
    application.refresh_from_db()
    assert application.status == "applied"
    assert application.status_changes.count() == 1


def test_nothing_is_undone_once_something_else_happened(tab, application):
    ghosted(application)
    moved = tap(tab, f"/applications/{application.pk}/move/", status="no_response", next="/")
    application.refresh_from_db()
    application.move_to("screening", note="They wrote back")
    _, page = undo(tab, moved, application)
    assert "Nothing to undo" in page
    application.refresh_from_db()
    assert application.status == "screening"
    assert application.status_changes.count() == 3


def test_a_move_off_the_wish_list_offers_no_undo(tab, alice, make_application):
    wished = make_application(alice, status="wishlist")
    page = tab.get(f"/applications/{wished.pk}/").content.decode()
    response = post_from(tab, page, f"/applications/{wished.pk}/move/", status="applied")
    moved = tab.get(response.url).content.decode()
    assert "from Wishlist to Applied." in moved
    assert f"/applications/{wished.pk}/undo/" not in moved
    # Nor does the address take one back: the applied date it set may not be the user's.
    entry = wished.status_changes.order_by("-changed_at", "-id").first()
    tab.post(f"/applications/{wished.pk}/undo/", {"entry": entry.pk})
    wished.refresh_from_db()
    assert wished.status == "applied"


def test_another_users_entry_or_a_made_up_one_changes_nothing(
    alice_client, bob, make_application, application
):
    theirs = make_application(bob, next_action_on=date(2026, 3, 1))
    theirs.mark_follow_up_done()
    entry = theirs.newest_entry()
    # Bob's entry through Alice's application: not its newest entry, so nothing happens.
    ghosted(application)
    response = alice_client.post(
        f"/applications/{application.pk}/undo/", {"entry": entry.pk}, follow=True
    )
    assert "Nothing to undo" in response.content.decode()
    assert theirs.status_changes.filter(pk=entry.pk).exists()
    # Bob's application through Alice's session: not found.
    assert (
        alice_client.post(f"/applications/{theirs.pk}/undo/", {"entry": entry.pk}).status_code
        == 404
    )


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"entry": "x"},
        {"entry": "0"},
        {"entry": str(2**70)},
        {"entry": "1", "next_action_on": "9999-12-31"},
        {"entry": "1", "next_action": "x" * 201},
    ],
)
def test_an_undo_that_cannot_be_read_says_so_and_changes_nothing(alice_client, application, fields):
    application.next_action_on = date(2026, 3, 1)
    application.save()
    application.mark_follow_up_done()
    response = alice_client.post(f"/applications/{application.pk}/undo/", fields, follow=True)
    assert "That undo could not be read; Data Engineer at Northwind was not changed." in (
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.next_action_on is None
    assert application.status_changes.count() == 2


def test_undo_is_post_only_and_for_the_owner(alice, bob, application):
    application.next_action_on = date(2026, 3, 1)
    application.save()
    application.mark_follow_up_done()
    url = f"/applications/{application.pk}/undo/"
    data = {"entry": application.newest_entry().pk, "next_action_on": "2026-03-01"}
    owner, other, anonymous = Client(), Client(), Client()
    owner.force_login(alice)
    other.force_login(bob)
    assert owner.get(url).status_code == 405
    assert other.post(url, data).status_code == 404
    assert anonymous.post(url, data).url.startswith("/accounts/login/")
    application.refresh_from_db()
    assert application.next_action_on is None


def test_an_undo_from_the_board_returns_to_the_board(tab, application):
    # The board's Move without JavaScript: a page of its own, which returns to the board.
    page = tab.get(f"/applications/{application.pk}/move/?next=/board/").content.decode()
    response = post_from(tab, page, f"/applications/{application.pk}/move/", status="screening")
    assert response.url.startswith("/board/")
    moved = tab.get(response.url).content.decode()
    response, _ = undo(tab, moved, application)
    assert response.url.startswith("/board/")

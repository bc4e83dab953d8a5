"""The board: columns by status, moves by form post (or fetch), and its cost."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interviews.models import Application, StatusChange
from interviews.views.board import CARDS_PER_COLUMN as CARDS

pytestmark = pytest.mark.django_db


def column(response, key):
    return next(c for c in response.context["columns"] if c["key"] == key)


def test_board_shows_columns_with_counts(alice_client, alice, bob, make_application):
    make_application(alice, company="Acme", status="applied")
    make_application(alice, company="Zeta", status="applied")
    make_application(alice, company="Quarry", status="offer")
    make_application(alice, company="Copper", status="rejected")
    make_application(alice, company="Helix", status="walked_out")
    make_application(bob, company="Bobcorp", status="applied")
    response = alice_client.get("/board/")
    keys = [c["key"] for c in response.context["columns"]]
    assert keys == ["wishlist", "applied", "screening", "interviewing", "offer", "closed"]
    assert [c.company for c in column(response, "applied")["cards"]] == ["Zeta", "Acme"]
    assert column(response, "closed")["count"] == 2
    assert column(response, "closed")["breakdown"] == [("Rejected", 1), ("Walked out", 1)]
    page = response.content.decode()
    assert "Bobcorp" not in page
    assert '<details class="board-closed">' in page  # folded until asked for
    assert (
        '<details class="board-closed" open>'
        in alice_client.get("/board/?closed=1").content.decode()
    )


def test_move_without_javascript_redirects_and_records_the_timeline(alice_client, application):
    response = alice_client.post(
        f"/applications/{application.pk}/move/", {"status": "screening", "next": "/board/"}
    )
    assert response.status_code == 302
    assert response.url == "/board/"
    application.refresh_from_db()
    assert application.status == "screening"
    moves = list(application.status_changes.values_list("from_status", "to_status"))
    assert moves == [("", "applied"), ("applied", "screening")]
    page = alice_client.get("/board/").content.decode()
    assert "Moved Data Engineer at Northwind from Applied to Screening." in page
    detail = alice_client.get(f"/applications/{application.pk}/").content.decode()
    assert "Applied → <strong>Screening</strong>" in detail


def test_move_asked_for_json_answers_json(alice_client, application):
    response = alice_client.post(
        f"/applications/{application.pk}/move/",
        {"status": "rejected"},
        headers={"accept": "application/json"},
    )
    assert response.json() == {
        "id": application.pk,
        "status": "rejected",
        "label": "Rejected",
        "column": "closed",
        "moved": True,
    }
    assert application.status_changes.filter(to_status="rejected").count() == 1


def test_move_to_the_same_status_records_nothing(alice_client, application):
    response = alice_client.post(
        f"/applications/{application.pk}/move/", {"status": "applied"}, follow=True
    )
    assert "Data Engineer at Northwind is already Applied." in response.content.decode()
    assert application.status_changes.count() == 1


@pytest.mark.parametrize("status", ["", "hired", "closed", "APPLIED"])
def test_bad_status_is_explained_and_changes_nothing(alice_client, application, status):
    before = Application.objects.values().get(pk=application.pk)
    response = alice_client.post(
        f"/applications/{application.pk}/move/", {"status": status}, follow=True
    )
    assert "is not a status; Data Engineer at Northwind was not moved." in response.content.decode()
    assert Application.objects.values().get(pk=application.pk) == before
    json = alice_client.post(
        f"/applications/{application.pk}/move/",
        {"status": status},
        headers={"accept": "application/json"},
    )
    assert json.status_code == 400
    assert "was not moved" in json.json()["error"]
    assert application.status_changes.count() == 1


def test_move_changes_only_on_post_and_only_for_the_owner(alice, bob, application):
    url = f"/applications/{application.pk}/move/"
    owner, other, anonymous = Client(), Client(), Client()
    owner.force_login(alice)
    other.force_login(bob)
    page = owner.get(url, {"status": "offer"})  # the form; a GET moves nothing
    assert page.status_code == 200
    assert 'name="status" id="status-offer" value="offer"' in page.content.decode()
    assert other.get(url).status_code == 404
    assert other.post(url, {"status": "offer"}).status_code == 404
    assert anonymous.post(url, {"status": "offer"}).url.startswith("/accounts/login/")
    application.refresh_from_db()
    assert application.status == "applied"
    assert application.status_changes.count() == 1


def test_move_refuses_to_redirect_off_site(alice_client, application):
    response = alice_client.post(
        f"/applications/{application.pk}/move/",
        {"status": "offer", "next": "https://evil.example.com/"},
    )
    assert response.url == "/board/"


@pytest.mark.parametrize("back", ["board", "١٢", "dashboard"])
def test_a_next_that_is_not_a_path_goes_back_to_the_board(alice_client, application, back):
    """A bare word is no address: redirect() would look it up as a view's name (a 500
    for "١٢"; the dashboard for "dashboard")."""
    response = alice_client.post(
        f"/applications/{application.pk}/move/", {"status": "offer", "next": back}
    )
    assert response.status_code == 302
    assert response.url == "/board/"
    application.refresh_from_db()
    assert application.status == "offer"


def test_move_needs_the_csrf_token(alice, application):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(f"/applications/{application.pk}/move/", {"status": "offer"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == "applied"


def test_board_caps_each_column_and_links_to_all(
    alice, alice_client, django_assert_max_num_queries
):
    statuses = ["wishlist", "applied", "screening", "interviewing", "offer"] + list(
        Application.CLOSED_STATUSES
    )
    Application.objects.bulk_create(
        Application(owner=alice, company=f"Company {n}", role="Engineer", status=statuses[n % 10])
        for n in range(1000)
    )
    # session, user, counts per status, the capped cards of every column, their tags
    with django_assert_max_num_queries(5):
        response = alice_client.get("/board/?closed=1")
    applied = column(response, "applied")
    assert (applied["count"], len(applied["cards"]), applied["more"]) == (100, CARDS, 100 - CARDS)
    closed = column(response, "closed")
    assert (closed["count"], len(closed["cards"])) == (500, CARDS)
    page = response.content.decode()
    assert '<a href="/applications/?status=applied">Show all 100</a>' in page
    assert '<a href="/applications/?status=closed">Show all 500</a>' in page
    assert page.count('class="board-card"') == 6 * CARDS
    # Without ?closed=1 the closed column is a count and a link: no card comes with it.
    with django_assert_max_num_queries(5):
        response = alice_client.get("/board/")
    assert (column(response, "closed")["count"], len(column(response, "closed")["cards"])) == (
        500,
        0,
    )
    page = response.content.decode()
    assert page.count('class="board-card"') == 5 * CARDS
    assert '<a href="?closed=1#column-closed">Show closed applications</a>' in page


def test_board_empty_columns(alice_client):
    response = alice_client.get("/board/")
    assert all(c["count"] == 0 and not c["cards"] for c in response.context["columns"])
    assert "Show all" not in response.content.decode()


def test_statuschange_moves_excludes_timeline_notes(alice, make_application):
    app = make_application(alice)
    app.move_to("screening")
    StatusChange.objects.create(application=app, from_status="screening", to_status="screening")
    assert StatusChange.objects.moves().filter(application=app).count() == 2


def test_move_to_can_note_why(alice, make_application):
    app = make_application(alice)
    assert app.move_to("no_response", note="No answer for 30 days") is True
    assert app.move_to("no_response") is False
    last = app.status_changes.last()
    assert (last.from_status, last.to_status, last.note) == (
        "applied",
        "no_response",
        "No answer for 30 days",
    )
    app.move_to("applied")
    assert app.status_changes.last().note == ""  # a note is used once


def test_cards_say_overdue_due_today_or_next(alice, alice_client, make_application):
    today = timezone.localdate(timezone.now(), alice.zone)
    make_application(alice, company="Late", next_action_on=today - timedelta(days=2))
    make_application(alice, company="Now", next_action_on=today)
    make_application(alice, company="Later", next_action_on=today + timedelta(days=3))
    page = alice_client.get("/board/").content.decode()
    assert f'<span class="due due-now">overdue since {(today - timedelta(days=2)):%-d %b}' in page
    assert '<span class="due due-today">due today</span>' in page
    assert f'<span class="due">next {(today + timedelta(days=3)):%-d %b}</span>' in page


def test_a_move_shows_on_the_board_at_once(alice_client, application):
    assert "Northwind" in alice_client.get("/board/").content.decode()
    Application.objects.filter(pk=application.pk).update(status=Application.Status.OFFER)
    board = alice_client.get("/board/").content.decode()
    assert f'id="card-{application.pk}" data-status="offer"' in board


def test_move_page_without_javascript_goes_back_only_to_our_pages(alice_client, application):
    url = f"/applications/{application.pk}/move/"
    page = alice_client.get(url, {"next": "/board/?closed=1"}).content.decode()
    assert 'name="next" value="/board/?closed=1"' in page
    page = alice_client.get(url, {"next": "https://evil.example.com/"}).content.decode()
    assert 'name="next" value="/board/"' in page


def test_each_column_shows_its_newest_cards(alice, bob, alice_client):
    """Newest first in each column, the closed one drawing on all five closed statuses;
    applications updated at the same moment as the last card shown stay off it."""
    now = timezone.now()
    made = Application.objects.bulk_create(
        Application(owner=owner, company=f"Co {n}", role="R", status=status)
        for owner in (alice, bob)
        for status in ("applied", "rejected", "withdrawn", "no_response")
        for n in range(30)
    )
    for n, application in enumerate(made):
        # Bob's are the newest of all; alice's statuses interleave, and in threes (and
        # across rejected and no response) they share a moment.
        k, status_rank = n % 30, n // 30 % 4
        minutes = -n if application.owner == bob else 2 * (k - k % 3) + status_rank % 2
        Application.objects.filter(pk=application.pk).update(
            updated_at=now - timedelta(minutes=minutes)
        )

    def newest(statuses):
        return list(
            Application.objects.filter(owner=alice, status__in=statuses)
            .order_by("-updated_at", "-pk")
            .values_list("pk", flat=True)[:CARDS]
        )

    response = alice_client.get("/board/?closed=1")
    applied = [card.pk for card in column(response, "applied")["cards"]]
    closed = [card.pk for card in column(response, "closed")["cards"]]
    assert applied == newest(["applied"])
    assert closed == newest(Application.CLOSED_STATUSES)
    assert {c.status for c in column(response, "closed")["cards"]} == {
        "rejected",
        "withdrawn",
        "no_response",
    }


@pytest.mark.parametrize("board", ["/board/", "/board/?closed=1"])
def test_a_cards_links_lead_to_its_page_and_its_move_form(alice_client, application, board):
    page = alice_client.get(board).content.decode()
    card = page[page.index(f'id="card-{application.pk}"') :]
    detail = re.search(r'class="board-card-link" href="([^"]+)"', card)[1]
    move = html.unescape(re.search(r'board-move-link" href="([^"]+)"', card)[1])
    assert detail == reverse("application_detail", args=[application.pk])
    assert alice_client.get(detail).status_code == 200
    form = alice_client.get(move).content.decode()
    assert f'action="{reverse("application_move", args=[application.pk])}"' in form
    assert f'name="next" value="{board}"' in html.unescape(form)

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from interviews.models import Application, Interview, StatusChange

pytestmark = pytest.mark.django_db


def test_new_application_starts_its_timeline(alice, make_application):
    app = make_application(alice, status=Application.Status.WISHLIST)
    [change] = app.status_changes.all()
    assert (change.from_status, change.to_status) == ("", "wishlist")


def test_status_move_is_recorded_once(alice, make_application):
    app = make_application(alice, status=Application.Status.APPLIED)
    app.status = Application.Status.SCREENING
    app.save()
    app.notes = "called back"
    app.save()  # no status move: no new entry
    moves = list(app.status_changes.values_list("from_status", "to_status"))
    assert moves == [("", "applied"), ("applied", "screening")]


def test_status_move_recorded_for_instance_loaded_from_db(alice, make_application):
    app = make_application(alice, status=Application.Status.APPLIED)
    fresh = Application.objects.get(pk=app.pk)
    fresh.status = Application.Status.REJECTED
    fresh.save(update_fields=["status"])
    assert StatusChange.objects.filter(application=app, to_status="rejected").count() == 1
    fresh.refresh_from_db()
    assert fresh.status_changed_at >= app.status_changed_at


def test_database_refuses_salary_min_above_max(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            owner=alice, company="X", role="Y", salary_min=100, salary_max=50
        )


def test_database_refuses_zero_duration(application):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(
            application=application, starts_at=timezone.now(), duration_minutes=0
        )


def test_for_user_only_returns_own_rows(alice, bob, make_application, make_interview):
    mine = make_application(alice)
    theirs = make_application(bob)
    make_interview(mine)
    make_interview(theirs)
    assert list(Application.objects.for_user(alice)) == [mine]
    assert {i.application_id for i in Interview.objects.for_user(alice)} == {mine.pk}


def test_search_matches_company_role_and_notes(alice, make_application):
    a = make_application(alice, company="Acme", role="Baker")
    b = make_application(alice, company="Zeta", role="Chef", notes="met ACME alumni")
    make_application(alice, company="Other", role="Else")
    assert set(Application.objects.search("acme")) == {a, b}
    assert set(Application.objects.search("chef")) == {b}
    assert Application.objects.search("  ").count() == 3


def test_upcoming_keeps_running_interviews_and_drops_finished(application, make_interview):
    now = timezone.now()
    running = make_interview(
        application, starts_at=now - timedelta(minutes=30), duration_minutes=60
    )
    ahead = make_interview(application, starts_at=now + timedelta(hours=2))
    make_interview(application, starts_at=now + timedelta(hours=1), status="cancelled")
    make_interview(application, starts_at=now - timedelta(days=3))
    upcoming = [i for i in Interview.objects.upcoming(now) if i.ends_at > now]
    assert upcoming == [running, ahead]


def test_on_day_uses_the_users_zone(application, make_interview):
    zone = ZoneInfo("Pacific/Auckland")
    # 23:30 on 1 March in Auckland is still 28 February in UTC.
    late = make_interview(application, starts_at=datetime(2026, 3, 1, 23, 30, tzinfo=zone))
    make_interview(application, starts_at=datetime(2026, 3, 2, 0, 30, tzinfo=zone))
    assert list(Interview.objects.on_day(date(2026, 3, 1), zone)) == [late]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("Dana Reyes, Head of Data", [("Dana Reyes", "Head of Data")]),
        ("Dana Reyes — CTO\n\n  Tom  ", [("Dana Reyes", "CTO"), ("Tom", "")]),
        ("Ana - Recruiter", [("Ana", "Recruiter")]),
        (",,,\n — CTO\n;", []),
    ],
)
def test_interviewer_list_parses_names_and_roles(text, expected):
    assert Interview(interviewers=text).interviewer_list == expected


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [
        (None, None, ""),
        (90_000, 110_000, "90,000–110,000 USD"),
        (90_000, None, "from 90,000 USD"),
        (None, 5, "up to 5 USD"),
        (7, 7, "7 USD"),
    ],
)
def test_salary_display(low, high, shown):
    assert Application(salary_min=low, salary_max=high, currency="USD").salary_display == shown

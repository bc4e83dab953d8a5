"""The private calendar feed and one interview's .ics file, read back with icalendar."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from interviews.ics import FEED_DAYS_BACK
from interviews.models import Contact

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    return list(calendar.walk("VEVENT"))


def feed_path(client):
    """Make (or remake) the user's feed address through the export page; its path."""
    response = client.post("/export/calendar/", {"action": "new"}, follow=True)
    match = re.search(
        r'id="feed-url"[^>]*>http://testserver(/calendar/[\w-]+\.ics)<', response.content.decode()
    )
    assert match, "the export page shows the feed address"
    return match[1]


def schedule(client, application, when, **fields):
    data = {
        "kind": "hiring_manager",
        "starts_at": when,
        "duration_minutes": "60",
        "format": "in_person",
        "location": "1 Rue de la Paix, Paris",
        "interviewers": "Dana Reyes, Head of Data",
        "status": "scheduled",
        "outcome": "",
        "notes": "Private note",
        **fields,
    }
    response = client.post(f"/applications/{application.pk}/interviews/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def spring_forward():
    """The next year's last Sunday of March, when Paris moves its clocks forward: ahead of
    today whenever the suite runs, so always in the feed's window."""
    last = date(timezone.now().year + 1, 3, 31)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def test_feed_times_are_right_across_the_daylight_saving_change(alice_client, application):
    # 09:00 in Paris is 08:00 UTC the day before the change, and 07:00 UTC the day after.
    change = spring_forward()
    before, after = change - timedelta(days=1), change + timedelta(days=1)
    schedule(alice_client, application, f"{before}T09:00")
    schedule(alice_client, application, f"{after}T09:00")
    path = feed_path(alice_client)
    starts = [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events(Client().get(path))]

    def utc(day, hour):
        return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)

    assert starts == [(utc(before, 8), utc(before, 9)), (utc(after, 7), utc(after, 8))]
    raw = Client().get(path).content.decode()
    assert f"DTSTART:{before:%Y%m%d}T080000Z" in raw and f"DTSTART:{after:%Y%m%d}T070000Z" in raw


def test_feed_events_say_what_where_who_and_link_back(alice, alice_client, application):
    schedule(alice_client, application, f"{spring_forward()}T09:00")
    interview = application.interviews.get()
    contact = Contact.objects.create(owner=alice, name="Sam Lee", title="CTO")
    contact.interviews.add(interview)
    (event,) = events(Client().get(feed_path(alice_client)))
    assert str(event["SUMMARY"]) == "Hiring manager interview: Data Engineer at Northwind"
    assert str(event["LOCATION"]) == "1 Rue de la Paix, Paris"
    description = str(event["DESCRIPTION"])
    assert "With: Dana Reyes (Head of Data); Sam Lee (CTO)." in description  # all contacts
    checklist = f"http://testserver/interviews/{interview.pk}/checklist/mid/"
    assert f"Fit checklist, during the interview: {checklist}" in description
    assert f"Before it: http://testserver/interviews/{interview.pk}/checklist/pre/" in description
    assert str(event["URL"]) == checklist
    assert str(event["UID"]) == f"interview-{interview.pk}@testserver"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Private note" not in description  # notes stay in Walkout
    assert "ATTENDEE" not in event  # no calendar app may offer to invite the interviewers


def test_cancelled_interviews_say_so(alice_client, application, make_interview):
    make_interview(application, status="cancelled")
    (event,) = events(Client().get(feed_path(alice_client)))
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Cancelled: ")


def test_feed_needs_no_login_and_shows_only_its_owners_interviews(
    alice_client, bob, bob_client, application, make_application, make_interview
):
    make_interview(application)
    make_interview(make_application(bob, company="Bob's secret"))
    alice_feed = feed_path(alice_client)
    bob_feed = feed_path(bob_client)
    alice_events = events(Client().get(alice_feed))
    assert [str(e["SUMMARY"]) for e in alice_events] == [
        "Hiring manager interview: Data Engineer at Northwind"
    ]
    assert "Bob" not in Client().get(alice_feed).content.decode()
    assert [str(e["SUMMARY"]) for e in events(Client().get(bob_feed))] == [
        "Hiring manager interview: Software Engineer at Bob's secret"
    ]


def test_a_new_address_kills_the_old_one(alice, alice_client, application):
    old = feed_path(alice_client)
    new = feed_path(alice_client)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    alice.refresh_from_db()
    assert len(alice.calendar_token) >= 40  # secrets.token_urlsafe(32)


def test_turning_the_feed_off_kills_the_address(alice_client):
    path = feed_path(alice_client)
    response = alice_client.post("/export/calendar/", {"action": "off"}, follow=True)
    assert "Calendar feed turned off; its address no longer works." in response.content.decode()
    assert Client().get(path).status_code == 404
    assert "Make my calendar address" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/not-a-real-token-but-long-enough-to-match.ics",
        "/calendar/short.ics",
        "/calendar/.ics",
        "/calendar/None.ics",
    ],
)
def test_wrong_tokens_are_404(alice_client, client, path):
    feed_path(alice_client)
    assert client.get(path).status_code == 404


def test_users_without_a_feed_have_no_address(client, alice):
    assert alice.calendar_token is None
    assert client.get("/calendar/None.ics").status_code == 404


def test_feed_settings_are_post_only(alice_client, alice):
    assert alice_client.get("/export/calendar/").status_code == 405
    alice.refresh_from_db()
    assert alice.calendar_token is None


def test_the_feed_token_is_not_logged(alice_client, caplog):
    path = feed_path(alice_client)
    with caplog.at_level("INFO", logger="walkout.requests"):
        Client().get(path)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    assert caplog.messages
    assert all(token not in message for message in caplog.messages)


def test_feed_query_count_is_fixed(
    alice, alice_client, application, make_interview, django_assert_max_num_queries
):
    for n in range(300):
        interview = make_interview(application, interviewers=f"Person {n}, Role")
        if n % 3 == 0:
            Contact.objects.create(owner=alice, name=f"Contact {n}").interviews.add(interview)
    path = feed_path(alice_client)
    with django_assert_max_num_queries(3):  # the user by token, interviews, their contacts
        assert len(events(Client().get(path))) == 300


def test_the_feed_leaves_out_interviews_older_than_its_window(
    alice, alice_client, application, make_interview, django_assert_max_num_queries
):
    now = timezone.now()
    window = timedelta(days=FEED_DAYS_BACK)
    kept = [
        make_interview(application, starts_at=now - window + timedelta(hours=1)),
        make_interview(application, starts_at=now - timedelta(days=1), status="done"),
        make_interview(application, starts_at=now + timedelta(days=400)),
    ]
    old = [
        make_interview(application, starts_at=now - window - timedelta(days=n, hours=1))
        for n in range(200)
    ]
    for interview in old[::3]:
        Contact.objects.create(owner=alice, name="Old contact").interviews.add(interview)
    path = feed_path(alice_client)
    with django_assert_max_num_queries(3):  # the user by token, interviews, their contacts
        response = Client().get(path)
    uids = [str(event["UID"]) for event in events(response)]
    assert uids == [f"interview-{interview.pk}@testserver" for interview in kept]
    # An old interview keeps its own .ics file.
    (event,) = events(alice_client.get(f"/interviews/{old[-1].pk}/calendar.ics"))
    assert str(event["UID"]) == f"interview-{old[-1].pk}@testserver"
    # The export page says what the feed holds.
    page = alice_client.get("/export/").content.decode()
    assert f"the last {FEED_DAYS_BACK} days and every one" in page


def test_one_interviews_ics(alice_client, interview):
    response = alice_client.get(f"/interviews/{interview.pk}/calendar.ics")
    assert response["Content-Disposition"] == f'attachment; filename="interview-{interview.pk}.ics"'
    (event,) = events(response)
    assert event.decoded("DTSTART") == interview.starts_at.replace(microsecond=0)
    assert str(event["URL"]) == f"http://testserver/interviews/{interview.pk}/checklist/mid/"
    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert f'href="/interviews/{interview.pk}/calendar.ics"' in page


def alarm_triggers(event):
    return [alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")]


def test_feed_events_carry_an_alarm_at_each_of_the_users_leads(
    alice, alice_client, application, make_interview
):
    make_interview(application)
    path = feed_path(alice_client)
    (event,) = events(Client().get(path))
    assert alarm_triggers(event) == [-timedelta(days=1), -timedelta(hours=1)]
    for alarm in event.walk("VALARM"):
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
    raw = Client().get(path).content.decode()
    assert "TRIGGER:-P1D" in raw and "TRIGGER:-PT1H" in raw
    # The profile's choice is the calendar's too; none chosen, no alarms.
    users = type(alice).objects.filter(pk=alice.pk)
    users.update(reminder_leads="2880,30,15")
    (event,) = events(Client().get(path))
    assert alarm_triggers(event) == [
        -timedelta(days=2),
        -timedelta(minutes=30),
        -timedelta(minutes=15),
    ]
    users.update(reminder_leads="")
    (event,) = events(Client().get(path))
    assert alarm_triggers(event) == []


def test_the_single_ics_carries_the_alarms_and_a_cancelled_interview_none(
    alice_client, application, make_interview
):
    interview = make_interview(application)
    (event,) = events(alice_client.get(f"/interviews/{interview.pk}/calendar.ics"))
    assert alarm_triggers(event) == [-timedelta(days=1), -timedelta(hours=1)]
    interview.status = "cancelled"
    interview.save()
    (event,) = events(alice_client.get(f"/interviews/{interview.pk}/calendar.ics"))
    assert alarm_triggers(event) == []

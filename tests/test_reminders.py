"""Reminders that reach the user: e-mails before interviews and the morning digest, sent by
`manage.py send_reminders` through a real SMTP server (aiosmtpd on 127.0.0.1), exactly once."""

import logging
import re
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

import reminders.views
from interviews.models import Application, ChecklistAnswer, Contact, Decision, Interview
from reminders import sender
from reminders.models import SentReminder
from reminders.sender import send_due
from reminders.tokens import make_token
from tests.conftest import profile_form
from tests.machine import free_port
from tests.smtp import SMTPServer, mailers_for

pytestmark = pytest.mark.django_db

SITE = "https://walkout.example.com"
# A Tuesday in winter: Paris (alice's zone) is UTC+1.
NOW = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)


@pytest.fixture
def inbox(settings):
    settings.SITE_URL = SITE
    server = SMTPServer()
    settings.MAILERS = mailers_for(server.port)
    with server as inbox:
        yield inbox


def text_of(message):
    return message.get_body(("plain",)).get_content()


def html_of(message):
    return message.get_body(("html",)).get_content()


def site_paths(text):
    """The paths of the site's links in a text."""
    return re.findall(re.escape(SITE) + r"(/[^\s\"<>]*)", text)


def unsubscribe_path(message):
    header = message["List-Unsubscribe"]
    match = re.fullmatch(r"<" + re.escape(SITE) + r"(/reminders/unsubscribe/[^>]+/)>", header)
    assert match, header
    return match[1]


# Interview reminders, end to end ---------------------------------------------------------


def test_an_interview_tomorrow_gets_its_24_hour_reminder_in_the_inbox_once(
    inbox, alice, alice_client, application, make_interview
):
    # Tomorrow a minute earlier on Alice's clock: a day's lead is a calendar day, 23 or 25
    # hours when the clocks change in between (24 hours ahead was not yet due on 28 March).
    starts_at = timezone.localtime(timezone=alice.zone) + timedelta(days=1, minutes=-1)
    interview = make_interview(
        application,
        starts_at=starts_at,
        location="https://meet.example.com/abc-defg",
        interviewers="Dana Reyes, Head of Data\nLee Park - Staff Engineer",
        notes="PRIVATE: they lowballed my friend",
    )
    application.notes = "PRIVATE application note"
    application.save()
    contact = Contact.objects.create(owner=alice, name="Sam Okafor", title="Recruiter")
    contact.interviews.add(interview)

    call_command("send_reminders")
    call_command("send_reminders")  # a rerun sends nothing again

    [message] = inbox.messages
    assert message["To"] == "alice@example.com"
    assert message["Subject"].startswith("In 1 day: Hiring manager interview, Data Engineer at")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = text_of(message), html_of(message)
    local = interview.starts_at.astimezone(alice.zone)
    for body in (text, html):
        assert f"{local:%H:%M}" in body and "(Europe/Paris)" in body
        assert "https://meet.example.com/abc-defg" in body
        assert "Dana Reyes (Head of Data)" in body and "Lee Park (Staff Engineer)" in body
        assert "Sam Okafor (Recruiter)" in body
        assert "PRIVATE" not in body
    assert "dealbreakers still open for this application" in text
    paths = site_paths(text)
    assert f"/interviews/{interview.pk}/checklist/pre/" in paths
    assert set(paths) <= set(site_paths(html))
    for path in paths:
        if "/unsubscribe/" not in path:
            assert alice_client.get(path).status_code == 200, path
    # The unsubscribe link works without logging in; GET only asks.
    assert unsubscribe_path(message) in paths
    assert Client().get(unsubscribe_path(message)).status_code == 200
    # Due the day before at the same time on Alice's clock.
    due = timezone.localtime(SentReminder.objects.get().due_at, alice.zone)
    assert (due.date(), due.time()) == (starts_at.date() - timedelta(days=1), starts_at.time())


def test_open_dealbreakers_are_counted_for_the_application(
    inbox, alice, application, make_interview
):
    first = make_interview(application, starts_at=NOW - timedelta(days=7))
    second = make_interview(application, starts_at=NOW + timedelta(minutes=30))
    active = list(alice.dealbreakers.filter(active=True, rule=""))
    # An earlier round settled two; "unsure" settles nothing.
    for dealbreaker, answer in zip(active, ["yes", "no", "unsure"], strict=False):
        ChecklistAnswer.objects.create(
            interview=first,
            dealbreaker=dealbreaker,
            phase="mid",
            answer=answer,
            question=dealbreaker.question,
            answered_at=NOW - timedelta(days=7),
        )
    send_due(NOW)
    [message] = inbox.messages
    # The prep sheet's open items: the hiring side's signals are watched, not asked.
    asked = alice.dealbreakers.filter(active=True).exclude(category="their_signals")
    open_count = asked.count() - 2
    assert f"{open_count} dealbreakers still open" in text_of(message)
    assert f"/interviews/{second.pk}/checklist/pre/" in text_of(message)


def test_only_the_freshest_missed_reminder_goes_out(inbox, alice, application, make_interview):
    """Nothing sent for a day: the 1-hour reminder replaces the late 24-hour one."""
    interview = make_interview(application, starts_at=NOW + timedelta(minutes=50))
    assert send_due(NOW)["sent"] == 1
    [message] = inbox.messages
    assert message["Subject"].startswith("In 50 minutes:")  # the truth, not the lead
    [record] = SentReminder.objects.all()
    assert record.due_at == interview.starts_at - timedelta(hours=1)


def test_each_lead_sends_at_its_own_time(inbox, alice, application, make_interview):
    interview = make_interview(application, starts_at=NOW + timedelta(days=1))
    for minutes in (-1, 0, 1, 60 * 22, 60 * 23 - 1):
        send_due(NOW + timedelta(minutes=minutes))
    send_due(interview.starts_at - timedelta(hours=1))
    send_due(interview.starts_at - timedelta(minutes=1))
    send_due(interview.starts_at)  # started: too late for anything
    subjects = [m["Subject"].split(":")[0] for m in inbox.messages]
    assert subjects == ["In 1 day", "In 1 hour"]


def test_the_users_own_leads_are_used(inbox, alice, application, make_interview):
    alice.reminder_leads = "2880,15"
    alice.save()
    interview = make_interview(application, starts_at=NOW + timedelta(days=2))
    send_due(NOW)
    send_due(NOW + timedelta(days=1))  # a day ahead: not one of hers
    send_due(interview.starts_at - timedelta(minutes=15))
    assert [m["Subject"].split(":")[0] for m in inbox.messages] == ["In 2 days", "In 15 minutes"]


def test_no_reminder_once_the_interview_has_started(inbox, alice, application, make_interview):
    make_interview(application, starts_at=NOW - timedelta(seconds=1))
    make_interview(application, starts_at=NOW)
    assert send_due(NOW) == {}
    assert inbox.messages == []


def test_a_cancelled_interview_gets_no_reminder(inbox, alice, application, make_interview):
    make_interview(application, starts_at=NOW + timedelta(minutes=30), status="cancelled")
    assert send_due(NOW) == {}
    assert inbox.messages == []


def test_a_moved_interview_is_reminded_for_its_new_time_only(
    inbox, alice, alice_client, application, make_interview
):
    interview = make_interview(application, starts_at=NOW + timedelta(hours=23, minutes=59))
    send_due(NOW)
    assert len(inbox.messages) == 1
    # Moved a day later: the new time's 24-hour reminder is a new one, due tomorrow.
    interview.starts_at += timedelta(days=1)
    interview.save()
    send_due(NOW + timedelta(minutes=5))
    assert len(inbox.messages) == 1
    send_due(NOW + timedelta(days=1))
    assert len(inbox.messages) == 2
    local = interview.starts_at.astimezone(alice.zone)
    assert f"{local:%H:%M}" in text_of(inbox.messages[1])
    assert SentReminder.objects.filter(object_id=interview.pk).count() == 2


def test_closed_applications_and_users_who_said_no_get_nothing(
    inbox, alice, bob, make_application, make_interview
):
    closed = make_application(alice, status=Application.Status.REJECTED)
    make_interview(closed, starts_at=NOW + timedelta(minutes=30))
    bob.interview_reminders = False
    bob.save()
    make_interview(make_application(bob), starts_at=NOW + timedelta(minutes=30))
    assert send_due(NOW) == {}
    assert inbox.messages == []


def test_a_user_without_an_email_address_gets_nothing_and_the_profile_says_why(
    inbox, make_user, make_application, make_interview
):
    carol = make_user("carol")
    carol.email = ""
    carol.save()
    make_interview(make_application(carol), starts_at=NOW + timedelta(minutes=30))
    assert send_due(NOW) == {}
    client = Client()
    client.force_login(carol)
    page = client.get("/accounts/profile/").content.decode()
    assert 'id="reminders-need-email"' in page and "Reminders come by e-mail" in page


def test_each_user_gets_only_their_own_reminders(
    inbox, alice, bob, application, make_application, make_interview
):
    make_interview(application, starts_at=NOW + timedelta(minutes=30))
    theirs = make_interview(make_application(bob, company="Globex"), starts_at=NOW + timedelta(1))
    send_due(NOW)
    [message] = inbox.to("bob@example.com")
    assert "Globex" in message["Subject"] and "Northwind" not in text_of(message)
    assert f"/interviews/{theirs.pk}/" in text_of(message)
    [message] = inbox.to("alice@example.com")
    assert "Globex" not in text_of(message)


def test_an_unconfirmed_address_gets_no_reminder_nor_digest_until_it_is_confirmed(
    inbox, make_user, make_application, make_interview, django_user_model
):
    """Anyone can type a stranger's address: until its link is used, nothing goes to it."""
    for name, confirmed in (("mallory", False), ("carol", True)):
        user = make_user(name, email_confirmed=confirmed, digest=True, digest_hour=7)
        make_interview(
            make_application(user, company=f"{name} Corp", next_action="Call"),
            starts_at=datetime(2027, 1, 12, 7, 30, tzinfo=UTC),
        )
    at_seven = datetime(2027, 1, 12, 7, 0, tzinfo=UTC)  # the digest's hour, 30 min to go
    assert send_due(at_seven) == {"sent": 2}
    assert sorted(m["Subject"].split(":")[0] for m in inbox.to("carol@example.com")) == [
        "In 30 minutes",
        "Walkout, Tuesday 12 January",
    ]
    assert inbox.to("mallory@example.com") == []
    assert not SentReminder.objects.filter(user__username="mallory").exists()

    django_user_model.objects.filter(username="mallory").update(email_confirmed=True)
    assert send_due(at_seven + timedelta(minutes=1)) == {"sent": 2}
    assert len(inbox.to("mallory@example.com")) == 2


# The reminder across a daylight-saving change --------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "day_before_utc"),
    [
        # Berlin springs forward on Sunday 28 March 2027: a Monday 09:00 (07:00 UTC) is
        # reminded at 09:00 on Sunday, 07:00 UTC too (24 hours).
        (datetime(2027, 3, 29, 7, 0, tzinfo=UTC), datetime(2027, 3, 28, 7, 0, tzinfo=UTC)),
        # A Sunday 09:00 (07:00 UTC) is reminded at 09:00 on Saturday: 08:00 UTC, 23 hours.
        (datetime(2027, 3, 28, 7, 0, tzinfo=UTC), datetime(2027, 3, 27, 8, 0, tzinfo=UTC)),
        # Back on Sunday 31 October: a Sunday 09:00 (08:00 UTC) the Saturday at 07:00 UTC.
        (datetime(2027, 10, 31, 8, 0, tzinfo=UTC), datetime(2027, 10, 30, 7, 0, tzinfo=UTC)),
    ],
)
def test_a_day_ahead_reminder_keeps_the_wall_clock_across_daylight_saving(
    inbox, alice, application, make_interview, starts_at, day_before_utc
):
    alice.time_zone = "Europe/Berlin"
    alice.save()
    make_interview(application, starts_at=starts_at)
    send_due(day_before_utc - timedelta(seconds=1))
    assert inbox.messages == []
    send_due(day_before_utc)
    [message] = inbox.messages
    assert message["Subject"].startswith("In 1 day:")
    assert "09:00" in message["Subject"]
    assert SentReminder.objects.get().due_at == day_before_utc


# The morning digest ----------------------------------------------------------------------


def digest_user(user, hour=8, zone="Europe/Paris"):
    """The digest on, interview reminders off (so that the inbox holds digests only)."""
    user.digest, user.digest_hour, user.time_zone = True, hour, zone
    user.interview_reminders = False
    user.save()
    return user


def test_the_digest_arrives_at_the_chosen_hour_with_everything_to_know(
    inbox, alice, alice_client, application, make_application, make_interview
):
    digest_user(alice, hour=7)
    today = make_interview(
        application, starts_at=datetime(2027, 1, 12, 13, 30, tzinfo=UTC), notes="PRIVATE"
    )
    make_interview(application, starts_at=datetime(2027, 1, 13, 13, 30, tzinfo=UTC))  # tomorrow
    follow = make_application(
        alice,
        company="Initech",
        status="wishlist",
        next_action="Send the portfolio",
        next_action_on=datetime(2027, 1, 10).date(),
        notes="PRIVATE",
    )
    quiet = make_application(alice, company="Umbrella", status="applied")
    Application.objects.filter(pk=quiet.pk).update(
        status_changed_at=NOW - timedelta(days=40, hours=3)
    )
    walked = make_interview(
        make_application(alice, company="Hooli"), starts_at=NOW - timedelta(days=9)
    )
    decision = Decision.record(walked, "walked_out", NOW - timedelta(days=9) + timedelta(hours=1))

    send_due(datetime(2027, 1, 12, 5, 59, tzinfo=UTC))  # 06:59 in Paris
    assert inbox.messages == []
    send_due(datetime(2027, 1, 12, 6, 0, tzinfo=UTC))  # 07:00 in Paris
    send_due(datetime(2027, 1, 12, 6, 1, tzinfo=UTC))
    [message] = inbox.messages
    assert message["Subject"].startswith("Walkout, Tuesday 12 January: 1 interview")
    text = text_of(message)
    assert "14:30 Hiring manager: Data Engineer at Northwind" in text
    assert "Send the portfolio: Software Engineer at Initech (2 days overdue)" in text
    assert "Software Engineer at Umbrella: no news for 40 days" in text
    assert "I walked out: Software Engineer at Hooli" in text
    assert "PRIVATE" not in text and "PRIVATE" not in html_of(message)
    paths = site_paths(text)
    for path in (
        f"/interviews/{today.pk}/",
        f"/applications/{follow.pk}/",
        f"/applications/{quiet.pk}/",
        f"/decisions/{decision.pk}/reflect/",
    ):
        assert path in paths
        assert alice_client.get(path).status_code == 200
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_digest_when_there_is_nothing_to_say(inbox, alice, make_application):
    digest_user(alice)
    make_application(alice, status="wishlist")
    assert send_due(datetime(2027, 1, 12, 7, 0, tzinfo=UTC)) == {}
    assert inbox.messages == []


def test_an_interview_of_a_closed_application_is_not_in_the_digest(
    inbox, alice, make_application, make_interview
):
    """As on Today: an application rejected or withdrawn has nothing left to prepare for."""
    digest_user(alice)
    closed = make_application(alice, company="Closedco", status="rejected")
    make_interview(closed, starts_at=datetime(2027, 1, 12, 13, 0, tzinfo=UTC))
    assert send_due(datetime(2027, 1, 12, 7, 0, tzinfo=UTC)) == {}
    assert inbox.messages == []


def test_a_digest_missed_in_the_morning_goes_late_but_never_after_noon(
    inbox, alice, application, make_interview
):
    digest_user(alice)
    make_interview(application, starts_at=datetime(2027, 1, 12, 15, 0, tzinfo=UTC))
    send_due(datetime(2027, 1, 12, 11, 0, tzinfo=UTC))  # noon in Paris: too late
    assert inbox.messages == []
    send_due(datetime(2027, 1, 12, 10, 59, tzinfo=UTC))  # 11:59: late, still useful
    assert len(inbox.messages) == 1
    # The user moves the hour after today's went out: still one digest today.
    alice.digest_hour = 11
    alice.save()
    send_due(datetime(2027, 1, 12, 10, 59, 30, tzinfo=UTC))
    assert len(inbox.messages) == 1


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime(2027, 3, 27), 7),  # Saturday, still winter time: 08:00 is 07:00 UTC
        (datetime(2027, 3, 28), 6),  # Sunday, clocks went forward at 02:00: 06:00 UTC
        (datetime(2027, 10, 30), 6),  # Saturday, summer time
        (datetime(2027, 10, 31), 7),  # Sunday, clocks went back at 03:00: 07:00 UTC
    ],
)
def test_the_digest_comes_at_8_on_the_clock_across_daylight_saving(
    inbox, alice, make_application, day, utc_hour
):
    digest_user(alice, hour=8, zone="Europe/Berlin")
    make_application(alice, status="wishlist", next_action="Call", next_action_on=day.date())
    due = day.replace(hour=utc_hour, tzinfo=UTC)
    send_due(due - timedelta(minutes=1))
    assert inbox.messages == []
    send_due(due)
    [message] = inbox.messages
    assert message["Subject"].startswith(f"Walkout, {day:%A %-d %B}: 1 follow-up")
    assert SentReminder.objects.get(kind="digest").due_at == due


def test_a_digest_at_an_hour_the_clocks_skip_still_comes_that_morning(
    inbox, alice, make_application
):
    digest_user(alice, hour=2, zone="Europe/Berlin")  # 02:00 does not exist on 28 March
    make_application(alice, status="wishlist", next_action="Call", next_action_on=NOW.date())
    send_due(datetime(2027, 3, 28, 0, 59, tzinfo=UTC))
    assert inbox.messages == []
    send_due(datetime(2027, 3, 28, 1, 0, tzinfo=UTC))  # 03:00 summer time
    assert len(inbox.messages) == 1


# Faults ----------------------------------------------------------------------------------


def test_an_smtp_server_that_is_down_is_logged_and_retried_on_the_next_run(
    settings, alice, application, make_interview, caplog
):
    settings.SITE_URL = SITE
    port = free_port()
    settings.MAILERS = mailers_for(port)
    interview = make_interview(application, starts_at=NOW + timedelta(minutes=30))
    with caplog.at_level(logging.ERROR, logger="walkout.reminders"):
        assert send_due(NOW) == {"failed": 1}
    assert "not sent, retried on the next run" in caplog.text
    assert f"(object {interview.pk})" in caplog.text
    assert "alice@example.com" not in caplog.text
    assert not SentReminder.objects.exists()
    # The command does not crash on it either.
    call_command("send_reminders")
    with SMTPServer(port=port) as inbox:
        assert send_due(NOW + timedelta(minutes=1)) == {"sent": 1}
        assert send_due(NOW + timedelta(minutes=2)) == {}
    assert len(inbox.messages) == 1
    assert SentReminder.objects.get().outcome == "sent"


def test_an_address_the_server_refuses_is_recorded_and_not_tried_every_minute(
    inbox, alice, bob, application, make_application, make_interview, caplog
):
    inbox.refuse.add("alice@example.com")
    make_interview(application, starts_at=NOW + timedelta(minutes=30))
    make_interview(make_application(bob), starts_at=NOW + timedelta(minutes=30))
    with caplog.at_level(logging.WARNING, logger="walkout.reminders"):
        assert send_due(NOW) == {"refused": 1, "sent": 1}
    assert "refused by the mail server (SMTPRecipientsRefused: 550 5.1.1 No such mailbox " in (
        caplog.text
    )
    assert "alice@example.com" not in caplog.text  # the README: logged without the address
    assert send_due(NOW + timedelta(minutes=1)) == {}
    assert [m["To"] for m in inbox.messages] == ["bob@example.com"]
    assert SentReminder.objects.get(user=alice).outcome == "refused"


@pytest.mark.parametrize(
    "error, logged",
    [
        (
            smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"5.1.1 <a@b.example> unknown")}),
            "SMTPRecipientsRefused: 550 5.1.1 <<address>> unknown",
        ),
        (
            smtplib.SMTPDataError(554, "Message to dana.reyes+jobs@mail.example refused"),
            "SMTPDataError: (554, 'Message to <address> refused')",
        ),
        (TimeoutError("timed out"), "TimeoutError: timed out"),
    ],
)
def test_a_mail_error_is_logged_without_the_addresses_it_names(error, logged):
    assert sender.described(error) == logged


def test_without_site_url_the_sender_refuses_to_run(settings, alice, application, make_interview):
    settings.SITE_URL = ""
    make_interview(application, starts_at=timezone.now() + timedelta(minutes=30))
    with pytest.raises(CommandError, match="SITE_URL is not set"):
        call_command("send_reminders")
    assert not SentReminder.objects.exists()


def test_in_development_reminders_go_to_the_console(settings, alice, application, capsys):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    Interview.objects.create(
        application=application, starts_at=timezone.now() + timedelta(minutes=30)
    )
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "Subject: In 30 minutes: Hiring manager interview, Data Engineer at Northwind" in out
    assert "List-Unsubscribe: <http://127.0.0.1:8000/reminders/unsubscribe/" in out


# Unsubscribe -----------------------------------------------------------------------------


def one_click(path):
    """What a mail client sends (RFC 8058): a POST, no cookie, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )


def test_one_click_unsubscribe_works_once_without_login(inbox, alice, application, make_interview):
    alice.digest = True
    alice.save()
    make_interview(application, starts_at=NOW + timedelta(minutes=30))
    send_due(NOW)
    path = unsubscribe_path(inbox.messages[0])

    page = Client().get(path)
    assert page.status_code == 200 and "Stop e-mails before your interviews?" in page.text
    alice.refresh_from_db()
    assert alice.interview_reminders is True  # nothing changes on GET

    response = one_click(path)
    assert response.status_code == 200  # RFC 8058: no redirect for the mail client
    assert response.text == "Unsubscribed from e-mails before your interviews.\n"
    alice.refresh_from_db()
    assert alice.interview_reminders is False
    assert alice.digest is True  # only the kind the link was for

    again = one_click(path)
    assert again.status_code == 404 and "no longer works" in again.text
    # Turned back on in the profile, the old link stays dead.
    alice.interview_reminders = True
    alice.save()
    assert one_click(path).status_code == 404
    alice.refresh_from_db()
    assert alice.interview_reminders is True


def test_the_unsubscribe_button_on_the_page_works_too(alice):
    path = f"/reminders/unsubscribe/{make_token(alice, 'digest')}/"
    alice.digest = True
    alice.save()
    client = Client(enforce_csrf_checks=True)
    page = client.get(path).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = client.post(path, {"csrfmiddlewaretoken": csrf}, follow=True)
    assert response.redirect_chain == [("/reminders/unsubscribed/?kind=digest", 302)]
    assert "You will get no more of the morning digest." in response.text
    alice.refresh_from_db()
    assert alice.digest is False and alice.interview_reminders is True


def test_an_unsubscribe_link_works_only_for_its_user(alice, bob):
    bobs = make_token(bob, "interview")
    assert one_click(f"/reminders/unsubscribe/{bobs}/").status_code == 200
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.interview_reminders is True and bob.interview_reminders is False
    # Bob's link with Alice's id in it: the signature no longer matches.
    payload, rest = make_token(alice, "interview").split(":", 1)
    forged = f"{payload}:{make_token(bob, 'interview').split(':', 1)[1]}"
    assert one_click(f"/reminders/unsubscribe/{forged}/").status_code == 404
    alice.refresh_from_db()
    assert alice.interview_reminders is True


def test_two_clicks_at_once_unsubscribe_once(alice, monkeypatch):
    """Each click reads the version its token names, then updates only if it still holds.
    Both clicks here read the user before either updates, as two at once would."""
    path = f"/reminders/unsubscribe/{make_token(alice, 'interview')}/"
    read_before_either = (type(alice).objects.get(pk=alice.pk), "interview")
    monkeypatch.setattr(reminders.views, "valid_user", lambda token: read_before_either)
    assert one_click(path).status_code == 200
    assert one_click(path).status_code == 404
    alice.refresh_from_db()
    assert alice.unsubscribe_version == 1


# Preferences -----------------------------------------------------------------------------


def test_new_users_have_interview_reminders_on_and_the_digest_off(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "dora",
            "email": "dora@example.com",
            "time_zone": "UTC",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    page = client.get("/accounts/profile/").text
    assert re.search(r'name="interview_reminders"[^>]*checked', page)
    assert re.search(r'name="reminder_leads" value="1440"[^>]*checked', page)
    assert re.search(r'name="reminder_leads" value="60"[^>]*checked', page)
    assert not re.search(r'name="digest"[^>]*checked', page)
    assert 'id="reminders-need-email"' not in page


def test_the_profile_saves_reminder_preferences(alice, alice_client):
    data = profile_form(alice, reminder_leads=["15", "2880"], digest="on", digest_hour="6")
    del data["interview_reminders"]
    assert alice_client.post("/accounts/profile/", data).status_code == 302
    alice.refresh_from_db()
    assert alice.reminder_leads == "2880,15"
    assert alice.leads == [timedelta(days=2), timedelta(minutes=15)]
    assert (alice.interview_reminders, alice.digest, alice.digest_hour) == (False, True, 6)


@pytest.mark.parametrize(
    "changes",
    [{"digest_hour": "12"}, {"digest_hour": "-1"}, {"reminder_leads": ["61"]}],
)
def test_bad_reminder_preferences_are_refused(alice, alice_client, changes):
    response = alice_client.post("/accounts/profile/", profile_form(alice, **changes))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    alice.refresh_from_db()
    assert (alice.reminder_leads, alice.digest_hour) == ("1440,60", 8)


def test_a_run_with_nothing_left_to_send_costs_a_few_queries_whatever_the_data(
    inbox, make_user, make_application, make_interview, django_assert_max_num_queries
):
    """The sender runs every minute: once everything due has gone out, a run reads the
    candidates and what was sent, in a fixed number of queries (no query per row)."""
    for _ in range(25):
        user = make_user(digest=True, digest_hour=7, time_zone="Europe/Paris")
        application = make_application(user, next_action="Call", next_action_on=NOW.date())
        make_interview(application, starts_at=NOW + timedelta(minutes=30))
    assert send_due(NOW) == {"sent": 50}
    with django_assert_max_num_queries(6):
        assert send_due(NOW + timedelta(minutes=1)) == {}


def test_a_line_break_in_a_company_name_does_not_break_the_subject(
    inbox, alice, make_application, make_interview
):
    odd = make_application(alice, company="Acme\r\nBcc: victim@example.com", role="Dev\nOps")
    make_interview(odd, starts_at=NOW + timedelta(minutes=30))
    assert send_due(NOW) == {"sent": 1}
    [message] = inbox.messages
    assert message["Subject"] == (
        "In 30 minutes: Hiring manager interview, Dev Ops at Acme Bcc: victim@example.com "
        "(Tue 12 Jan, 10:30)"
    )
    assert message["Bcc"] is None and message["To"] == "alice@example.com"


def test_a_reminder_that_cannot_be_built_is_logged_and_the_others_still_go(
    inbox, alice, bob, application, make_application, make_interview, monkeypatch, caplog
):
    from reminders import messages

    broken = make_interview(application, starts_at=NOW + timedelta(minutes=30))
    make_interview(make_application(bob), starts_at=NOW + timedelta(minutes=30))
    build = messages.interview_message

    def fails_for_one(interview, *args):
        if interview.pk == broken.pk:
            raise RuntimeError("an unforeseen row")
        return build(interview, *args)

    monkeypatch.setattr(messages, "interview_message", fails_for_one)
    with caplog.at_level(logging.ERROR, logger="walkout.reminders"):
        assert send_due(NOW) == {"error": 1, "sent": 1}
    assert "RuntimeError: an unforeseen row" in caplog.text
    assert [m["To"] for m in inbox.messages] == ["bob@example.com"]
    assert not SentReminder.objects.filter(user=alice).exists()  # tried again next run

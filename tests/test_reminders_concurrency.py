"""Several senders at once on PostgreSQL, as cron on two hosts or two docker-compose
reminders services would run: every reminder reaches the inbox exactly once."""

import os
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from reminders.models import SentReminder
from reminders.sender import send_due
from tests.postgres import database_url, requires_postgres
from tests.smtp import SMTPServer, mailers_for

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://walkout.example.com"

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def morning_zone(now):
    """A zone where it is 06:xx at `now` (Etc/GMT-N is UTC+N), so that a digest is due."""
    offset = (6 - now.hour) % 24
    offset = offset - 24 if offset > 12 else offset
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def due_for_many(make_user, make_application, make_interview, count):
    """`count` users, each with an interview reminder due now and a digest due now."""
    now = timezone.now()
    users = []
    for _ in range(count):
        user = make_user(time_zone=morning_zone(now), digest=True, digest_hour=6)
        make_interview(make_application(user), starts_at=now + timedelta(minutes=30))
        users.append(user)
    return now, users


def test_two_sender_threads_at_once_send_each_reminder_once(
    settings, make_user, make_application, make_interview
):
    now, users = due_for_many(make_user, make_application, make_interview, 6)
    expected = Counter({u.email: 2 for u in users})  # an interview reminder and a digest
    settings.SITE_URL = SITE
    server = SMTPServer(delay=0.1)  # each message takes a while: the senders overlap
    settings.MAILERS = mailers_for(server.port)
    barrier = threading.Barrier(2)
    tallies, errors = [], []

    def sender():
        try:
            barrier.wait()
            tallies.append(send_due(now))
        except Exception as error:  # raised again in the test's thread
            errors.append(error)
        finally:
            connection.close()

    with server as inbox:
        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, errors
    assert Counter(m["To"] for m in inbox.messages) == expected
    total = tallies[0] + tallies[1]
    assert total["sent"] == sum(expected.values())
    # Both senders found the same reminders due and raced for them: the losers sent nothing.
    assert total["duplicate"] >= 1
    assert SentReminder.objects.count() == sum(expected.values())


def test_two_send_reminders_processes_at_once_send_each_reminder_once(
    make_user, make_application, make_interview
):
    """The contract's command, twice at once, in processes of their own (no shared Python
    state at all: only the database)."""
    now, users = due_for_many(make_user, make_application, make_interview, 10)
    server = SMTPServer(delay=0.1)
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "SITE_URL": SITE,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
        "EMAIL_USE_TLS": "false",
    }
    connection.close()  # nothing of ours holds the database while they run
    with server as inbox:
        processes = [
            subprocess.Popen(
                [sys.executable, "manage.py", "send_reminders"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=120) for process in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, out + err
    received = Counter(m["To"] for m in inbox.messages)
    assert set(received) == {u.email for u in users}
    assert set(received.values()) == {2}  # an interview reminder and a digest each
    assert SentReminder.objects.count() == received.total()

"""Sending what is due: the one code path behind `manage.py send_reminders`.

Exactly once, with any number of senders: each reminder's SentReminder row is inserted
and its message sent in one transaction. The row's unique key is held from the INSERT to
the COMMIT, so a second sender inserting the same reminder waits (PostgreSQL) or queues
for the write lock (SQLite) and then fails on the key without sending. If sending fails,
the transaction rolls back, the row is gone, and the next run tries again; if the process
dies mid-way, the database rolls back the same way.
"""

import logging
import re
import smtplib
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import mailers
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from accounts.models import REMINDER_LEADS
from interviews import checklist
from interviews.followups import Shown, due_followups, first_rows, ghost_suggestions, today_for
from interviews.models import Application, Decision, Interview

from . import messages
from .due import digest_due, interview_due, local_day
from .models import SentReminder

logger = logging.getLogger("walkout.reminders")
# What looks like an e-mail address in a mail server's answer: logged as <address>.
ADDRESS = re.compile(r"[^\s<>()'\"@,;:]+@[^\s<>()'\"@,;:]+")

# The longest lead, and an hour for a day lead stretched by a daylight-saving change.
MAX_LEAD = timedelta(minutes=max(REMINDER_LEADS), hours=1)
KEEP = timedelta(days=30)  # sent records older than this only fill the table
DIGEST_ROWS = 10  # rows per list in the digest; the rest are counted


def send_due(now=None):
    """Send every reminder due at `now` that has not gone out; a Counter of outcomes
    ("sent", "failed", "refused", "duplicate", "error")."""
    now = now or timezone.now()
    messages.site_url()  # no links, no reminders: refuse before sending anything
    tally = Counter()
    for interview, due_at in interview_reminders_due(now):
        user = interview.application.owner
        with one_reminder(tally, SentReminder.Kind.INTERVIEW, interview.pk, user):
            message = messages.interview_message(interview, now, open_items(interview))
            tally[deliver(message, user, SentReminder.Kind.INTERVIEW, interview.pk, due_at)] += 1
    for user, due_at in digests_due(now):
        with one_reminder(tally, SentReminder.Kind.DIGEST, 0, user):
            digest = digest_for(user, now)
            if not digest:
                continue  # nothing to say: no e-mail (none recorded: news may still come)
            message = messages.digest_message(user, now, digest)
            tally[deliver(message, user, SentReminder.Kind.DIGEST, 0, due_at)] += 1
    SentReminder.objects.filter(due_at__lt=now - KEEP).delete()
    return tally


@contextmanager
def one_reminder(tally, kind, object_id, user):
    """One reminder's work; a fault in it (a bug, a row nobody foresaw) is logged with its
    traceback and counted, and the others still go out."""
    try:
        yield
    except Exception:
        logger.exception("%s reminder (object %s) for user %s failed", kind, object_id, user.pk)
        tally["error"] += 1


def interview_reminders_due(now):
    """(interview, due instant) for each interview whose reminder is due and unsent.

    Scheduled interviews only (a cancelled one gets none), of open applications, whose
    owner has a confirmed e-mail address and wants reminders; two queries and the
    contacts. An unconfirmed address may be a stranger's, and these e-mails carry text the
    account's owner wrote (company, role, place)."""
    interviews = (
        Interview.objects.filter(
            status=Interview.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + MAX_LEAD,
            application__owner__is_active=True,
            application__owner__interview_reminders=True,
            application__owner__email_confirmed=True,
        )
        .exclude(application__owner__email="")
        .exclude(application__status__in=Application.CLOSED_STATUSES)
        .select_related("application__owner")
        .with_interviewers()
        .order_by("starts_at", "id")
    )
    sent = set(
        SentReminder.objects.filter(
            kind=SentReminder.Kind.INTERVIEW, due_at__gte=now - MAX_LEAD
        ).values_list("object_id", "due_at")
    )
    for interview in interviews:
        owner = interview.application.owner
        found = interview_due(interview.starts_at, owner.leads, now, owner.zone)
        if found is not None and (interview.pk, found[1]) not in sent:
            yield interview, found[1]


def digests_due(now):
    """(user, due instant) for each user whose digest is due and not yet sent today (to a
    confirmed address only, as the interview reminders)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, digest=True, email_confirmed=True)
        .exclude(email="")
        .order_by("pk")
    )
    sent = defaultdict(list)  # user id → when their recent digests were due
    for user_id, due_at in SentReminder.objects.filter(
        kind=SentReminder.Kind.DIGEST, due_at__gte=now - timedelta(days=2)
    ).values_list("user_id", "due_at"):
        sent[user_id].append(due_at)
    for user in users:
        due_at = digest_due(user.zone, user.digest_hour, now)
        if due_at is None:
            continue
        # One digest a day, even if the user moved the hour after today's went out.
        start, end = local_day(user.zone, now)
        if any(start <= at < end for at in sent[user.pk]):
            continue
        yield user, due_at


@dataclass
class Digest:
    interviews: list
    followups: Shown
    ghosted: Shown
    reflections: Shown

    def __bool__(self):
        return bool(self.interviews or self.followups or self.ghosted or self.reflections)


def digest_for(user, now):
    """What the morning digest says, from the dashboard's own queries: today's interviews
    (in the user's zone), follow-ups due, applications gone quiet, decisions to look back on."""
    start, end = local_day(user.zone, now)
    interviews = list(
        Interview.objects.for_user(user)
        .active()
        .filter(starts_at__gte=start, starts_at__lt=end)
        # As on Today and for the interview reminders: nothing of a closed application.
        .exclude(application__status__in=Application.CLOSED_STATUSES)
        .select_related("application")
        .order_by("starts_at", "id")[:DIGEST_ROWS]
    )
    today = today_for(user, now)
    return Digest(
        interviews=interviews,
        followups=due_followups(user, today, limit=DIGEST_ROWS),
        ghosted=ghost_suggestions(user, now, limit=DIGEST_ROWS),
        reflections=first_rows(
            Decision.objects.for_user(user)
            .awaiting_reflection(now)
            .select_related("interview__application"),
            DIGEST_ROWS,
        ),
    )


def open_items(interview):
    """How many dealbreakers are still open for the interview: its prep sheet's list."""
    sheet, _ = checklist.prep_sheet_for(interview)
    return len(sheet.open)


def refused_for_good(error):
    """A refusal the server will repeat (5xx), as opposed to "try later" (4xx)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def described(error):
    """An SMTP error for the log, without the addresses it names: the codes and words of
    each refusal, not the dict of addresses smtplib keeps them in."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(
            f"{code} {reply.decode(errors='replace')}" for code, reply in error.recipients.values()
        )
    else:
        text = str(error)
    return f"{type(error).__name__}: {ADDRESS.sub('<address>', text)}"


def deliver(message, user, kind, object_id, due_at):
    """Record and send one reminder's message, exactly once; its outcome."""
    label = f"{kind} reminder (object {object_id}) for user {user.pk} due {due_at:%Y-%m-%d %H:%M}Z"
    try:
        with transaction.atomic():
            record = SentReminder.objects.create(
                user=user, kind=kind, object_id=object_id, due_at=due_at
            )
            # The new row's key stays claimed until this block commits: another sender's
            # INSERT of the same reminder waits for it, then fails, and sends nothing.
            try:
                mailers.default.send_messages([message])
            except smtplib.SMTPException as error:
                if not refused_for_good(error):
                    raise
                # Kept, so that the next runs do not knock on the same door every minute.
                record.outcome = SentReminder.Outcome.REFUSED
                record.save(update_fields=["outcome"])
                logger.warning(
                    "%s: refused by the mail server (%s), not retried", label, described(error)
                )
                return "refused"
    except IntegrityError:
        return "duplicate"  # another sender sent it meanwhile
    except OperationalError as error:
        # SQLite: another sender held the write lock (through its SMTP exchange) longer
        # than the busy timeout. Nothing was stored; the next run tries again.
        logger.error("%s: database busy, retried on the next run (%s)", label, error)
        return "failed"
    except (smtplib.SMTPException, OSError) as error:
        # Server down, timeout, "try later": the row was rolled back with the transaction.
        logger.error("%s: not sent, retried on the next run (%s)", label, described(error))
        return "failed"
    logger.info("%s: sent", label)
    return "sent"

"""The reminder e-mails: plain text and HTML from templates, links absolute from SITE_URL,
and the headers that let a mail client offer one-click unsubscribe (RFC 8058).

Nothing private beyond what the reminder needs: never an interview's or application's
notes, never a checklist note.
"""

import email.policy

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat

from interviews.ics import people

from .due import describe_wait
from .tokens import make_token


class UnfoldedHeader(str):
    """A header written on one line, as it is (an email.policy header object).

    Python's email package folds a header over 78 characters, and a word it cannot break
    (the unsubscribe URL) becomes RFC 2047 encoded words, which mail clients do not read
    as a URL. RFC 5322 allows lines of 998 characters; the value has no CR or LF (a
    URL built from SITE_URL, checked in settings, and a signed token)."""

    def __new__(cls, name, value):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


class ReminderEmail(EmailMultiAlternatives):
    UNFOLDED = ("List-Unsubscribe",)

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy)
        for name in self.UNFOLDED:
            if name in self.extra_headers:
                del message[name]
                message[name] = UnfoldedHeader(name, self.extra_headers[name])
        return message


def site_url():
    if not settings.SITE_URL:
        raise ImproperlyConfigured(
            "SITE_URL is not set: reminder e-mails need the site's public address for their "
            "links (for example SITE_URL=https://walkout.example.com)."
        )
    return settings.SITE_URL


def absolute(name, *args):
    return site_url() + reverse(name, args=args)


def local_time(instant, zone, fmt="l j F Y, H:i"):
    return dateformat.format(instant.astimezone(zone), fmt)


def build(user, kind, subject, template, context):
    """An e-mail to `user` from templates/reminders/<template>.txt and .html."""
    unsubscribe = absolute("unsubscribe", make_token(user, kind))
    context = {
        **context,
        "user": user,
        "name": user.display_name or user.username,
        "unsubscribe_url": unsubscribe,
        "profile_url": absolute("profile"),
        "zone_name": user.time_zone.replace("_", " "),
    }
    message = ReminderEmail(
        # One line, whatever a company or role holds: a header may not break.
        subject=" ".join(subject.split()),
        body=render_to_string(f"reminders/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no out-of-office replies to a machine.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"reminders/{template}.html", context), "text/html")
    return message


def interview_message(interview, now, open_items):
    """The reminder at `now` before an interview (its application and contacts fetched)."""
    user = interview.application.owner
    zone = user.zone
    application = interview.application
    when = local_time(interview.starts_at, zone)
    context = {
        "interview": interview,
        "application": application,
        "lead": describe_wait(interview.starts_at - now),
        "when": when,
        "until": local_time(interview.ends_at, zone, "H:i"),
        "people": people(interview),
        "open_items": open_items,
        "pre_url": absolute("checklist", interview.pk, "pre"),
        "mid_url": absolute("checklist", interview.pk, "mid"),
        "interview_url": absolute("interview_detail", interview.pk),
    }
    short = local_time(interview.starts_at, zone, "D j M, H:i")
    subject = (
        f"In {context['lead']}: {interview.get_kind_display()} interview, "
        f"{application.role} at {application.company} ({short})"
    )
    return build(user, "interview", subject, "interview", context)


def digest_message(user, now, digest):
    """The morning digest, from a non-empty Digest (reminders.sender.digest_for)."""
    zone = user.zone
    for interview in digest.interviews:
        interview.local_start = local_time(interview.starts_at, zone, "H:i")
        interview.url = absolute("interview_detail", interview.pk)
        interview.pre_url = absolute("checklist", interview.pk, "pre")
    for application in [*digest.followups, *digest.ghosted]:
        application.url = absolute("application_detail", application.pk)
    for decision in digest.reflections:
        decision.url = absolute("decision_reflect", decision.pk)
    parts = [
        (len(digest.interviews), "interview"),
        (digest.followups.total, "follow-up"),
        (digest.ghosted.total, "gone quiet"),
        (digest.reflections.total, "to look back on"),
    ]
    summary = ", ".join(
        f"{count} {label}{'s' if count != 1 and label in ('interview', 'follow-up') else ''}"
        for count, label in parts
        if count
    )
    context = {
        "digest": digest,
        "day": local_time(now, zone, "l j F"),
        "dashboard_url": absolute("dashboard"),
    }
    subject = f"Walkout, {local_time(now, zone, 'l j F')}: {summary}"
    return build(user, "digest", subject, "digest", context)

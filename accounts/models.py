import secrets
import zoneinfo
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from .currency import CODE as CURRENCY_CODE

# How long before an interview a reminder (an e-mail, a calendar alarm) may come, in
# minutes, with its label. The user picks any of them; the default is a day and an hour.
REMINDER_LEADS = {
    15: "15 minutes",
    30: "30 minutes",
    60: "1 hour",
    120: "2 hours",
    180: "3 hours",
    1440: "1 day",
    2880: "2 days",
}
DEFAULT_LEADS = "1440,60"


def parse_leads(value):
    """The minutes in a stored list of leads ("1440,60"), largest first; unknown ones dropped."""
    minutes = {int(part) for part in value.split(",") if part.strip().isdigit()}
    return sorted((m for m in minutes if m in REMINDER_LEADS), reverse=True)


def validate_leads(value):
    parts = [part for part in value.split(",") if part]
    if any(not part.isdigit() or int(part) not in REMINDER_LEADS for part in parts):
        raise ValidationError(
            "“%(value)s” is not a list of reminder times.", params={"value": value[:40]}
        )


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError("“%(value)s” is not a time zone we know.", params={"value": value})


class User(AbstractUser):
    """A job seeker. Preferences live here so a request never pays for a profile query."""

    email = models.EmailField("e-mail address", blank=True)
    # Whether the address was shown to be this user's, by a link sent to it (accounts/
    # confirmation.py) or a password reset completed through it. Walkout sends an
    # unconfirmed address nothing but that link and password resets: anyone may type a
    # stranger's address, and reminders carry text the account's owner wrote.
    email_confirmed = models.BooleanField(
        "e-mail address confirmed",
        default=False,
        help_text="Set when the user opens the link sent to the address; reminders and the "
        "digest go only to a confirmed address.",
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Interview times are shown in this zone.",
    )
    display_name = models.CharField(
        "your name",
        max_length=100,
        blank=True,
        help_text="How you introduce yourself; used in your exit scripts.",
    )
    currency = models.CharField(
        "your currency",
        max_length=3,
        default="USD",
        validators=[CURRENCY_CODE],
        help_text="New applications, imported rows without one and your pay floor start in "
        "this currency: a three-letter code such as EUR.",
    )
    concern_threshold = models.PositiveSmallIntegerField(
        "fit score threshold",
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="An interview scoring below this percentage is flagged with concerns.",
    )
    ghost_after_days = models.PositiveSmallIntegerField(
        "suggest “no response” after (days)",
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="An open application with no change for this long is suggested as ghosted.",
    )

    # Reminders (reminders/): e-mails before interviews at the chosen leads (also the
    # calendar's alarms), and a morning digest at a local hour.
    interview_reminders = models.BooleanField(
        "e-mail me before interviews",
        default=True,
        help_text="Needs an e-mail address above.",
    )
    reminder_leads = models.CharField(
        "remind me before an interview",
        max_length=40,
        default=DEFAULT_LEADS,
        blank=True,
        validators=[validate_leads],
        help_text="By e-mail, and as alarms in your calendar feed.",
    )
    digest = models.BooleanField(
        "e-mail me a morning digest",
        default=False,
        help_text="Today's interviews, follow-ups due, applications gone quiet and decisions "
        "to look back on. None when there is nothing to say.",
    )
    digest_hour = models.PositiveSmallIntegerField(
        "digest at",
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(11)],
        help_text="In your time zone, before noon.",
    )
    # Bumped by each unsubscribe link used, so that every link already sent stops working:
    # a link works once, and never again after the user turns reminders back on.
    unsubscribe_version = models.PositiveIntegerField(default=0, editable=False)

    # The secret in the address of the user's interview calendar feed; empty: no feed.
    # Kept as it is rather than hashed: the export page shows the address again, and the
    # feed holds nothing a reader of this table could not read in the interviews table.
    calendar_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    # What a person chooses on the profile page besides their name and e-mail address: the
    # profile form shows these, and the JSON archive keeps and restores them. Never
    # email_confirmed: it is a fact about the address, which an archive cannot vouch for.
    PREFERENCES = (
        "time_zone",
        "currency",
        "concern_threshold",
        "ghost_after_days",
        "interview_reminders",
        "reminder_leads",
        "digest",
        "digest_hour",
    )

    def __str__(self):
        return self.display_name or self.username

    def new_calendar_token(self):
        """A new feed address: the old one stops working at once."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        return self.calendar_token

    def turn_off_calendar(self):
        self.calendar_token = None
        self.save(update_fields=["calendar_token"])

    @property
    def leads(self):
        """The reminder leads as timedeltas, largest first."""
        return [timedelta(minutes=m) for m in parse_leads(self.reminder_leads)]

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)


class Attempt(models.Model):
    """One login or password-reset attempt, kept a short while to throttle the next ones.

    It lives in the database so that every app server counts the same attempts. The key is
    a keyed hash of the username or e-mail and the client's network: the table holds
    neither (see accounts.throttle).
    """

    class Scope(models.TextChoices):
        LOGIN = "login", "log in (username and network)"
        RESET_NETWORK = "reset_network", "password reset (network)"
        RESET_EMAIL = "reset_email", "password reset (e-mail address)"
        CONFIRM_ACCOUNT = "confirm_account", "address confirmation (account)"
        CONFIRM_EMAIL = "confirm_email", "address confirmation (e-mail address)"

    scope = models.CharField(max_length=20, choices=Scope)
    key = models.CharField(max_length=64)
    attempted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["scope", "key"], name="attempt_scope_key"),
            models.Index(fields=["attempted_at"], name="attempt_attempted_at"),
        ]

    def __str__(self):
        return f"{self.get_scope_display()} at {self.attempted_at:%Y-%m-%d %H:%M:%S}"

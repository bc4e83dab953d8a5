from django.conf import settings
from django.db import models
from django.utils import timezone


class SentReminder(models.Model):
    """A reminder that went out (or that the mail server refused for good), once.

    The unique key is the reminder itself: whose, what kind, about what, and the instant it
    fell due. A sender inserts the row and sends the message in one transaction, so two
    senders (or a rerun) can never both send it; an interview moved to another time has
    other due instants, hence reminders of its own.
    """

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Interview reminder"
        DIGEST = "digest", "Morning digest"

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        # The server refused the address for good (a 5xx): trying again would only fail again.
        REFUSED = "refused", "Refused by the mail server"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    # The interview's id; 0 for a digest, which is about a day rather than an object.
    object_id = models.PositiveBigIntegerField(default=0)
    due_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome, default=Outcome.SENT)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-due_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_id", "due_at"], name="sentreminder_once"
            ),
        ]
        indexes = [models.Index(fields=["kind", "due_at"], name="sentreminder_kind_due")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user} due {self.due_at:%Y-%m-%d %H:%M}"

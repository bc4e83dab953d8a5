import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError("“%(value)s” is not a time zone we know.", params={"value": value})


class User(AbstractUser):
    """A job seeker. Preferences live here so a request never pays for a profile query."""

    email = models.EmailField("e-mail address", blank=True)
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

    def __str__(self):
        return self.display_name or self.username

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

"""The dates and times Walkout stores: from 1900 to 2100, in UTC.

Python's dates end at years 1 and 9999, PostgreSQL's timestamps at 4713 BC and 294276, and
a time zone or an interview's length moves a moment across either end: 9999-12-31 20:00 in
Honolulu is already year 10000 in UTC, and PostgreSQL stores what Python can then no longer
read. Every date a user or a file gives is checked here first, so nothing near those ends
is ever stored; a job search needs nothing before 1900 or after 2100.
"""

from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# The moments of those days in UTC: [EARLIEST_MOMENT, END_MOMENT).
EARLIEST_MOMENT = datetime.combine(EARLIEST_DATE, datetime.min.time(), tzinfo=UTC)
END_MOMENT = datetime.combine(LATEST_DATE + timedelta(days=1), datetime.min.time(), tzinfo=UTC)

DATE_MESSAGE = "Use a date from 1 January 1900 to 31 December 2100."
# No “(UTC)”: forms take times on the user's clock, and only the last hours at either end
# differ by zone.
DATETIME_MESSAGE = "Use a date and time from 1 January 1900 to 31 December 2100."


def check_date(value):
    """Raise ValidationError unless `value` (a date) is within the limits."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(DATE_MESSAGE, code="date_out_of_range")


def check_datetime(value):
    """Raise ValidationError unless `value` (an aware datetime) is within the limits, in UTC.

    Compared, never converted: converting year 1 in Tokyo to UTC is itself an
    OverflowError, while comparing aware datetimes works on any two."""
    if timezone.is_naive(value):
        raise ValueError("check_datetime() needs an aware datetime.")
    if not EARLIEST_MOMENT <= value < END_MOMENT:
        raise ValidationError(DATETIME_MESSAGE, code="datetime_out_of_range")

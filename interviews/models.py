from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

MAX_SALARY = 100_000_000  # anything above is a typo, not a salary


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def open(self):
        return self.exclude(status__in=Application.CLOSED_STATUSES)

    def closed(self):
        return self.filter(status__in=Application.CLOSED_STATUSES)

    def waiting_on_them(self):
        """Applications where the next move is the employer's: these can go unanswered."""
        return self.filter(status__in=Application.WAITING_STATUSES)

    def follow_ups_due(self, today):
        """Open applications whose next action is due on or before a date."""
        return self.open().filter(next_action_on__lte=today)

    def search(self, text):
        """Case-insensitive match on company, role or notes."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(company__icontains=text) | Q(role__icontains=text) | Q(notes__icontains=text)
        )


class Application(models.Model):
    class Status(models.TextChoices):
        WISHLIST = "wishlist", "Wishlist"
        APPLIED = "applied", "Applied"
        SCREENING = "screening", "Screening"
        INTERVIEWING = "interviewing", "Interviewing"
        OFFER = "offer", "Offer"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        NO_RESPONSE = "no_response", "No response (ghosted)"
        WALKED_OUT = "walked_out", "Walked out"

    CLOSED_STATUSES = (
        Status.ACCEPTED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.NO_RESPONSE,
        Status.WALKED_OUT,
    )

    # The funnel, in order; an application that reached a later stage reached the earlier ones.
    FUNNEL = (
        Status.APPLIED,
        Status.SCREENING,
        Status.INTERVIEWING,
        Status.OFFER,
        Status.ACCEPTED,
    )
    WAITING_STATUSES = (Status.APPLIED, Status.SCREENING, Status.INTERVIEWING)

    class WorkMode(models.TextChoices):
        ONSITE = "onsite", "On site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    company = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    posting_url = models.URLField("posting link", max_length=1000, blank=True)
    source = models.CharField(
        max_length=100, blank=True, help_text="Where you found it: a job board, a referral…"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.APPLIED)
    location = models.CharField(max_length=200, blank=True)
    work_mode = models.CharField(max_length=10, choices=WorkMode, blank=True)
    salary_min = models.PositiveIntegerField(
        "salary from", null=True, blank=True, validators=[MaxValueValidator(MAX_SALARY)]
    )
    salary_max = models.PositiveIntegerField(
        "salary to", null=True, blank=True, validators=[MaxValueValidator(MAX_SALARY)]
    )
    currency = models.CharField(
        max_length=3,
        default="USD",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use a three-letter code such as USD or EUR.")],
    )
    applied_on = models.DateField(null=True, blank=True)
    next_action = models.CharField(
        max_length=200, blank=True, help_text="What to do next: follow up, send references…"
    )
    next_action_on = models.DateField("next action due", null=True, blank=True)
    resume_version = models.CharField(
        "résumé sent",
        max_length=100,
        blank=True,
        help_text="A short label for the version you sent.",
    )
    job_description = models.TextField(
        blank=True, max_length=50_000, help_text="The posting's text, in case the link dies."
    )
    notes = models.TextField(blank=True, max_length=5000)
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="application_salary_min_lte_max",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="application_owner_status"),
            models.Index(fields=["owner", "-updated_at"], name="application_owner_updated"),
            models.Index(fields=["owner", "next_action_on"], name="application_owner_next"),
            models.Index(fields=["owner", "status_changed_at"], name="application_owner_changed"),
        ]

    def __str__(self):
        return f"{self.role} at {self.company}"

    def save(self, *args, **kwargs):
        """Save, and record a status change in the timeline when the status moved."""
        previous = getattr(self, "_stored_status", None)
        is_new = self._state.adding
        moved = is_new or previous != self.status
        if moved and not is_new:
            self.status_changed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "status_changed_at"}
        super().save(*args, **kwargs)
        if moved:
            StatusChange.objects.create(
                application=self,
                from_status=previous or "",
                to_status=self.status,
                changed_at=self.status_changed_at,
                note=getattr(self, "status_note", "")[:200],
            )
            self._stored_status = self.status
            self.status_note = ""

    def get_absolute_url(self):
        return reverse("application_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    @property
    def is_closed(self):
        return self.status in self.CLOSED_STATUSES

    @property
    def salary_display(self):
        if self.salary_min is None and self.salary_max is None:
            return ""
        if self.salary_min is not None and self.salary_max is not None:
            if self.salary_min == self.salary_max:
                return f"{self.salary_min:,} {self.currency}"
            return f"{self.salary_min:,}–{self.salary_max:,} {self.currency}"
        if self.salary_min is not None:
            return f"from {self.salary_min:,} {self.currency}"
        return f"up to {self.salary_max:,} {self.currency}"

    def move_to(self, status, note=""):
        """Move to another status; the timeline records it. Returns False if already there."""
        if status == self.status:
            return False
        self.status = status
        self.status_note = note
        self.save(update_fields=["status", "updated_at"])
        return True

    def mark_follow_up_done(self, now=None):
        """Clear the next action and note it in the timeline. Returns False if none was set."""
        now = now or timezone.now()
        action = self.next_action or "Follow up"
        with transaction.atomic():
            # Conditional update: two taps (two devices) record the follow-up once.
            cleared = (
                Application.objects.filter(pk=self.pk)
                .exclude(next_action="", next_action_on=None)
                .update(next_action="", next_action_on=None, updated_at=now)
            )
            if not cleared:
                return False
            StatusChange.objects.create(
                application=self,
                from_status=self.status,
                to_status=self.status,
                changed_at=now,
                note=f"Follow-up done: {action}"[:200],
            )
        self.next_action, self.next_action_on, self.updated_at = "", None, now
        return True


class StatusChangeQuerySet(models.QuerySet):
    def moves(self):
        """Real moves; a timeline note (a follow-up done) stays at the same status."""
        return self.exclude(from_status=F("to_status"))


class StatusChange(models.Model):
    """One move of an application through the pipeline, kept for review.

    An entry whose from_status equals to_status is a note in the timeline (such as a
    follow-up done), not a move: use ``StatusChange.objects.moves()`` to count moves.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Application.Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Application.Status)
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["application", "changed_at"], name="statuschange_app_time")]

    def __str__(self):
        return f"{self.application}: {self.from_status or 'new'} → {self.to_status}"


class ContactQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def search(self, text):
        """Case-insensitive match on name, title, company, e-mail or notes."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(title__icontains=text)
            | Q(company__icontains=text)
            | Q(email__icontains=text)
            | Q(notes__icontains=text)
        )


class Contact(models.Model):
    """Someone met in the search: a recruiter, a hiring manager, an interviewer."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    title = models.CharField("job title", max_length=200, blank=True)
    company = models.CharField(max_length=200, blank=True)
    email = models.EmailField("e-mail", max_length=254, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    profile_url = models.URLField("profile link", max_length=500, blank=True)
    notes = models.TextField(blank=True, max_length=5000)
    # Both relations live here so Application and Interview stay as they are.
    applications = models.ManyToManyField("Application", related_name="contacts", blank=True)
    interviews = models.ManyToManyField(
        "Interview",
        related_name="contacts",
        blank=True,
        help_text="Interviews they took part in.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner", "name"], name="contact_owner_name")]

    def __str__(self):
        return f"{self.name} ({self.title})" if self.title else self.name

    def get_absolute_url(self):
        return reverse("contact_detail", args=[self.pk])

    @property
    def role_line(self):
        """“Title, Company”, whichever parts are known."""
        return ", ".join(part for part in (self.title, self.company) if part)


class InterviewQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(application__owner=user)

    def active(self):
        return self.filter(status__in=[Interview.Status.SCHEDULED, Interview.Status.IN_PROGRESS])

    def upcoming(self, now=None):
        """Scheduled or running interviews that have not ended yet, soonest first."""
        now = now or timezone.now()
        # An interview is at most a day long: look back that far, then check its end.
        return (
            self.active()
            .filter(starts_at__gte=now - timedelta(minutes=Interview.MAX_DURATION))
            .order_by("starts_at")
        )

    def on_day(self, day, zone):
        """Interviews starting on a calendar day in the given zone."""
        start = datetime.combine(day, time.min, tzinfo=zone)
        return self.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))


class Interview(models.Model):
    MAX_DURATION = 24 * 60

    class Kind(models.TextChoices):
        RECRUITER_SCREEN = "recruiter_screen", "Recruiter screen"
        HIRING_MANAGER = "hiring_manager", "Hiring manager"
        TECHNICAL = "technical", "Technical"
        PANEL = "panel", "Panel"
        ONSITE = "onsite", "On-site"
        FINAL = "final", "Final"
        OTHER = "other", "Other"

    class Format(models.TextChoices):
        PHONE = "phone", "Phone"
        VIDEO = "video", "Video"
        IN_PERSON = "in_person", "In person"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.HIRING_MANAGER)
    starts_at = models.DateTimeField("starts at")
    duration_minutes = models.PositiveSmallIntegerField(
        "planned length (minutes)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION)],
    )
    format = models.CharField(max_length=10, choices=Format, default=Format.VIDEO)
    location = models.CharField(
        "place or link", max_length=500, blank=True, help_text="An address or a meeting link."
    )
    interviewers = models.TextField(
        blank=True,
        max_length=2000,
        help_text="One per line, name then role: “Dana Reyes, Head of Engineering”.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.SCHEDULED)
    outcome = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="interview_duration_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["application", "starts_at"], name="interview_app_start"),
            models.Index(fields=["starts_at"], name="interview_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.application}"

    def get_absolute_url(self):
        return reverse("interview_detail", args=[self.pk])

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def interviewer_list(self):
        """(name, role) pairs from the free-text field, one per line."""
        people = []
        for line in self.interviewers.splitlines():
            line = line.strip()
            if not line:
                continue
            for separator in (" — ", " – ", " - ", ","):
                if separator in line:
                    name, role = line.split(separator, 1)
                    people.append((name.strip(), role.strip()))
                    break
            else:
                people.append((line, ""))
        return people

    @property
    def lead_interviewer(self):
        people = self.interviewer_list
        return people[0][0] if people else ""

import secrets
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import connections, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.currency import CODE as CURRENCY_CODE

from . import tags as tag_names
from . import timing
from .documents import KINDS
from .people import parse_people
from .text import contains_folded, normalise_company, normalise_name  # noqa: F401

MAX_SALARY = 100_000_000  # anything above is a typo, not a salary


def long_text(verbose_name=None, *, max_length, **options):
    """A TextField whose max_length holds for every writer. Django checks a TextField's
    max_length in its form field only; as a validator, the model's full_clean() and
    clean_fields() check it too, so the restore refuses what the forms refuse."""
    return models.TextField(
        verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **options
    )


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
        """Match on company, role, location or notes, ignoring case (of any letter)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(contains_folded("company", text))
            | Q(contains_folded("role", text))
            | Q(contains_folded("location", text))
            | Q(contains_folded("notes", text))
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

    class Priority(models.IntegerChoices):
        LOWEST = 1, "1 (lowest)"
        LOW = 2, "2"
        MEDIUM = 3, "3"
        HIGH = 4, "4"
        HIGHEST = 5, "5 (highest)"

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
        validators=[CURRENCY_CODE],
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
    job_description = long_text(
        blank=True, max_length=50_000, help_text="The posting's text, in case the link dies."
    )
    notes = long_text(blank=True, max_length=5000)
    priority = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=Priority,
        help_text="How much you want it: 1 (a little) to 5 (most).",
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    # The CSV import that created it, so that the import can be undone.
    import_batch = models.ForeignKey(
        "ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        editable=False,
    )
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
            # Newest first within a status: the board's cards and the list filtered by
            # status come off it; counts per status read it alone.
            models.Index(
                fields=["owner", "status", "-updated_at", "-id"], name="application_status_newest"
            ),
            models.Index(fields=["owner", "-updated_at"], name="application_owner_updated"),
            models.Index(fields=["owner", "next_action_on"], name="application_owner_next"),
            # The list's source filter offers the user's sources: read off this index.
            models.Index(fields=["owner", "source"], name="application_owner_source"),
            # Today's ghosts, longest silence first, among the applications waiting on the
            # employer only (WAITING_STATUSES): closed ones, most of a long search, are
            # not read to find them.
            models.Index(
                fields=["owner", "status_changed_at"],
                condition=Q(status__in=["applied", "screening", "interviewing"]),
                name="application_waiting_since",
            ),
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
    def has_details(self):
        """Whether its page has anything to show under "Details"."""
        return any(
            (
                self.posting_url,
                self.source,
                self.location,
                self.work_mode,
                self.salary_min is not None or self.salary_max is not None,
                self.applied_on,
                self.next_action,
                self.next_action_on,
                self.resume_version,
                self.priority,
                self.notes,
                self.job_description,
            )
        )

    def set_tags(self, names):
        """Make `names` (already checked: tags.parse_tags) this application's tags, reusing
        the owner's tags of the same name in any case; tags left on no application go."""
        with transaction.atomic():
            self.tags.set(Tag.objects.named(self.owner, names))
            Tag.objects.for_user(self.owner).unused().delete()

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

    def sent_by_moving_to(self, status):
        """Whether moving to `status` means a wish-list job with no applied date was sent:
        any status on but withdrawn (given up before it was sent)."""
        return (
            self.status == self.Status.WISHLIST
            and self.applied_on is None
            and status not in (self.Status.WISHLIST, self.Status.WITHDRAWN)
        )

    def move_to(self, status, note=""):
        """Move to another status; the timeline records it, with how long they had been
        silent for "no response". Returns False if already there."""
        if status == self.status:
            return False
        if status == self.Status.NO_RESPONSE and not note:
            days = (timezone.now() - self.status_changed_at).days
            note = f"No answer for {days} day{'' if days == 1 else 's'}"
        fields = ["status", "updated_at"]
        if self.sent_by_moving_to(status):
            # Sent today, as far as Walkout knows (the user's day: the middleware activates
            # their zone).
            self.applied_on = timezone.localdate()
            fields.append("applied_on")
        self.status = status
        self.status_note = note
        self.save(update_fields=fields)
        return True

    # Where scheduling an interview takes an application that has not got that far yet.
    EARLY_STATUSES = (Status.WISHLIST, Status.APPLIED, Status.SCREENING, Status.INTERVIEWING)

    def advance_for(self, interview):
        """Move forward to what a newly scheduled interview means (a recruiter screen:
        screening; any other: interviewing); never backwards, never out of an offer. An
        application marked "no response" reopens: they answered after all. Returns the new
        status's label, or "" when it stays."""
        if interview.status == Interview.Status.CANCELLED:
            return ""
        reached = (
            self.Status.SCREENING
            if interview.kind == Interview.Kind.RECRUITER_SCREEN
            else self.Status.INTERVIEWING
        )
        order = self.EARLY_STATUSES
        if self.status == self.Status.NO_RESPONSE:
            note = f"{interview.get_kind_display()} interview scheduled: they answered"
        elif self.status in order and order.index(self.status) < order.index(reached):
            note = f"{interview.get_kind_display()} interview scheduled"
        else:
            return ""
        self.move_to(reached, note=note)
        return self.get_status_display()

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

    def newest_entry(self):
        """The newest entry of the timeline (a move or a note), or None."""
        return self.status_changes.order_by("-changed_at", "-id").first()

    def can_take_back(self, entry):
        """Whether `entry`, a move or a follow-up done, is one take_back() can undo. A move
        off the wish list cannot: it dated the application as sent, and nothing says
        whether that date was the user's own."""
        if entry.from_status == entry.to_status:
            return entry.note.startswith("Follow-up done: ")
        return bool(entry.from_status) and entry.from_status != self.Status.WISHLIST

    def take_back(self, entry_pk, next_action="", next_action_on=None):
        """Undo the timeline's newest entry, a tap just made: a move goes back to the status
        before it, silent since when it was before (so a mis-tapped “no response” is again
        among the ghosted); a follow-up done is due again, with the action and date it had
        (`next_action`, `next_action_on`: they are in no other row). Returns False, having
        changed nothing, when `entry_pk` is not the newest entry any more (it was taken back
        already, or something happened since) or is not one that can be taken back."""
        now = timezone.now()
        with transaction.atomic():
            # Locked (on PostgreSQL): two takes-back of one tap undo it once.
            locked = Application.objects.select_for_update().get(pk=self.pk)
            entry = locked.newest_entry()
            if entry is None or entry.pk != entry_pk or not locked.can_take_back(entry):
                return False
            if entry.from_status == entry.to_status:
                fields = {"next_action": next_action, "next_action_on": next_action_on}
            else:
                if locked.status != entry.to_status:
                    return False
                before = locked.status_changes.moves().exclude(pk=entry.pk)
                since = before.order_by("-changed_at", "-id").values_list("changed_at", flat=True)
                fields = {
                    "status": entry.from_status,
                    "status_changed_at": since.first() or locked.created_at,
                }
            entry.delete()
            Application.objects.filter(pk=self.pk).update(**fields, updated_at=now)
        for name, value in {**fields, "updated_at": now}.items():
            setattr(self, name, value)
        self._stored_status = self.status
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


class PendingImportQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def replace(self, owner, name, text, encoding):
        """`owner`'s new pending upload, in place of theirs; anyone's forgotten for longer
        than KEPT_FOR go too (each holds up to a whole file)."""
        forgotten = Q(created_at__lt=timezone.now() - PendingImport.KEPT_FOR)
        with transaction.atomic():
            self.filter(Q(owner=owner) | forgotten).delete()
            return self.create(owner=owner, name=name, encoding=encoding, data=text.encode())


class PendingImport(models.Model):
    """A CSV file uploaded and waiting for the user to confirm its preview.

    A row of its own, not a value in the session, so that a confirmation consumes it
    atomically: it locks the row, imports, and deletes it, and the same confirmation sent
    again at the same time (a double tap, a resend, on any app server) finds nothing.
    """

    KEPT_FOR = timedelta(days=7)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    name = models.CharField(max_length=100)
    encoding = models.CharField(max_length=40)
    # The decoded text, as UTF-8 bytes: a text column on PostgreSQL refuses a NUL, and a
    # file may hold one; the preview then names the line it is on.
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name

    @property
    def text(self):
        return bytes(self.data).decode()


class ImportBatchQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class ImportBatch(models.Model):
    """One confirmed CSV import: what it created, so that it can be undone.

    Its applications were stamped with `imported_at` as their `updated_at`; one whose
    `updated_at` is later has been changed since and is kept by an undo."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    name = models.CharField(max_length=100)
    created_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["owner", "-imported_at"], name="importbatch_owner_newest")]

    def __str__(self):
        return self.name

    def split_for_undo(self):
        """(unchanged application ids, changed applications) among those still here.

        Changed: edited or moved since (a later updated_at), or given an interview, a
        contact or a document, which deleting the application would take with it. Three
        queries."""
        applications = self.applications.all()
        touched = set(
            applications.filter(
                Q(updated_at__gt=self.imported_at)
                | Q(interviews__isnull=False)
                | Q(contacts__isnull=False)
                | Q(documents__isnull=False)
            ).values_list("pk", flat=True)
        )
        unchanged = [pk for pk in applications.values_list("pk", flat=True) if pk not in touched]
        changed = list(applications.filter(pk__in=touched).order_by("company", "role", "id"))
        return unchanged, changed


class ImportMapping(models.Model):
    """How a user mapped the columns and statuses of a file with given headers, to be
    offered again for the next file with the same headers."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_mappings"
    )
    headers_key = models.CharField(max_length=64)  # sha256 of the normalised headers
    columns = models.JSONField(default=list)  # one field name ("" = ignore) per column
    statuses = models.JSONField(default=dict)  # normalised status text → status value
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "headers_key"], name="importmapping_one_per_headers"
            )
        ]

    def __str__(self):
        return self.headers_key


class TagQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def unused(self):
        return self.filter(applications=None)

    def named(self, owner, names):
        """`owner`'s tags with these names (compared by tags.tag_key), created when new.

        Created with ignore_conflicts, then read back: two requests adding the same new
        tag at once both end up with the one row the unique constraint lets in."""
        wanted = {}
        for name in names:
            wanted.setdefault(tag_names.tag_key(name), name)  # the first spelling wins
        if not wanted:
            return []
        self.bulk_create(
            [Tag(owner=owner, name=name, key=key) for key, name in wanted.items()],
            ignore_conflicts=True,
        )
        return list(self.filter(owner=owner, key__in=wanted))


class Tag(models.Model):
    """A label of the user's own on applications (“remote”, “dream job”).

    Names are unique per user ignoring case: `key` is the name case-folded (interviews/tags.py),
    compared in Python's terms, since SQLite's lower() folds ASCII letters only."""

    MAX_LENGTH = tag_names.MAX_LENGTH

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(max_length=MAX_LENGTH)
    key = models.CharField(max_length=MAX_LENGTH * 3)  # casefold() can lengthen: "ß" → "ss"
    # Here rather than on Application, as Contact's links are.
    applications = models.ManyToManyField("Application", related_name="tags", blank=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="tag_unique_name_per_owner"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = tag_names.tag_key(self.name)  # bulk_create's callers set it themselves
        super().save(*args, **kwargs)

    def rename(self, name):
        """Give the tag a new name (ValidationError if it is not one). When the owner has
        another tag by that name, this one's applications join it and this one goes: the
        two are merged. Returns the tag that stays."""
        name = tag_names.clean_tag(name)
        with transaction.atomic():
            other = (
                Tag.objects.select_for_update()
                .filter(owner_id=self.owner_id, key=tag_names.tag_key(name))
                .exclude(pk=self.pk)
                .first()
            )
            if other is None:
                self.name = name
                self.save(update_fields=["name", "key"])
                return self
            through = Tag.applications.through
            through.objects.bulk_create(
                [
                    through(tag=other, application_id=pk)
                    for pk in self.applications.values_list("pk", flat=True)
                ],
                ignore_conflicts=True,  # on both already: one link is enough
            )
            self.delete()
            return other


class ContactQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def search(self, text):
        """Match on name, title, company, e-mail or notes, ignoring case (of any letter)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(contains_folded("name", text))
            | Q(contains_folded("title", text))
            | Q(contains_folded("company", text))
            | Q(contains_folded("email", text))
            | Q(contains_folded("notes", text))
        )

    def as_interviewers(self):
        """In their order on the interview they are filtered or prefetched by, the lead
        first (InterviewContact). Reuses the filter's join: one row per link."""
        return self.order_by("interview_links__position", "interview_links__id")


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
    address_as = models.CharField(
        "address them as",
        max_length=100,
        blank=True,
        help_text="How an exit script greets them, such as “Anna” if she asked you to use her "
        "first name. Empty: title and surname (“Dr. Schmidt”), or the first name.",
    )
    notes = long_text(blank=True, max_length=5000)
    # Both relations live here so Application and Interview stay as they are.
    applications = models.ManyToManyField("Application", related_name="contacts", blank=True)
    interviews = models.ManyToManyField(
        "Interview",
        through="InterviewContact",
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


class InterviewContact(models.Model):
    """A contact on an interview, at their place among its interviewers: the first is the
    lead, whom Today, the prep sheet and the exit script name. The place is the order the
    user gave (picked, then typed in), not the names' order."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="interview_links")
    interview = models.ForeignKey(
        "Interview", on_delete=models.CASCADE, related_name="contact_links"
    )
    position = models.PositiveSmallIntegerField(default=0)

    # The table Contact.interviews had before it had a place: its rows stay where they are.
    class Meta:
        db_table = "interviews_contact_interviews"
        unique_together = [("contact", "interview")]
        # Links made before positions existed are all 0: their creation order decides.
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.contact} on {self.interview}"


def document_path(document, filename):
    """Where a document is stored: a random name with its kind's extension. The name the
    user gave is kept in Document.name for display only, never as a path."""
    return f"documents/{secrets.token_hex(16)}{document.extension}"


class DocumentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(application__owner=user)


class Document(models.Model):
    """A file kept with an application: a résumé, a cover letter, an offer letter. Its
    bytes are in the default storage (STORAGES["default"]), served only to its owner."""

    class Kind(models.TextChoices):
        RESUME = "resume", "Résumé"
        COVER_LETTER = "cover_letter", "Cover letter"
        OFFER_LETTER = "offer_letter", "Offer letter"
        OTHER = "other", "Other"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.RESUME)
    file = models.FileField(upload_to=document_path, max_length=200)
    # The file's name as it was sent, for the page and the download.
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    # Read from the file's bytes (interviews/documents.py), not from what the browser said.
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="document_size_positive"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("document_download", args=[self.pk])

    @classmethod
    def store(cls, application, upload, kind, detected):
        """Save an upload checked by documents.check (its Kind is `detected`): the file
        under a random name in the default storage, then the row. A row that cannot be
        saved takes its file with it."""
        document = cls(
            application=application,
            kind=kind,
            name=upload.name[:255],
            size=upload.size,
            content_type=detected.content_type,
        )
        document.file.save(upload.name, upload, save=False)  # named by document_path
        try:
            document.save()
        except BaseException:
            document.file.delete(save=False)
            raise
        return document

    @property
    def type_label(self):
        """“PDF”, “DOCX”…: what the bytes are."""
        return next(
            (kind.label for kind in KINDS if kind.content_type == self.content_type), "file"
        )

    @property
    def extension(self):
        """The extension of the kind of file the bytes are, for the stored name."""
        return next(
            (kind.extension for kind in KINDS if kind.content_type == self.content_type), ""
        )


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

    def with_interviewers(self):
        """With their contacts, lead first, as a list on each (`lead_first`, which
        Interview.interviewer_contacts() reads), in one query whatever their number."""
        return self.prefetch_related(
            models.Prefetch(
                "contacts", queryset=Contact.objects.as_interviewers(), to_attr="lead_first"
            )
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
    # Interviewers are contacts (Contact.interviews); this text holds only people typed in
    # before that, or restored from an old export, until the interview is next saved.
    interviewers = long_text(
        blank=True,
        max_length=2000,
        help_text="One per line, name then role: “Dana Reyes, Head of Engineering”.",
    )
    address_as = models.CharField(
        "address the interviewer as",
        max_length=100,
        blank=True,
        help_text="How the exit script greets them: “Anna”, “Dr. Schmidt”. Empty: worked out "
        "from their name.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.SCHEDULED)
    outcome = models.CharField(max_length=200, blank=True)
    notes = long_text(blank=True, max_length=5000)
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
            # The dashboard's "in progress, or scheduled in the next two weeks": without it
            # the status half of the OR scans every interview.
            models.Index(fields=["status", "starts_at"], name="interview_status_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.application}"

    def get_absolute_url(self):
        return reverse("interview_detail", args=[self.pk])

    @property
    def ends_at(self):
        """The planned end: the start plus the planned length, at most MAX_DURATION."""
        # The form and the restore refuse a longer one; a row written around them must
        # still not end past what upcoming() looks back for.
        minutes = min(self.duration_minutes, self.MAX_DURATION)
        try:
            return self.starts_at + timedelta(minutes=minutes)
        except OverflowError:
            # Only a start stored before dates were bounded (interviews/limits.py) is this
            # late; its pages must still open, so that it can be corrected.
            return datetime.max.replace(tzinfo=UTC)

    @property
    def length_display(self):
        """The planned length as pages show it: “45 min”, “1 h 30 min”, “24 h”."""
        return timing.length(min(self.duration_minutes, self.MAX_DURATION))

    @property
    def planned_display(self):
        """“1 h, until 20:00”, naming the end's day when it is not the start's."""
        return timing.planned(
            self.starts_at, self.ends_at, min(self.duration_minutes, self.MAX_DURATION)
        )

    def stopped_clock(self):
        """What the mid checklist's clock says once the interview is over (a decision
        recorded, or marked done or cancelled), else "". One query for the decision."""
        decision = Decision.objects.filter(interview=self).first()
        if decision is None:
            return timing.stopped_clock(self.starts_at, self.status)
        return timing.stopped_clock(
            self.starts_at, self.status, decision.choice, decision.decided_at
        )

    def awaits_start(self):
        """Nothing can be recorded of it yet: it has not started, and no decision was
        recorded to be corrected (a decision's time may not be before the start, nor in the
        future). The decision form and the exit script's buttons both go by this."""
        # The query only before the start: after it, the answer is known without it.
        return (
            timezone.now() < self.starts_at and not Decision.objects.filter(interview=self).exists()
        )

    def is_running(self, now=None):
        """In progress: marked so, or scheduled and within its planned time. Today and the
        interview's page both say so from this."""
        now = now or timezone.now()
        if self.status == self.Status.IN_PROGRESS:
            return True
        return self.status == self.Status.SCHEDULED and self.starts_at <= now < self.ends_at

    @property
    def status_label(self):
        """The status as pages show it: a scheduled interview under way is “In progress”."""
        if self.is_running():
            return self.Status.IN_PROGRESS.label
        return self.get_status_display()

    @property
    def interviewer_list(self):
        """(name, role) pairs from the free-text field, one per line: interviewers typed in
        before they became contacts, or restored from an old export."""
        return parse_people(self.interviewers)

    def interviewer_contacts(self):
        """The contacts on the interview, lead first (the order the user gave them): those
        Interview.objects.with_interviewers() read, or one query (a bare contacts.all() is
        in Contact's order, by name)."""
        prefetched = getattr(self, "lead_first", None)
        return prefetched if prefetched is not None else list(self.contacts.as_interviewers())

    def set_interviewers(self, contacts):
        """Make `contacts` the interview's interviewers, in that order: the first is the
        lead. Two queries, whatever their number."""
        InterviewContact.objects.filter(interview=self).delete()
        InterviewContact.objects.bulk_create(
            InterviewContact(interview=self, contact=contact, position=position)
            for position, contact in enumerate(contacts)
        )

    def first_contact(self):
        """The lead interviewer among the contacts: the first the user gave, or None."""
        return next(iter(self.interviewer_contacts()), None)

    def lead(self):
        """(contact or None, name): whom the interview is with. The first interviewer among
        the contacts, else the first one typed in (no contact)."""
        contact = self.first_contact()
        return contact, contact.name if contact else self.lead_interviewer

    def lead_name(self):
        return self.lead()[1]

    @property
    def lead_interviewer(self):
        people = self.interviewer_list
        return people[0][0] if people else ""


def validate_work_modes(value):
    """Comma-separated work modes, each one of Application.WorkMode, each once."""
    modes = value.split(",") if value else []
    known = all(mode in Application.WorkMode.values for mode in modes)
    if not known or len(set(modes)) < len(modes):
        raise ValidationError(
            "“%(value)s” is not a list of work modes: use onsite, hybrid and remote, each at "
            "most once, separated by commas.",
            code="invalid_work_modes",
            params={"value": value[:40]},
        )


class DealbreakerQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def active(self):
        return self.filter(active=True)

    def for_phase(self, phase):
        """Items asked in a checklist phase: those of that phase and those of both."""
        return self.filter(phase__in=[phase, Dealbreaker.Phase.BOTH])

    def create_starter_set(self, owner):
        """The article's reasons to walk out, and the hiring side's signals, as editable items."""
        # Imported here: starter.py is written in Dealbreaker's choices, so it imports this module.
        from .starter import STARTER_DEALBREAKERS

        return self.bulk_create(
            Dealbreaker(owner=owner, position=position, **fields)
            for position, fields in enumerate(STARTER_DEALBREAKERS)
        )


class Dealbreaker(models.Model):
    """A question the user asks themselves about a job, phrased so that “yes” is good."""

    class Category(models.TextChoices):
        QUALIFICATION = "qualification", "Qualification"
        INTEREST = "interest", "Interest"
        PEOPLE = "people", "People"
        ROLE = "role", "Role"
        COMPENSATION = "compensation", "Compensation"
        LOGISTICS = "logistics", "Logistics"
        CULTURE = "culture", "Culture"
        THEIR_SIGNALS = "their_signals", "Their signals"

    class Severity(models.TextChoices):
        DEALBREAKER = "dealbreaker", "Dealbreaker — one “no” ends it"
        CONCERN = "concern", "Concern — weighs on the score"

    class Phase(models.TextChoices):
        PRE = "pre", "Before the interview"
        MID = "mid", "During the interview"
        BOTH = "both", "Before and during"

    class Ask(models.TextChoices):
        ANYONE = "anyone", "Anyone"
        RECRUITER = "recruiter", "The recruiter"
        HIRING_MANAGER = "hiring_manager", "The hiring manager"
        TEAMMATE = "teammate", "A future teammate"

    class Suggest(models.TextChoices):
        NONE = "", "Nothing — I answer it myself"
        CLOCK = "clock", "The interview clock: is it running its planned length?"

    QUESTIONS_MAX_LENGTH = 2000

    class Rule(models.TextChoices):
        NONE = "", "No rule — I answer it myself"
        SALARY_FLOOR = "salary_floor", "Pay floor: fails when the top of the range is below it"
        WORK_MODE = "work_mode", "Work mode: fails when the job's mode is not one I accept"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dealbreakers"
    )
    question = models.CharField(
        max_length=200, help_text="Phrase it so that “yes” is good: “I could work for this boss”."
    )
    category = models.CharField(max_length=20, choices=Category, default=Category.INTEREST)
    questions = long_text(
        "questions that settle it",
        blank=True,
        max_length=QUESTIONS_MAX_LENGTH,
        help_text="What you could ask to know for sure, one per line: "
        "“What did the last person in this role spend most of their week on?”",
    )
    ask = models.CharField(
        "best asked of",
        max_length=20,
        choices=Ask,
        default=Ask.ANYONE,
        help_text="Who is best placed to answer those questions.",
    )
    suggest = models.CharField(
        "suggested by",
        max_length=10,
        choices=Suggest,
        blank=True,
        default=Suggest.NONE,
        help_text="During the interview, Walkout can suggest an answer for you to confirm.",
    )
    severity = models.CharField(max_length=20, choices=Severity, default=Severity.DEALBREAKER)
    phase = models.CharField(max_length=10, choices=Phase, default=Phase.BOTH)
    weight = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How much it counts in the fit score, 1 to 5.",
    )
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Inactive items are not asked.")
    rule = models.CharField(max_length=20, choices=Rule, blank=True, default=Rule.NONE)
    salary_floor = models.PositiveIntegerField(
        "pay floor", null=True, blank=True, validators=[MaxValueValidator(MAX_SALARY)]
    )
    salary_currency = models.CharField(
        "floor currency",
        max_length=3,
        blank=True,
        validators=[CURRENCY_CODE],
        help_text="Leave empty to compare with any currency.",
    )
    work_modes = models.CharField(
        "work modes I accept",
        max_length=40,
        blank=True,
        validators=[validate_work_modes],
        help_text="Comma-separated: onsite, hybrid, remote.",
    )
    # The starter "pay meets my floor" comes without a floor: the checklist asks for one
    # the first time it shows the question, until it is given or declined.
    ask_floor = models.BooleanField(
        "ask for my pay floor", default=False, help_text="Ask for a floor on the checklist."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DealbreakerQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rule="salary_floor") | Q(salary_floor__isnull=False),
                name="dealbreaker_salary_rule_has_floor",
            ),
            models.CheckConstraint(
                condition=~Q(rule="work_mode") | ~Q(work_modes=""),
                name="dealbreaker_work_mode_rule_has_modes",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "active", "position"], name="dealbreaker_owner_active"),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("dealbreaker_edit", args=[self.pk])

    @property
    def work_mode_list(self):
        return [mode for mode in self.work_modes.split(",") if mode]

    @property
    def question_list(self):
        """The questions that settle it, one per non-empty line."""
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def wants_floor(self):
        """Still to ask for its pay floor: the starter pay item, with no rule set yet."""
        return self.ask_floor and self.rule == self.Rule.NONE

    @property
    def rule_display(self):
        """The rule as a person reads it: “pay floor: 60,000 EUR”, “work mode: Hybrid or Remote”."""
        if self.rule == self.Rule.SALARY_FLOOR and self.salary_floor is not None:
            currency = self.salary_currency or "in any currency"
            return f"pay floor: {self.salary_floor:,} {currency}"
        if self.rule == self.Rule.WORK_MODE:
            labels = [
                str(Application.WorkMode(mode).label)
                for mode in self.work_mode_list
                if mode in Application.WorkMode.values
            ]
            return "work mode: " + " or ".join(labels)
        return ""


class ChecklistAnswerQuerySet(models.QuerySet):
    def record(self, interview, answers, client_key=""):
        """Store answers given on a device at `answered_at`; return the ids that were kept.

        One INSERT … ON CONFLICT DO UPDATE … WHERE statement: each answer is its own row,
        so two devices answering different questions never overwrite each other, and the
        WHERE makes an older answer (a late replay from an offline queue) lose to a newer
        one atomically, without a read-then-write race. `answers` is a list of
        (dealbreaker, phase, answer, note, answered_at). `client_key` is the sending
        device's idempotency key: a row already written with that key is left alone, so a
        request sent again (its response lost on a bad connection) changes nothing.
        """
        if not answers:
            return set()
        connection = connections[self.db]
        ops = connection.ops
        table = ops.quote_name(ChecklistAnswer._meta.db_table)
        now = ops.adapt_datetimefield_value(timezone.now())
        rows, params = [], []
        for dealbreaker, phase, answer, note, answered_at in answers:
            rows.append("(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
            params += [
                interview.pk,
                dealbreaker.pk,
                phase,
                answer,
                note,
                dealbreaker.question,
                ops.adapt_datetimefield_value(answered_at),
                client_key,
                now,
                now,
            ]
        # Only the table name (from the model) and placeholders are formatted in; every
        # value travels as a parameter.
        sql = (
            f"INSERT INTO {table} (interview_id, dealbreaker_id, phase, answer, note, "  # noqa: S608
            "question, answered_at, client_key, created_at, updated_at) "
            f"VALUES {', '.join(rows)} "
            "ON CONFLICT (interview_id, dealbreaker_id, phase) DO UPDATE SET "
            "answer = excluded.answer, note = excluded.note, question = excluded.question, "
            "answered_at = excluded.answered_at, client_key = excluded.client_key, "
            "updated_at = excluded.updated_at "
            f"WHERE {table}.answered_at <= excluded.answered_at "
            # A replay of the same key is skipped; no key ("", a plain form post) never is.
            f"AND (excluded.client_key = '' OR {table}.client_key <> excluded.client_key) "
            "RETURNING dealbreaker_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0] for row in cursor.fetchall()}


class ChecklistAnswer(models.Model):
    """One answer to one question in one phase of one interview, as it was asked."""

    class Phase(models.TextChoices):
        PRE = "pre", "Before"
        MID = "mid", "During"

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNSURE = "unsure", "Unsure"

    NOTE_MAX_LENGTH = 500
    CLIENT_KEY_MAX_LENGTH = 64

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    # Deleting a dealbreaker keeps the answers already given, with their question text.
    dealbreaker = models.ForeignKey(
        Dealbreaker, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    phase = models.CharField(max_length=3, choices=Phase)
    answer = models.CharField(max_length=6, choices=Answer)
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    question = models.CharField(max_length=200, help_text="The question as it was asked.")
    answered_at = models.DateTimeField(help_text="When it was answered, on the device.")
    # The idempotency key of the request that wrote the row (an offline queue's entry);
    # db_default, so an INSERT that does not name it still works.
    client_key = models.CharField(
        max_length=CLIENT_KEY_MAX_LENGTH, blank=True, default="", db_default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChecklistAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "phase", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "dealbreaker", "phase"],
                name="checklistanswer_one_per_question_phase",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.answer} ({self.phase})"


class ScriptTemplateQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class ScriptTemplate(models.Model):
    """A user's own exit script, with {interviewer}, {company}, {role} and {my_name}."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="script_templates"
    )
    name = models.CharField(max_length=100)
    body = long_text(max_length=2000)
    is_default = models.BooleanField(
        "use by default", default=False, help_text="Open the exit script with this one."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScriptTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(is_default=True),
                name="scripttemplate_one_default_per_user",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("script_edit", args=[self.pk])


class DecisionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(interview__application__owner=user)

    def walked_out(self):
        return self.filter(choice=Decision.Choice.WALKED_OUT)

    def at_company(self, company):
        """Walk-outs and other decisions at a company, by name ignoring case, spacing and
        the legal form (“GmbH”, “Inc.”).

        Names are compared in Python, since SQL cannot collapse spaces portably, on
        (id, company) pairs: building a decision, an interview and an application for every
        walk-out cost 40 ms at 10,000 applications. The matches, if any, are fetched whole
        in a second query."""
        wanted = normalise_company(company)
        matches = [
            pk
            for pk, name in self.order_by().values_list("pk", "interview__application__company")
            if normalise_company(name) == wanted
        ]
        if not matches:
            return []
        return list(self.filter(pk__in=matches).select_related("interview__application"))

    def awaiting_reflection(self, now=None):
        """Decisions a week old or more that the user has not looked back on yet."""
        now = now or timezone.now()
        return self.filter(reflected_at__isnull=True, decided_at__lte=now - Decision.REFLECT_AFTER)


class Decision(models.Model):
    """What the user did about an interview, and later whether it was the right call."""

    REFLECT_AFTER = timedelta(days=7)
    # The reasons and the script as shown are kept up to this length: far more than any
    # real list or script, and what a restore accepts back.
    RECORD_MAX_LENGTH = 20_000

    class Choice(models.TextChoices):
        WALKED_OUT = "walked_out", "I walked out"
        STAYED = "stayed", "I stayed to the end"
        THEY_ENDED = "they_ended", "They ended it"

    class RightCall(models.TextChoices):
        YES = "yes", "Yes, the right call"
        NO = "no", "No, I regret it"
        UNSURE = "unsure", "Not sure yet"

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="decision")
    choice = models.CharField(max_length=20, choices=Choice)
    decided_at = models.DateTimeField(default=timezone.now)
    # The failing dealbreakers as they read at the time, one per line. Their length is a
    # validator's (a TextField's max_length is the form's only, not the database's).
    reasons = models.TextField(blank=True, validators=[MaxLengthValidator(RECORD_MAX_LENGTH)])
    script_shown = models.TextField(blank=True, validators=[MaxLengthValidator(RECORD_MAX_LENGTH)])
    # No more than the longest interview lasts.
    minutes_saved = models.PositiveIntegerField(
        default=0, validators=[MaxValueValidator(Interview.MAX_DURATION)]
    )
    right_call = models.CharField(max_length=10, choices=RightCall, blank=True)
    reflection_note = long_text("what I learned", blank=True, max_length=2000)
    reflected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [
            models.Index(fields=["choice", "decided_at"], name="decision_choice_time"),
            # Newest first, as the review page and the dashboard list them: the first rows
            # come off the index instead of a sort of every decision.
            models.Index(fields=["-decided_at", "-id"], name="decision_newest"),
            models.Index(
                fields=["-decided_at", "-id"],
                condition=Q(reflected_at__isnull=True),
                name="decision_awaiting_reflection",
            ),
        ]

    def __str__(self):
        return f"{self.get_choice_display()} — {self.interview}"

    def get_absolute_url(self):
        return reverse("decision_reflect", args=[self.pk])

    @property
    def reason_list(self):
        return [line for line in self.reasons.splitlines() if line.strip()]

    @staticmethod
    def check_decided_at(interview, decided_at):
        """Raise ValidationError when `decided_at` is before the interview began (to the
        minute: the decision form shows times without seconds)."""
        if decided_at < interview.starts_at.replace(second=0, microsecond=0):
            raise ValidationError("That is before the interview started.", code="before_start")

    def clean_fields(self, exclude=None):
        """Each field's checks, then decided_at against the interview's start. Here rather
        than in clean(), so that a form without decided_at (the reflection) skips it: an
        interview moved later after its decision was recorded must not block that form."""
        super().clean_fields(exclude=exclude)
        if exclude and "decided_at" in exclude:
            return
        try:
            interview = self.interview
        except Interview.DoesNotExist:  # not attached yet: nothing to compare with
            return
        if interview.starts_at and self.decided_at:
            try:
                self.check_decided_at(interview, self.decided_at)
            except ValidationError as error:
                raise ValidationError({"decided_at": error}) from error

    @classmethod
    @transaction.atomic
    def record(cls, interview, choice, decided_at, reasons=(), script=""):
        """Record (or correct) the decision on an interview, and move the pipeline with it.

        A walk-out ends the interview and closes the application as “walked out”; taking
        a walk-out back puts the application where it was before."""
        # The application row is locked first, and read again under the lock: the same
        # decision sent from two devices at once (or a double tap) then moves the pipeline
        # and writes its timeline entry once, each request seeing what the other stored.
        application = Application.objects.select_for_update().get(pk=interview.application_id)
        interview.application = application
        previous = cls.objects.filter(interview=interview).values_list("choice", flat=True).first()
        walked_out = choice == cls.Choice.WALKED_OUT
        decision, _ = cls.objects.update_or_create(
            interview=interview,
            defaults={
                "choice": choice,
                "decided_at": decided_at,
                "reasons": "\n".join(reasons)[: cls.RECORD_MAX_LENGTH],
                "script_shown": script[: cls.RECORD_MAX_LENGTH] if walked_out else "",
                "minutes_saved": (
                    0 if choice == cls.Choice.STAYED else minutes_saved(interview, decided_at)
                ),
            },
        )
        if walked_out:
            if interview.status != Interview.Status.DONE:
                interview.status = Interview.Status.DONE
                interview.save(update_fields=["status", "updated_at"])
            if application.status != Application.Status.WALKED_OUT:
                application.status = Application.Status.WALKED_OUT
                application.save()
        elif (
            previous == cls.Choice.WALKED_OUT
            and application.status == Application.Status.WALKED_OUT
        ):
            before = (
                application.status_changes.filter(to_status=Application.Status.WALKED_OUT)
                .order_by("-changed_at", "-id")
                .values_list("from_status", flat=True)
                .first()
            )
            application.status = before or Application.Status.INTERVIEWING
            application.save()
        return decision


def minutes_saved(interview, decided_at):
    """Planned end minus the time of the decision, in whole minutes, never negative."""
    remaining = interview.ends_at - decided_at
    return max(0, int(remaining.total_seconds() // 60))

from datetime import timedelta

from django import forms
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from accounts.currency import CodeField

from . import documents, limits
from . import tags as tag_names
from .duplicates import find_duplicates
from .models import (
    Application,
    Contact,
    Dealbreaker,
    Decision,
    Document,
    Interview,
    ScriptTemplate,
)
from .people import contacts_for, parse_people


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateField(forms.DateField):
    """A date within Walkout's limits (interviews/limits.py); the picker offers no other."""

    widget = DateInput
    default_validators = [limits.check_date]

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "min": limits.EARLIEST_DATE.isoformat(),
            "max": limits.LATEST_DATE.isoformat(),
        }


class DateTimeField(forms.DateTimeField):
    """A date and time in the user's zone, within Walkout's limits once in UTC."""

    widget = DateTimeInput
    default_validators = [limits.check_datetime]


# The largest id a row can have (BigAutoField). A larger one names no row, and must not
# reach a query: SQLite cannot take it as a parameter (OverflowError).
LARGEST_ID = 2**63 - 1


class ChoiceOfRows(forms.ModelMultipleChoiceField):
    """A choice of rows by id, where an id beyond any row's is refused before a query,
    as "not one of the available choices" like any other id that is not offered."""

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            try:
                beyond = abs(int(pk)) > LARGEST_ID
            except (TypeError, ValueError):
                continue  # not a number: the field itself says so
            if beyond:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class Paragraphs(forms.CharField):
    """Text from a textarea, its line breaks as one character each. A browser sends each
    one as CR LF but counts it as one against maxlength: without this, a description the
    browser let through at its limit came back "at most 50000 characters (it has 50018)"."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


def form_field(model_field, **kwargs):
    """A model form's field: dates and times held to Walkout's limits, long texts read as
    Paragraphs. Every model form names this as its Meta.formfield_callback."""
    if isinstance(model_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateTimeField)
    elif isinstance(model_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    elif isinstance(model_field, models.TextField):
        kwargs.setdefault("form_class", Paragraphs)
    return model_field.formfield(**kwargs)


class ApplicationForm(forms.ModelForm):
    tags = forms.CharField(
        required=False,
        max_length=(tag_names.MAX_LENGTH + 2) * tag_names.MAX_TAGS,
        help_text="Your own labels, separated by commas: remote, dream job.",
    )

    class Meta:
        model = Application
        field_classes = {"currency": CodeField}
        fields = [
            "company",
            "role",
            "status",
            "priority",
            "posting_url",
            "source",
            "location",
            "work_mode",
            "salary_min",
            "salary_max",
            "currency",
            "applied_on",
            "next_action",
            "next_action_on",
            "resume_version",
            "notes",
            "job_description",
        ]
        formfield_callback = form_field
        widgets = {
            "applied_on": DateInput,
            "next_action_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "job_description": forms.Textarea(attrs={"rows": 6}),
            "currency": forms.TextInput(attrs={"size": 3, "autocapitalize": "characters"}),
        }
        help_texts = {
            "applied_on": "Not kept for a wish-list job: it is dated the day you move it on."
        }

    def __init__(self, *args, owner=None, allow_duplicates=False, **kwargs):
        """With an ``owner``, the form offers their contacts and, for a new application,
        warns about one they already have (unless ``allow_duplicates``)."""
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.allow_duplicates = allow_duplicates
        self.duplicates = []
        if owner is not None and self.instance.pk is None:
            # A new application: applied today, by the user's calendar, in their currency
            # (what a prefilled address names wins).
            given = kwargs.get("initial") or {}
            self.initial["applied_on"] = given.get(
                "applied_on", timezone.localdate(timezone=owner.zone)
            )
            self.initial["currency"] = given.get("currency", owner.currency)
        self.fields["work_mode"].choices = [("", "Not known")] + list(Application.WorkMode.choices)
        for name in ("salary_min", "salary_max"):
            self.fields[name].widget.attrs.update(min=0, step=1, inputmode="numeric")
        self.fields["priority"].choices = [("", "Not set"), *Application.Priority.choices]
        # Tags beside priority, rather than after every field the model gives.
        names = list(self.fields)
        names.insert(names.index("priority") + 1, names.pop(names.index("tags")))
        self.fields = {name: self.fields[name] for name in names}
        if self.instance.pk:
            self.initial.setdefault("tags", ", ".join(t.name for t in self.instance.tags.all()))
        contacts = Contact.objects.for_user(owner).order_by("name", "id") if owner else None
        if contacts is not None and contacts.exists():
            # Owner-scoped: another user's contact id is "not one of the available choices".
            self.fields["contacts"] = ChoiceOfRows(
                queryset=contacts,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="People you deal with for this application.",
            )
            if self.instance.pk:
                self.initial.setdefault("contacts", list(self.instance.contacts.all()))

    def clean_tags(self):
        return tag_names.parse_tags(self.cleaned_data["tags"])

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        today = timezone.localdate()  # the user's: the middleware's zone
        if status == Application.Status.WISHLIST:
            # Not sent yet: no applied date (a new form starts with today's).
            cleaned["applied_on"] = None
        elif not cleaned.get("applied_on") and self.instance.sent_by_moving_to(status):
            # Moved on here rather than on the board: dated that day, as move_to dates it.
            cleaned["applied_on"] = today
        if cleaned.get("applied_on") and cleaned["applied_on"] > today:
            # The day it went out, so never after today on the user's calendar.
            self.add_error(
                "applied_on",
                forms.ValidationError(
                    "The applied date is after today (%(today)s): use the day it was sent.",
                    code="applied_in_the_future",
                    params={"today": date_format(today, "j M Y")},
                ),
            )
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "“Salary to” must be at least “salary from”.")
        if (
            self.owner is not None
            and self.instance.pk is None
            and not self.allow_duplicates
            and not self.errors
        ):
            self.duplicates = find_duplicates(
                self.owner,
                company=cleaned.get("company", ""),
                role=cleaned.get("role", ""),
                posting_url=cleaned.get("posting_url", ""),
            )
            if self.duplicates:
                raise forms.ValidationError(
                    "You may already have this application. Nothing was saved yet.",
                    code="duplicate",
                )
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        application = super().save(commit=commit)
        if commit and "contacts" in self.fields:
            application.contacts.set(self.cleaned_data["contacts"])
        if commit:
            application.set_tags(self.cleaned_data["tags"])
        return application


class InterviewForm(forms.ModelForm):
    """An interview; its interviewers are contacts: picked from the application's, or typed
    in by name (each becomes a contact, so that their page lists the interview)."""

    interviewers = Paragraphs(
        label="Add interviewers",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line, name then role: “Dana Reyes, Head of Engineering”. Each "
        "joins your contacts, linked to this application.",
    )

    class Meta:
        model = Interview
        fields = [
            "kind",
            "starts_at",
            "duration_minutes",
            "format",
            "location",
            "address_as",
            "status",
            "outcome",
            "notes",
        ]
        formfield_callback = form_field
        widgets = {
            "starts_at": DateTimeInput,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.instance.application = application
        zone = application.owner.time_zone.replace("_", " ")
        self.fields["starts_at"].help_text = f"In your time zone, {zone}."
        # The application's contacts, and anyone already on this interview (even if they
        # have since been unlinked from the application), so saving never drops them.
        mine = Q(applications=application)
        if self.instance.pk:
            mine |= Q(interviews=self.instance)
        contacts = Contact.objects.for_user(application.owner).filter(mine).distinct()
        self.fields["contacts"] = ChoiceOfRows(
            label="Interviewers",
            queryset=contacts.order_by("name", "id"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if not contacts.exists():
            # Nobody to pick yet: only the names to type in.
            del self.fields["contacts"]
            self.fields["interviewers"].label = "Interviewers"
        elif self.instance.pk:
            self.initial.setdefault("contacts", list(self.instance.interviewer_contacts()))
        # People typed in before interviewers were contacts: offered again, to become ones.
        self.initial.setdefault("interviewers", self.instance.interviewers)
        self.order_fields(
            [*self.Meta.fields[: self.Meta.fields.index("address_as")], "contacts", "interviewers"]
        )

    def clean_interviewers(self):
        """Each typed-in name and role fits the contact it becomes: refused, not cut short."""
        text = self.cleaned_data["interviewers"]
        errors = []
        for number, (name, role) in enumerate(parse_people(text), start=1):
            for what, value, field in (("name", name, "name"), ("role", role, "title")):
                limit = Contact._meta.get_field(field).max_length
                if len(value) > limit:
                    errors.append(
                        f"Interviewer {number}'s {what} can be at most {limit} characters "
                        f"(it has {len(value)})."
                    )
        if errors:
            raise forms.ValidationError(errors)
        return text

    @transaction.atomic
    def save(self, commit=True):
        # In the order the user gave them, so the lead stays the lead: those already on the
        # interview keep their places, then the newly picked, then those typed in.
        before = list(self.instance.interviewer_contacts()) if self.instance.pk else []
        self.instance.interviewers = ""  # whoever it held is a contact now
        interview = super().save(commit=commit)
        if not commit:
            return interview
        picked = list(self.cleaned_data.get("contacts", []))
        people = [contact for contact in before if contact in picked]
        people += [contact for contact in picked if contact not in people]
        typed = parse_people(self.cleaned_data["interviewers"])
        for contact in contacts_for(
            self.application.owner, self.application, typed, Contact.objects
        ):
            if contact not in people:
                people.append(contact)
        interview.set_interviewers(people)
        return interview


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        formfield_callback = form_field
        fields = [
            "name",
            "title",
            "company",
            "email",
            "phone",
            "profile_url",
            "address_as",
            "applications",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "applications": forms.CheckboxSelectMultiple,
        }
        field_classes = {"applications": ChoiceOfRows}
        help_texts = {"profile_url": "LinkedIn or another public profile."}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Owner-scoped: another user's application id is "not one of the available choices".
        self.fields["applications"].queryset = Application.objects.for_user(owner).order_by(
            "company", "role", "id"
        )
        self.fields["applications"].help_text = "The applications they are part of."


class DealbreakerForm(forms.ModelForm):
    work_modes = forms.MultipleChoiceField(
        label="Work modes I accept",
        choices=Application.WorkMode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only for the work-mode rule.",
    )

    class Meta:
        model = Dealbreaker
        formfield_callback = form_field
        field_classes = {"salary_currency": CodeField}
        fields = [
            "question",
            "category",
            "questions",
            "ask",
            "severity",
            "phase",
            "weight",
            "active",
            "suggest",
            "rule",
            "salary_floor",
            "salary_currency",
            "work_modes",
        ]
        widgets = {
            "salary_currency": forms.TextInput(attrs={"size": 3}),
            "questions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"salary_floor": "Only for the pay-floor rule: the least you would take."}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["work_modes"] = self.instance.work_mode_list
        if not self.instance.rule:
            # A floor not set yet starts in the user's own currency.
            self.initial["salary_currency"] = self.initial.get("salary_currency") or owner.currency
        self.fields["salary_floor"].widget.attrs.update(min=0, step=1, inputmode="numeric")
        # Not sent (an older form, a script): anyone may answer, as before there was a choice.
        self.fields["ask"].required = False
        # js/rule-fields.js shows each rule's fields only when that rule is chosen.
        self.fields["rule"].widget.attrs["data-rule-select"] = ""
        for name in ("salary_floor", "salary_currency"):
            self.fields[name].widget.attrs["data-rule-field"] = Dealbreaker.Rule.SALARY_FLOOR
        self.fields["work_modes"].widget.attrs["data-rule-field"] = Dealbreaker.Rule.WORK_MODE

    def clean_ask(self):
        return self.cleaned_data["ask"] or Dealbreaker.Ask.ANYONE

    def save(self, commit=True):
        if self.instance.rule:
            self.instance.ask_floor = False  # a rule set here: nothing left to ask
        return super().save(commit=commit)

    def clean_work_modes(self):
        return ",".join(self.cleaned_data["work_modes"])

    # The fields each rule shows (js/rule-fields.js hides the others).
    RULE_FIELDS = {
        Dealbreaker.Rule.SALARY_FLOOR: ("salary_floor", "salary_currency"),
        Dealbreaker.Rule.WORK_MODE: ("work_modes",),
    }

    def clean(self):
        cleaned = super().clean()
        rule = cleaned.get("rule")
        for shown_for, names in self.RULE_FIELDS.items():
            if rule != shown_for:
                for name in names:
                    # Hidden with its rule: not the user's to fix, and not changed.
                    self.errors.pop(name, None)
                    cleaned[name] = getattr(self.instance, name)
        floor_missing = cleaned.get("salary_floor") is None and "salary_floor" not in self.errors
        if rule == Dealbreaker.Rule.SALARY_FLOOR and floor_missing:
            self.add_error("salary_floor", "The pay-floor rule needs a floor.")
        if rule == Dealbreaker.Rule.WORK_MODE and not cleaned.get("work_modes"):
            self.add_error("work_modes", "The work-mode rule needs at least one mode you accept.")
        return cleaned


class FloorForm(forms.ModelForm):
    """The pay floor asked for on the checklist, for the starter "pay meets my floor"."""

    class Meta:
        model = Dealbreaker
        field_classes = {"salary_currency": CodeField}
        fields = ["salary_floor", "salary_currency"]
        labels = {"salary_floor": "My pay floor", "salary_currency": "Currency"}
        widgets = {
            "salary_currency": forms.TextInput(
                attrs={"size": 3, "maxlength": 3, "autocapitalize": "characters"}
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["salary_floor"].required = True
        self.fields["salary_floor"].widget.attrs.update(min=0, step=1, inputmode="numeric")

    def save(self, commit=True):
        self.instance.rule = Dealbreaker.Rule.SALARY_FLOOR
        self.instance.ask_floor = False
        return super().save(commit=commit)


class ScriptTemplateForm(forms.ModelForm):
    class Meta:
        model = ScriptTemplate
        formfield_callback = form_field
        fields = ["name", "body", "is_default"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "body": "Placeholders: {interviewer}, {company}, {role}, {my_name}. "
            "Anything else is shown exactly as you wrote it."
        }
        labels = {"body": "Script"}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def save(self, commit=True):
        template = super().save(commit=False)
        template.owner = self.owner
        if commit:
            with transaction.atomic():
                if template.is_default:
                    ScriptTemplate.objects.for_user(self.owner).exclude(pk=template.pk).update(
                        is_default=False
                    )
                template.save()
        return template


class DecisionForm(forms.Form):
    choice = forms.ChoiceField(
        label="What happened?", choices=Decision.Choice.choices, widget=forms.RadioSelect
    )
    decided_at = DateTimeField(label="When", help_text="In your time zone.")
    not_a_tactic = forms.BooleanField(
        label="I would not take this job even if it were offered. I am not using a walk-out "
        "to negotiate.",
        required=False,
    )

    def __init__(self, *args, interview, guarded, **kwargs):
        super().__init__(*args, **kwargs)
        self.interview = interview
        self.guarded = guarded
        zone = interview.application.owner.time_zone.replace("_", " ")
        self.fields["decided_at"].help_text = f"In your time zone, {zone}."
        if not guarded:
            del self.fields["not_a_tactic"]
        elif interview.starts_at > timezone.now():
            self.fields[
                "decided_at"
            ].help_text = f"In your time zone, {zone}; not before the interview starts."

    def clean_decided_at(self):
        decided_at = self.cleaned_data["decided_at"]
        if decided_at > timezone.now() + timedelta(minutes=1):
            raise forms.ValidationError("That is in the future: record what already happened.")
        Decision.check_decided_at(self.interview, decided_at)
        return decided_at

    def clean(self):
        cleaned = super().clean()
        walking_out = cleaned.get("choice") == Decision.Choice.WALKED_OUT
        if self.guarded and walking_out and not cleaned.get("not_a_tactic"):
            self.add_error(
                "not_a_tactic",
                "Your checklist does not say this is a dead end. Confirm you would not take "
                "the job, or record that you stayed.",
            )
        return cleaned


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Decision
        formfield_callback = form_field
        fields = ["right_call", "reflection_note"]
        widgets = {
            "right_call": forms.RadioSelect,
            "reflection_note": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"right_call": "Looking back, was it the right call?"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["right_call"].required = True
        self.fields["right_call"].choices = Decision.RightCall.choices


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        allow_empty_file=True,  # the import says “The file is empty.” in its own words
        help_text="Up to 2 MB and 5,000 applications, separated by commas or semicolons.",
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )


class RestoreForm(forms.Form):
    file = forms.FileField(
        label="Walkout export (.json or .zip)",
        help_text="A file from “Everything (JSON)” on the export page, up to 20 MB, or from "
        "“JSON archive with documents (zip)”, up to 200 MB, which brings the documents back "
        "too.",
        widget=forms.FileInput(
            attrs={
                "accept": ".json,.zip,application/json,application/zip",
                "class": "form-control",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        # Beside the CSV form on one page: its own element ids, the same field name.
        super().__init__(*args, auto_id="restore_%s", **kwargs)


class DocumentForm(forms.Form):
    """A file for an application's page. The file's kind is read from its bytes
    (documents.check); `detected` holds it once the form is valid."""

    file = forms.FileField(
        # documents.check says "empty" in the same words as every other refusal.
        allow_empty_file=True,
        error_messages={"required": "Choose a file to upload. Nothing was stored."},
        widget=forms.FileInput(
            attrs={
                "accept": documents.ACCEPT,
                "class": "form-control",
                "aria-describedby": "document-help",
                # static/js/file-size.js: said before the upload, not after.
                "data-max-bytes": documents.MAX_BYTES,
                "data-too-large": documents.TOO_LARGE,
            }
        ),
    )
    kind = forms.ChoiceField(
        label="What it is",
        choices=Document.Kind.choices,
        initial=Document.Kind.RESUME,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "invalid_choice": "Choose what the file is: résumé, cover letter, "
            "offer letter or other. Nothing was stored."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="document_%s", **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The name is shown and given back on download, never used as a path.
        upload.name = documents.clean_name(upload.name)
        try:
            self.detected = documents.check(upload, upload.name, upload.size)
        except documents.Refused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return upload


class ExportRangeForm(forms.Form):
    start = DateField(label="From", required=False)
    end = DateField(label="To", required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "“To” must be on or after “From”.")
        return cleaned


class SelectedApplications(ChoiceOfRows):
    """The applications ticked on the list: the user's own only, and not too many."""

    MAX = 500  # a page shows 25; a longer list is not from the page

    def clean(self, value):
        if isinstance(value, (list, tuple)) and len(value) > self.MAX:
            raise forms.ValidationError(
                f"Select at most {self.MAX} applications at a time.", code="too_many"
            )
        return super().clean(value)


class TakeBackForm(forms.Form):
    """Undo a tap just made (Application.take_back): the timeline entry the tap made and,
    for a follow-up done, the action and date it cleared."""

    entry = forms.IntegerField(min_value=1, max_value=LARGEST_ID)
    next_action = forms.CharField(max_length=200, required=False)
    next_action_on = DateField(required=False)


class BulkActionForm(forms.Form):
    """One action on the applications selected on the list."""

    class Action(models.TextChoices):
        STATUS = "status", "Change status"
        ADD_TAG = "add_tag", "Add a tag"
        REMOVE_TAG = "remove_tag", "Remove a tag"
        DELETE = "delete", "Delete"

    ids = SelectedApplications(
        queryset=Application.objects.none(),
        error_messages={
            "required": "Select at least one application first.",
            # Another user's id reads exactly like a deleted one: nothing tells them apart.
            "invalid_choice": "One of the selected applications no longer exists.",
            "invalid_pk_value": "One of the selected applications no longer exists.",
        },
    )
    action = forms.ChoiceField(choices=Action.choices)
    status = forms.ChoiceField(choices=Application.Status.choices, required=False)
    tag = forms.CharField(required=False, max_length=200)
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].queryset = Application.objects.for_user(owner).order_by("pk")

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == self.Action.STATUS and not cleaned.get("status"):
            self.add_error("status", "Choose the new status.")
        if action in (self.Action.ADD_TAG, self.Action.REMOVE_TAG):
            try:
                cleaned["tag"] = tag_names.clean_tag(cleaned.get("tag", ""))
            except forms.ValidationError as error:
                self.add_error("tag", error)
        return cleaned

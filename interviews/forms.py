from django import forms
from django.db import transaction
from django.db.models import Q

from .duplicates import find_duplicates
from .models import Application, Contact, Interview


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "company",
            "role",
            "status",
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
        widgets = {
            "applied_on": DateInput,
            "next_action_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "job_description": forms.Textarea(attrs={"rows": 6}),
            "currency": forms.TextInput(attrs={"size": 3, "autocapitalize": "characters"}),
        }

    def __init__(self, *args, owner=None, allow_duplicates=False, **kwargs):
        """With an ``owner``, the form offers their contacts and, for a new application,
        warns about one they already have (unless ``allow_duplicates``)."""
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.allow_duplicates = allow_duplicates
        self.duplicates = []
        self.fields["work_mode"].choices = [("", "Not known")] + list(Application.WorkMode.choices)
        for name in ("salary_min", "salary_max"):
            self.fields[name].widget.attrs.update(min=0, step=1, inputmode="numeric")
        if owner is not None:
            # Owner-scoped: another user's contact id is "not one of the available choices".
            self.fields["contacts"] = forms.ModelMultipleChoiceField(
                queryset=Contact.objects.for_user(owner).order_by("name", "id"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="People you deal with for this application.",
            )
            if self.instance.pk:
                self.initial.setdefault("contacts", list(self.instance.contacts.all()))

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean(self):
        cleaned = super().clean()
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
        return application


class InterviewForm(forms.ModelForm):
    new_contact_name = forms.CharField(
        label="Or add someone new",
        max_length=200,
        required=False,
        help_text="Their name; they are added to your contacts and to this application.",
    )
    new_contact_title = forms.CharField(label="Their job title", max_length=200, required=False)

    class Meta:
        model = Interview
        fields = [
            "kind",
            "starts_at",
            "duration_minutes",
            "format",
            "location",
            "interviewers",
            "status",
            "outcome",
            "notes",
        ]
        widgets = {
            "starts_at": DateTimeInput,
            "interviewers": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"starts_at": "In your time zone."}

    def __init__(self, *args, application=None, **kwargs):
        """With an ``application``, interviewers can be picked from its contacts or added."""
        super().__init__(*args, **kwargs)
        self.application = application
        if application is None:
            del self.fields["new_contact_name"], self.fields["new_contact_title"]
            return
        self.instance.application = application
        # The application's contacts, and anyone already on this interview (even if they
        # have since been unlinked from the application), so saving never drops them.
        mine = Q(applications=application)
        if self.instance.pk:
            mine |= Q(interviews=self.instance)
        contacts = Contact.objects.for_user(application.owner).filter(mine).distinct()
        self.fields["contacts"] = forms.ModelMultipleChoiceField(
            label="Interviewers from this application's contacts",
            queryset=contacts.order_by("name", "id"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if not contacts.exists():
            # Nobody to pick yet: offer only to add someone.
            del self.fields["contacts"]
            self.fields["new_contact_name"].label = "Add an interviewer to your contacts"
        elif self.instance.pk:
            self.initial.setdefault("contacts", list(self.instance.contacts.all()))
        self.fields["interviewers"].help_text = (
            "Anyone not in your contacts, one per line, name then role: "
            "“Dana Reyes, Head of Engineering”."
        )
        # Pick from contacts first, then the free-text list for anyone else.
        self.order_fields(
            [
                *self.Meta.fields[: self.Meta.fields.index("interviewers")],
                "contacts",
                "new_contact_name",
                "new_contact_title",
            ]
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_contact_title") and not cleaned.get("new_contact_name"):
            self.add_error("new_contact_name", "Give the new contact a name.")
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        interview = super().save(commit=commit)
        if not commit or self.application is None:
            return interview
        people = list(self.cleaned_data.get("contacts", []))
        name = self.cleaned_data["new_contact_name"].strip()
        if name:
            contact = Contact.objects.create(
                owner=self.application.owner,
                name=name,
                title=self.cleaned_data["new_contact_title"].strip(),
                company=self.application.company,
            )
            contact.applications.add(self.application)
            people.append(contact)
        interview.contacts.set(people)
        return interview


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "title",
            "company",
            "email",
            "phone",
            "profile_url",
            "applications",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "applications": forms.CheckboxSelectMultiple,
        }
        help_texts = {"profile_url": "LinkedIn or another public profile."}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Owner-scoped: another user's application id is "not one of the available choices".
        self.fields["applications"].queryset = Application.objects.for_user(owner).order_by(
            "company", "role", "id"
        )
        self.fields["applications"].help_text = "The applications they are part of."

from datetime import timedelta

from django import forms
from django.db import transaction
from django.utils import timezone

from .models import Application, Dealbreaker, Decision, Interview, ScriptTemplate


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_mode"].choices = [("", "Not known")] + list(Application.WorkMode.choices)
        for name in ("salary_min", "salary_max"):
            self.fields[name].widget.attrs.update(min=0, step=1, inputmode="numeric")

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "“Salary to” must be at least “salary from”.")
        return cleaned


class InterviewForm(forms.ModelForm):
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
        fields = [
            "question",
            "category",
            "severity",
            "phase",
            "weight",
            "active",
            "rule",
            "salary_floor",
            "salary_currency",
            "work_modes",
        ]
        widgets = {"salary_currency": forms.TextInput(attrs={"size": 3})}
        help_texts = {"salary_floor": "Only for the pay-floor rule: the least you would take."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["work_modes"] = self.instance.work_mode_list
        self.fields["salary_floor"].widget.attrs.update(min=0, step=1, inputmode="numeric")

    def clean_salary_currency(self):
        return self.cleaned_data["salary_currency"].strip().upper()

    def clean_work_modes(self):
        return ",".join(self.cleaned_data["work_modes"])

    def clean(self):
        cleaned = super().clean()
        rule = cleaned.get("rule")
        if rule == Dealbreaker.Rule.SALARY_FLOOR and cleaned.get("salary_floor") is None:
            self.add_error("salary_floor", "The pay-floor rule needs a floor.")
        if rule == Dealbreaker.Rule.WORK_MODE and not cleaned.get("work_modes"):
            self.add_error("work_modes", "The work-mode rule needs at least one mode you accept.")
        return cleaned


class ScriptTemplateForm(forms.ModelForm):
    class Meta:
        model = ScriptTemplate
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
    decided_at = forms.DateTimeField(
        label="When", widget=DateTimeInput, help_text="In your time zone."
    )
    not_a_tactic = forms.BooleanField(
        label="I would not take this job even if it were offered. I am not using a walk-out "
        "to negotiate.",
        required=False,
    )

    def __init__(self, *args, interview, guarded, **kwargs):
        super().__init__(*args, **kwargs)
        self.interview = interview
        self.guarded = guarded
        if not guarded:
            del self.fields["not_a_tactic"]

    def clean_decided_at(self):
        decided_at = self.cleaned_data["decided_at"]
        if decided_at > timezone.now() + timedelta(minutes=1):
            raise forms.ValidationError("That is in the future: record what already happened.")
        if decided_at < self.interview.starts_at:
            raise forms.ValidationError("That is before the interview started.")
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

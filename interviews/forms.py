from django import forms

from .models import Application, Dealbreaker, Interview


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

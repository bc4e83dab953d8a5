import zoneinfo

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.forms import AdminPasswordChangeForm as BaseAdminPasswordChangeForm
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from . import currency, throttle
from .models import REMINDER_LEADS, User, parse_leads

# Where people live: "Area/City" zones. The database also holds aliases kept for old
# systems ("US/Eastern", "GB", "Factory", "localtime"), which only clutter the list.
REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Arctic/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


def time_zone_choices(keep=""):
    """The regions' zones and UTC; `keep` (a user's current zone, perhaps an alias set in
    the admin) is listed too, so that saving the profile never refuses it."""
    zones = zoneinfo.available_timezones()
    names = {name for name in zones if name.startswith(REGIONS)} | {"UTC"}
    if keep in zones:
        names.add(keep)
    return [(name, name.replace("_", " ")) for name in sorted(names)]


def check_own_password(request, password, nothing_done):
    """Raise a form error unless `password` is the logged-in user's. Through authenticate(),
    so wrong guesses count toward the same pause as logging in with a wrong password (a
    borrowed session may not guess its way further). `nothing_done` ends each message."""
    user = request.user
    checked = authenticate(request, username=user.get_username(), password=password)
    refused = getattr(request, "login_refused", None)
    if refused is not None:
        raise ValidationError(
            "Too many wrong passwords for this account from your network. Try again in "
            "%(wait)s. %(nothing)s",
            code="throttled",
            params={"wait": refused.wait, "nothing": nothing_done},
        )
    if checked is None or checked.pk != user.pk:
        raise ValidationError(
            "That is not your password. %(nothing)s",
            code="wrong_password",
            params={"nothing": nothing_done},
        )


def password_field(label, help_text="", required=True):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SignupForm(UserCreationForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        help_text="Interview times are shown in this zone. You can change it later.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email", "time_zone")
        labels = {"display_name": "Your name (optional)"}
        help_texts = {
            "display_name": "How you introduce yourself: your exit scripts say it for you."
        }


class ProfileForm(forms.ModelForm):
    """The profile. Changing the e-mail address (or clearing it) takes the current
    password: with a borrowed session alone, nobody can point password resets at their own
    address. A new address is unconfirmed until its link is opened."""

    current_password = password_field(
        "Your current password",
        help_text="Needed only to change your e-mail address.",
        required=False,
    )
    time_zone = forms.ChoiceField(choices=time_zone_choices)
    reminder_leads = forms.TypedMultipleChoiceField(
        label="Remind me before an interview",
        choices=[(minutes, label + " before") for minutes, label in REMINDER_LEADS.items()],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="By e-mail (when on) and as alarms in your calendar feed.",
    )
    digest_hour = forms.TypedChoiceField(
        label="Digest at",
        choices=[(hour, f"{hour:02d}:00") for hour in range(12)],
        coerce=int,
        required=False,
        empty_value=None,
        help_text="In your time zone. After noon it is not sent: the day is under way.",
    )

    class Meta:
        model = User
        field_classes = {"currency": currency.CodeField}
        fields = ("display_name", "email", *User.PREFERENCES)
        widgets = {
            # Said outright, so that a password manager filling the password below does
            # not take the address for the username field.
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "currency": forms.TextInput(
                attrs={"size": 3, "maxlength": 3, "autocapitalize": "characters"}
            ),
        }

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.refused = None
        # As saved: a form that fails validation has already written the typed values
        # onto the instance (request.user), which the page then shows.
        self.saved_email = self.instance.email
        self.fields["time_zone"].choices = time_zone_choices(keep=self.instance.time_zone)
        self.initial["reminder_leads"] = parse_leads(self.instance.reminder_leads)
        # The password's place: right after the address it guards.
        self.order_fields(["display_name", "email", "current_password"])
        if self.instance.email and not self.instance.email_confirmed:
            self.fields["interview_reminders"].help_text = (
                "Your e-mail address is not confirmed yet — reminders start once you "
                "confirm it (see above)."
            )

    @property
    def email_changed(self):
        return "email" in self.cleaned_data and self.cleaned_data["email"] != self.saved_email

    def clean(self):
        """The password is checked only when the address changes, once the address is read."""
        cleaned = super().clean()
        if self.email_changed:
            password = cleaned.get("current_password")
            try:
                if not password:
                    raise ValidationError(
                        "Enter your current password to change your e-mail address. "
                        "Nothing was saved.",
                        code="required",
                    )
                check_own_password(self.request, password, "Nothing was saved.")
            except ValidationError as error:
                self.add_error("current_password", error)
            finally:
                self.refused = getattr(self.request, "login_refused", None)
        return cleaned

    def save(self, commit=True):
        if self.email_changed:
            self.instance.email_confirmed = False
        return super().save(commit)

    def clean_digest_hour(self):
        """Left out of the form (an older page, a script): the hour stays as it was."""
        hour = self.cleaned_data["digest_hour"]
        return self.instance.digest_hour if hour is None else hour

    def clean_reminder_leads(self):
        return ",".join(
            str(m) for m in sorted(set(self.cleaned_data["reminder_leads"]), reverse=True)
        )


class RefusedLoginMixin:
    """Say plainly that logins are paused, when the backend refused this username + network
    (the plain "wrong password" message would send the user guessing)."""

    def get_invalid_login_error(self):
        refused = getattr(self.request, "login_refused", None)
        if refused is None:
            return super().get_invalid_login_error()
        if refused.rule == throttle.LOGIN_BY_NETWORK:
            return ValidationError(
                "Too many failed attempts to log in from your network. For your security, "
                "logging in from it is paused: try again in %(wait)s.",
                code="throttled",
                params={"wait": refused.wait},
            )
        return ValidationError(
            "Too many failed attempts to log in to this account from your network. For your "
            "security, logging in is paused: try again in %(wait)s, or reset "
            "your password.",
            code="throttled",
            params={"wait": refused.wait},
        )


class LoginForm(RefusedLoginMixin, auth_forms.AuthenticationForm):
    pass


class AdminLoginForm(RefusedLoginMixin, AdminAuthenticationForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, limited per client network and per e-mail address: each request
    sends mail, whether or not an account has that address."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.refused = None

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email:
            try:
                throttle.begin_all(
                    (
                        throttle.RESET_BY_NETWORK,
                        throttle.key_for(throttle.client_network(self.request)),
                    ),
                    (throttle.RESET_BY_EMAIL, throttle.key_for(email.strip().casefold())),
                )
            except throttle.Throttled as refused:
                self.refused = refused
                raise ValidationError(
                    "Too many password reset requests from your network or for this address. "
                    "Try again in %(wait)s.",
                    code="throttled",
                    params={"wait": refused.wait},
                ) from refused
            throttle.prune()
        return cleaned


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's, with the old password checked through check_own_password()."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        check_own_password(self.request, old_password, "Your password was not changed.")
        return old_password


class AdminPasswordChangeForm(BaseAdminPasswordChangeForm):
    """The admin's own password change. Its view gives the form no request, so the old
    password cannot go through the login's throttle by network: it is limited per account
    instead, with the login's numbers (5 wrong in 15 minutes pause it for 15)."""

    def clean_old_password(self):
        key = throttle.key_for(self.user.get_username().casefold(), "admin password change")
        try:
            throttle.begin(throttle.LOGIN, key)
        except throttle.Throttled as refused:
            raise ValidationError(
                "Too many wrong passwords. Try again in %(wait)s. Your password was not changed.",
                code="throttled",
                params={"wait": refused.wait},
            ) from refused
        old_password = super().clean_old_password()  # a wrong one stays counted
        throttle.clear(throttle.LOGIN, key)
        return old_password


class DeleteAccountForm(forms.Form):
    """The password again before an account is deleted (check_own_password())."""

    password = password_field("Your password")

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        check_own_password(self.request, password, "Nothing was deleted.")
        return password

    @property
    def refused(self):
        return getattr(self.request, "login_refused", None)

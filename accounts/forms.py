import zoneinfo

from django import forms
from django.contrib.auth.forms import UserCreationForm

from .models import User


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class SignupForm(UserCreationForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        help_text="Interview times are shown in this zone. You can change it later.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "time_zone")


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=time_zone_choices)

    class Meta:
        model = User
        fields = ("display_name", "email", "time_zone", "concern_threshold", "ghost_after_days")

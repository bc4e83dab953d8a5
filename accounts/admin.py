from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .forms import AdminLoginForm, AdminPasswordChangeForm
from .models import Attempt, User

# The admin's login goes through the throttled backend too; this form explains a refusal.
admin.site.login_form = AdminLoginForm
# Its password change asks the old password: limited too (accounts/forms.py says how).
admin.site.password_change_form = AdminPasswordChangeForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "Walkout",
            {
                "fields": (
                    "email_confirmed",
                    "display_name",
                    "time_zone",
                    "concern_threshold",
                    "ghost_after_days",
                )
            },
        ),
    )
    list_display = ("username", "email", "email_confirmed", "display_name", "time_zone", "is_staff")
    list_filter = (*BaseUserAdmin.list_filter, "email_confirmed")


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Throttling records; an operator may delete them to lift a cool-off early."""

    list_display = ("scope", "attempted_at")
    list_filter = ("scope",)
    readonly_fields = ("scope", "key", "attempted_at")

    def has_add_permission(self, request):
        return False

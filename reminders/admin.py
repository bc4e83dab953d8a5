from django.contrib import admin

from .models import SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "object_id", "due_at", "outcome", "sent_at"]
    list_filter = ["kind", "outcome"]
    raw_id_fields = ["user"]

from django.contrib import admin

from .models import (
    Application,
    ChecklistAnswer,
    Contact,
    Dealbreaker,
    Decision,
    Interview,
    InterviewContact,
    ScriptTemplate,
    StatusChange,
    Tag,
)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "changed_at")


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0
    fields = ("kind", "starts_at", "duration_minutes", "format", "status")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("company", "role", "owner", "status", "applied_on", "updated_at")
    list_filter = ("status", "work_mode")
    search_fields = ("company", "role", "owner__username")
    raw_id_fields = ("owner",)
    inlines = [InterviewInline, StatusChangeInline]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("application", "kind", "starts_at", "format", "status")
    list_filter = ("status", "kind", "format")
    search_fields = ("application__company", "application__role", "interviewers")
    raw_id_fields = ("application",)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("application", "from_status", "to_status", "changed_at")
    raw_id_fields = ("application",)


@admin.register(Dealbreaker)
class DealbreakerAdmin(admin.ModelAdmin):
    list_display = ("question", "owner", "severity", "phase", "position", "active")
    list_filter = ("severity", "phase", "category", "active")
    search_fields = ("question", "owner__username")
    raw_id_fields = ("owner",)


@admin.register(ChecklistAnswer)
class ChecklistAnswerAdmin(admin.ModelAdmin):
    list_display = ("question", "interview", "phase", "answer", "answered_at")
    list_filter = ("phase", "answer")
    raw_id_fields = ("interview", "dealbreaker")


class InterviewContactInline(admin.TabularInline):
    """A contact's interviews, each with their place among its interviewers (0 leads):
    a many-to-many with its own through model has no field on the contact's form."""

    model = InterviewContact
    extra = 0
    raw_id_fields = ("interview",)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "company", "owner", "updated_at")
    search_fields = ("name", "company", "email", "owner__username")
    raw_id_fields = ("owner", "applications")
    inlines = [InterviewContactInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("interview", "choice", "decided_at", "minutes_saved", "right_call")
    list_filter = ("choice", "right_call")
    raw_id_fields = ("interview",)


@admin.register(ScriptTemplate)
class ScriptTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "is_default", "updated_at")
    search_fields = ("name", "owner__username")
    raw_id_fields = ("owner",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "owner")
    search_fields = ("name", "owner__username")
    raw_id_fields = ("owner", "applications")
    readonly_fields = ("key",)

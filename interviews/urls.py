from django.urls import path, register_converter

from .views import (
    applications,
    board,
    bulk,
    calendar,
    capture,
    checklist,
    contacts,
    dashboard,
    dealbreakers,
    decisions,
    documents,
    exports,
    imports,
    interviews,
    prep,
    script_templates,
    stats,
    tags,
)


class PhaseConverter:
    """A checklist phase in an address: only "pre" and "mid" exist."""

    regex = "pre|mid"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CalendarTokenConverter:
    """A calendar feed's token (secrets.token_urlsafe): anything else matches no address."""

    regex = "[A-Za-z0-9_-]{20,100}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PhaseConverter, "phase")
register_converter(CalendarTokenConverter, "calendar_token")

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_create, name="application_create"),
    path("applications/bulk/", bulk.application_bulk, name="application_bulk"),
    path("capture/", capture.capture, name="capture"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/delete/",
        applications.application_delete,
        name="application_delete",
    ),
    path("applications/<int:pk>/move/", board.application_move, name="application_move"),
    path(
        "applications/<int:pk>/follow-up/done/",
        applications.followup_done,
        name="followup_done",
    ),
    path(
        "applications/<int:pk>/undo/",
        applications.application_take_back,
        name="application_take_back",
    ),
    path(
        "applications/<int:pk>/documents/new/",
        documents.document_upload,
        name="document_upload",
    ),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", documents.document_delete, name="document_delete"),
    path(
        "applications/<int:application_pk>/interviews/new/",
        interviews.interview_create,
        name="interview_create",
    ),
    path("interviews/<int:pk>/", interviews.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", interviews.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/delete/", interviews.interview_delete, name="interview_delete"),
    path(
        "interviews/<int:pk>/checklist/<phase:phase>/",
        checklist.checklist,
        name="checklist",
    ),
    path("interviews/<int:pk>/prep/", prep.prep_sheet, name="prep_sheet"),
    path("interviews/<int:pk>/exit-script/", decisions.exit_script, name="exit_script"),
    path("interviews/<int:pk>/decision/", decisions.decision, name="decision"),
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/<int:pk>/reflect/", decisions.decision_reflect, name="decision_reflect"),
    path("scripts/", script_templates.script_list, name="script_list"),
    path("scripts/new/", script_templates.script_create, name="script_create"),
    path("scripts/preview/", script_templates.script_preview, name="script_preview"),
    path("scripts/<int:pk>/edit/", script_templates.script_edit, name="script_edit"),
    path("scripts/<int:pk>/delete/", script_templates.script_delete, name="script_delete"),
    path("dealbreakers/", dealbreakers.dealbreaker_list, name="dealbreaker_list"),
    path("dealbreakers/new/", dealbreakers.dealbreaker_create, name="dealbreaker_create"),
    path("dealbreakers/<int:pk>/edit/", dealbreakers.dealbreaker_edit, name="dealbreaker_edit"),
    path(
        "dealbreakers/<int:pk>/delete/",
        dealbreakers.dealbreaker_delete,
        name="dealbreaker_delete",
    ),
    path(
        "dealbreakers/<int:pk>/toggle/",
        dealbreakers.dealbreaker_toggle,
        name="dealbreaker_toggle",
    ),
    path("dealbreakers/<int:pk>/move/", dealbreakers.dealbreaker_move, name="dealbreaker_move"),
    path("dealbreakers/<int:pk>/floor/", dealbreakers.dealbreaker_floor, name="dealbreaker_floor"),
    path("board/", board.board, name="board"),
    path("tags/", tags.tag_list, name="tag_list"),
    path("tags/<int:pk>/rename/", tags.tag_rename, name="tag_rename"),
    path("tags/<int:pk>/delete/", tags.tag_delete, name="tag_delete"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact_delete"),
    path("stats/", stats.stats_page, name="stats"),
    path("import/", imports.import_page, name="import_page"),
    path("import/preview/", imports.import_preview, name="import_preview"),
    path("import/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/cancel/", imports.import_cancel, name="import_cancel"),
    path("import/restore/", imports.restore, name="restore"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<int:pk>/undo/", imports.import_undo, name="import_undo"),
    path("export/", exports.export_page, name="export_page"),
    path("export/applications.csv", exports.export_applications_csv, name="export_applications"),
    path("export/activity.csv", exports.export_activity_csv, name="export_activity"),
    path("export/walkout.json", exports.export_json, name="export_json"),
    path("export/walkout.zip", exports.export_zip, name="export_zip"),
    path("export/calendar/", exports.calendar_feed_settings, name="calendar_feed_settings"),
    path("calendar/<calendar_token:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("interviews/<int:pk>/calendar.ics", calendar.interview_ics, name="interview_ics"),
]

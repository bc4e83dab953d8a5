from django.urls import path

from .views import applications, board, contacts, dashboard, interviews, stats

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_create, name="application_create"),
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
        "applications/<int:application_pk>/interviews/new/",
        interviews.interview_create,
        name="interview_create",
    ),
    path("interviews/<int:pk>/", interviews.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", interviews.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/delete/", interviews.interview_delete, name="interview_delete"),
    path("board/", board.board, name="board"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact_delete"),
    path("stats/", stats.stats_page, name="stats"),
]

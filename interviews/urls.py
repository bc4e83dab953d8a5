from django.urls import path, register_converter

from .views import applications, checklist, dashboard, dealbreakers, interviews


class PhaseConverter:
    """A checklist phase in an address: only "pre" and "mid" exist."""

    regex = "pre|mid"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PhaseConverter, "phase")

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
]

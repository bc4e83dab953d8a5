from datetime import UTC, datetime

import pytest

from interviews.models import Interview

pytestmark = pytest.mark.django_db

VALID = {
    "kind": "hiring_manager",
    "starts_at": "2026-12-01T10:30",
    "duration_minutes": "45",
    "format": "in_person",
    "location": "12 Rue de la Paix",
    "interviewers": "Dana Reyes, Head of Data",
    "status": "scheduled",
    "outcome": "",
    "notes": "",
}


def test_schedule_interview_in_the_users_zone(alice_client, application):
    response = alice_client.post(
        f"/applications/{application.pk}/interviews/new/", VALID, follow=True
    )
    interview = Interview.objects.get()
    assert response.redirect_chain[-1][0] == f"/interviews/{interview.pk}/"
    # Alice is in Paris (UTC+1 in December): stored in UTC.
    assert interview.starts_at == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert interview.application == application
    page = response.content.decode()
    assert "Tuesday 1 December 2026, 10:30" in page
    assert "Dana Reyes" in page and "Head of Data" in page


def test_edit_form_shows_local_time(alice_client, interview):
    interview.starts_at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    interview.save()
    page = alice_client.get(f"/interviews/{interview.pk}/edit/").content.decode()
    assert 'value="2026-12-01T10:30"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("starts_at", "", "This field is required."),
        ("starts_at", "tomorrow-ish", "Enter a valid date/time."),
        ("starts_at", "2026-13-40T25:61", "Enter a valid date/time."),
        ("duration_minutes", "0", "Ensure this value is greater than or equal to 1."),
        ("duration_minutes", "100000", "Ensure this value is less than or equal to"),
        ("format", "carrier-pigeon", "Select a valid choice."),
        ("kind", "", "This field is required."),
        ("interviewers", "x" * 10_000, "Ensure this value has at most 2000 characters"),
    ],
)
def test_bad_interview_input_is_explained(alice_client, application, field, value, message):
    response = alice_client.post(
        f"/applications/{application.pk}/interviews/new/", {**VALID, field: value}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Interview.objects.exists()


def test_edit_interview(alice_client, interview):
    response = alice_client.post(
        f"/interviews/{interview.pk}/edit/", {**VALID, "status": "done", "outcome": "Went well"}
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.status, interview.outcome) == ("done", "Went well")


def test_delete_interview_asks_first(alice_client, interview, application):
    assert (
        b"Delete this interview?" in alice_client.get(f"/interviews/{interview.pk}/delete/").content
    )
    response = alice_client.post(f"/interviews/{interview.pk}/delete/")
    assert response.url == f"/applications/{application.pk}/"
    assert not Interview.objects.exists()


def test_application_page_lists_its_interviews(alice_client, application, interview):
    page = alice_client.get(f"/applications/{application.pk}/").content.decode()
    assert f'href="/interviews/{interview.pk}/"' in page


@pytest.mark.parametrize(
    ("status", "kind", "interview_status", "after"),
    [
        ("applied", "hiring_manager", "scheduled", "interviewing"),
        ("wishlist", "technical", "scheduled", "interviewing"),
        ("screening", "final", "done", "interviewing"),
        ("applied", "recruiter_screen", "scheduled", "screening"),
        # Never backwards, never out of an offer or a closed status, not for a cancellation.
        ("interviewing", "recruiter_screen", "scheduled", "interviewing"),
        ("offer", "final", "scheduled", "offer"),
        ("rejected", "hiring_manager", "scheduled", "rejected"),
        ("walked_out", "panel", "scheduled", "walked_out"),
        # Ghosted, then they called: open again.
        ("no_response", "recruiter_screen", "scheduled", "screening"),
        ("no_response", "onsite", "scheduled", "interviewing"),
        ("applied", "hiring_manager", "cancelled", "applied"),
    ],
)
def test_scheduling_an_interview_moves_the_application_forward(
    alice_client, application, status, kind, interview_status, after
):
    application.move_to(status)
    data = {**VALID, "kind": kind, "status": interview_status}
    response = alice_client.post(
        f"/applications/{application.pk}/interviews/new/", data, follow=True
    )
    application.refresh_from_db()
    assert application.status == after
    page = response.content.decode()
    moved = application.status_changes.moves().order_by("-changed_at", "-id").first()
    if after == status:
        assert "Interview scheduled." in page and "is now at" not in page
        assert moved.to_status == status
    else:
        label = application.get_status_display()
        assert f"Interview scheduled. Northwind is now at “{label}”." in page
        assert (moved.from_status, moved.to_status) == (status, after)
        reopened = ": they answered" if status == "no_response" else ""
        assert moved.note == f"{Interview.Kind(kind).label} interview scheduled{reopened}"
    closed_note = "so this interview is not on Today"
    assert (closed_note in page) == (after in ("rejected", "walked_out"))

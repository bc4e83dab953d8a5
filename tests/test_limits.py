"""Dates and times are held to 1900–2100 (in UTC) by every writer, so no stored date can
overflow a page, an export or the calendar later (interviews/limits.py)."""

import inspect
import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts import forms as account_forms
from interviews import forms as interview_forms
from interviews import limits
from interviews.models import Application, Decision, Interview, StatusChange
from tests.test_import_csv import confirm

pytestmark = pytest.mark.django_db

RANGE_MESSAGE = "from 1 January 1900 to 31 December 2100"

INTERVIEW = {
    "kind": "hiring_manager",
    "duration_minutes": "60",
    "format": "video",
    "location": "",
    "interviewers": "",
    "status": "scheduled",
    "outcome": "",
    "notes": "",
}

# The three: a start that overflows once its hour is added, and two that overflow
# on the way to UTC, in either direction.
EDGE_STARTS = [
    ("UTC", "9999-12-31T23:59"),
    ("Asia/Tokyo", "0001-01-01T00:00"),
    ("Pacific/Honolulu", "9999-12-31T20:00"),
]


# The checks themselves.


@pytest.mark.parametrize(
    "value", [date(1900, 1, 1), date(2026, 3, 25), date(2100, 12, 31)], ids=str
)
def test_dates_within_the_limits_pass(value):
    limits.check_date(value)


@pytest.mark.parametrize("value", [date(1, 1, 1), date(1899, 12, 31), date(2101, 1, 1)], ids=str)
def test_dates_outside_the_limits_say_what_is_allowed(value):
    with pytest.raises(ValidationError, match=RANGE_MESSAGE):
        limits.check_date(value)


@pytest.mark.parametrize(
    "value",
    [
        datetime(1900, 1, 1, tzinfo=UTC),
        datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(1900, 1, 1, 0, 30, tzinfo=timezone(timedelta(minutes=-30))),
    ],
    ids=str,
)
def test_moments_within_the_limits_in_utc_pass(value):
    limits.check_datetime(value)


@pytest.mark.parametrize(
    "value",
    [
        datetime(1, 1, 1, tzinfo=ZoneInfo("Asia/Tokyo")),  # before year 1 in UTC
        datetime(9999, 12, 31, 20, tzinfo=ZoneInfo("Pacific/Honolulu")),  # year 10000 in UTC
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(1900, 1, 1, 8, tzinfo=ZoneInfo("Asia/Tokyo")),  # 1899 in UTC
        datetime(2100, 12, 31, 20, tzinfo=ZoneInfo("Pacific/Honolulu")),  # 2101 in UTC
    ],
    ids=str,
)
def test_moments_outside_the_limits_in_utc_say_what_is_allowed(value):
    with pytest.raises(ValidationError, match=RANGE_MESSAGE):
        limits.check_datetime(value)


def test_a_naive_moment_is_a_programming_error():
    with pytest.raises(ValueError, match="aware"):
        limits.check_datetime(datetime(2026, 1, 1))


def form_classes():
    for module in (interview_forms, account_forms):
        for _, form_class in inspect.getmembers(module, inspect.isclass):
            if issubclass(form_class, django_forms.BaseForm) and (
                form_class.__module__ == module.__name__
            ):
                yield form_class


def test_every_forms_date_is_bounded():
    """A new form, or a date added to one, is held to the limits without anyone
    remembering: every date field of every form is one of the bounded ones."""
    checked = 0
    for form_class in form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, django_forms.DateTimeField):
                assert isinstance(field, interview_forms.DateTimeField), (form_class, name)
                checked += 1
            elif isinstance(field, django_forms.DateField):
                assert isinstance(field, interview_forms.DateField), (form_class, name)
                checked += 1
    assert checked >= 6  # applied_on, next_action_on, starts_at, decided_at, start, end


# The forms.


@pytest.mark.parametrize(("zone", "starts_at"), EDGE_STARTS)
def test_an_interview_outside_the_limits_is_refused_and_kept_as_typed(
    alice, alice_client, application, zone, starts_at
):
    alice.time_zone = zone
    alice.save()
    response = alice_client.post(
        f"/applications/{application.pk}/interviews/new/", {**INTERVIEW, "starts_at": starts_at}
    )
    assert response.status_code == 200
    assert RANGE_MESSAGE in " ".join(response.context["form"].errors["starts_at"])
    assert f'value="{starts_at}"' in response.content.decode()
    assert not Interview.objects.exists()


@pytest.mark.parametrize(("zone", "starts_at"), EDGE_STARTS)
def test_an_interview_cannot_be_moved_outside_the_limits(
    alice, alice_client, interview, zone, starts_at
):
    alice.time_zone = zone
    alice.save()
    before = interview.starts_at
    response = alice_client.post(
        f"/interviews/{interview.pk}/edit/", {**INTERVIEW, "starts_at": starts_at}
    )
    assert response.status_code == 200
    assert RANGE_MESSAGE in " ".join(response.context["form"].errors["starts_at"])
    interview.refresh_from_db()
    assert interview.starts_at == before
    for page in ("", "edit/", "delete/", "decision/"):
        assert alice_client.get(f"/interviews/{interview.pk}/{page}").status_code == 200


def test_the_last_moment_allowed_is_stored_and_every_page_opens(alice, alice_client, application):
    alice.time_zone = "UTC"
    alice.save()
    response = alice_client.post(
        f"/applications/{application.pk}/interviews/new/",
        {**INTERVIEW, "starts_at": "2100-12-31T23:59", "duration_minutes": "1440"},
    )
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert interview.ends_at == datetime(2101, 1, 1, 23, 59, tzinfo=UTC)
    token = alice.new_calendar_token()
    for path in (
        f"/interviews/{interview.pk}/",
        f"/interviews/{interview.pk}/decision/",
        "/export/applications.csv",
        "/export/activity.csv",
        "/export/walkout.json",
        f"/calendar/{token}.ics",
    ):
        assert alice_client.get(path).status_code == 200, path


@pytest.mark.parametrize("field", ["applied_on", "next_action_on"])
@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_application_dates_outside_the_limits_are_refused(alice_client, field, value):
    data = {"company": "Northwind", "role": "Analyst", "status": "applied", "currency": "USD"}
    response = alice_client.post("/applications/new/", {**data, field: value})
    assert response.status_code == 200
    assert RANGE_MESSAGE in " ".join(response.context["form"].errors[field])
    assert f'value="{value}"' in response.content.decode()
    assert not Application.objects.exists()


def test_date_pickers_offer_only_the_limits(alice_client):
    page = alice_client.get("/applications/new/").content.decode()
    # (applied_on comes prefilled with today: its value sits between the name and the limits)
    assert re.search(
        r'name="applied_on" (value="[0-9-]+" )?min="1900-01-01" max="2100-12-31"', page
    )
    assert 'name="next_action_on" min="1900-01-01" max="2100-12-31"' in page


def test_a_decision_outside_the_limits_is_refused(alice, alice_client, interview):
    alice.time_zone = "Asia/Tokyo"
    alice.save()
    response = alice_client.post(
        f"/interviews/{interview.pk}/decision/",
        {"choice": "stayed", "decided_at": "0001-01-01T00:00"},
    )
    assert response.status_code == 200
    assert RANGE_MESSAGE in " ".join(response.context["form"].errors["decided_at"])
    assert not Decision.objects.exists()


# The export range (finding 9).


@pytest.mark.parametrize("export", ["applications", "activity"])
@pytest.mark.parametrize("query", ["end=9999-12-31", "start=0001-01-01", "start=2101-01-01"])
def test_an_export_range_outside_the_limits_is_explained(alice_client, application, export, query):
    response = alice_client.get(f"/export/{export}.csv?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert RANGE_MESSAGE in page
    assert f'value="{query.split("=")[1]}"' in page


def test_an_export_range_at_the_limits_downloads(alice_client, application):
    for export in ("applications", "activity"):
        response = alice_client.get(f"/export/{export}.csv?start=1900-01-01&end=2100-12-31")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"


# The restore and the CSV import.


def exported(client):
    return json.loads(client.get("/export/walkout.json").content)


@pytest.mark.parametrize(
    ("place", "value"),
    [
        (("applications", 0, "applied_on"), "0001-01-01"),
        (("applications", 0, "next_action_on"), "9999-12-31"),
        (("applications", 0, "created_at"), "0001-01-01T00:00:00+23:59"),
        (("applications", 0, "timeline", 0, "changed_at"), "9999-12-31T20:00:00-10:00"),
        (("applications", 0, "interviews", 0, "starts_at"), "9999-12-31T23:59:00Z"),
        (("applications", 0, "interviews", 0, "answers", 0, "answered_at"), "0001-01-01T00:00Z"),
        (("applications", 0, "interviews", 0, "decision", "decided_at"), "2101-01-01T00:00Z"),
    ],
    ids=lambda value: value if isinstance(value, str) else ".".join(map(str, value)),
)
def test_a_restore_with_dates_outside_the_limits_stores_nothing(
    alice, alice_client, make_user, fill_account, place, value
):
    fill_account(alice)
    document = exported(alice_client)
    target = document
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    carol = make_user("carol")
    client = Client()
    client.force_login(carol)
    data = json.dumps(document).encode()
    response = client.post(
        "/import/restore/",
        {"file": SimpleUploadedFile("walkout.json", data, "application/json")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{place[-1]}: Use a date" in page and RANGE_MESSAGE in page
    assert not Application.objects.filter(owner=carol).exists()


@pytest.mark.parametrize("applied", ["0001-01-01", "1899-12-31", "31/12/9999", "1 Jan 2101"])
def test_an_imported_date_outside_the_limits_is_a_rows_problem(alice_client, applied):
    csv = f"Company,Role,Status,Applied date\nNorthwind,Analyst,Applied,{applied}\n"
    alice_client.post("/import/", {"file": SimpleUploadedFile("a.csv", csv.encode(), "text/csv")})
    page = alice_client.get("/import/preview/").content.decode()
    assert f"Applied date “{applied}”: Use a date {RANGE_MESSAGE}." in page
    response = confirm(alice_client)
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert not StatusChange.objects.exists()


# A row stored before the limits existed.


def test_a_start_stored_before_the_limits_still_opens_its_pages(alice, alice_client, application):
    alice.time_zone = "UTC"
    alice.save()
    interview = Interview.objects.create(
        application=application, starts_at=datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    )
    assert interview.ends_at == datetime.max.replace(tzinfo=UTC)
    for page in ("", "edit/", "delete/", "decision/"):
        assert alice_client.get(f"/interviews/{interview.pk}/{page}").status_code == 200
    response = alice_client.post(
        f"/interviews/{interview.pk}/edit/", {**INTERVIEW, "starts_at": "2026-05-04T10:00"}
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == datetime(2026, 5, 4, 10, tzinfo=UTC)


def test_a_length_written_around_the_form_ends_within_a_day(application):
    interview = Interview(application=application, starts_at=datetime(2026, 5, 4, tzinfo=UTC))
    interview.duration_minutes = 30_000
    assert interview.ends_at == datetime(2026, 5, 5, tzinfo=UTC)

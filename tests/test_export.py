"""CSV exports: applications with their timeline and interviews, and the activity log."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from interviews import csv_export
from interviews.models import Application, Contact, StatusChange

pytestmark = pytest.mark.django_db


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads the accents as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def dated(alice, make_application, make_interview):
    """Applications from January, February and March in Alice's zone (Paris); the January
    one has an interview in March."""

    def made(company, applied_on, at):
        app = make_application(alice, company=company, applied_on=applied_on)
        StatusChange.objects.filter(application=app).update(changed_at=at)
        Application.objects.filter(pk=app.pk).update(created_at=at)
        return app

    feb = made("February Co", date(2026, 2, 10), datetime(2026, 2, 10, 9, tzinfo=UTC))
    mar = made("March Co", date(2026, 3, 5), datetime(2026, 3, 5, 9, tzinfo=UTC))
    jan = made("January Co", date(2026, 1, 5), datetime(2026, 1, 5, 9, tzinfo=UTC))
    # 21:30 UTC on 31 March is 23:30 in Paris: still March for Alice.
    made("Late Co", None, datetime(2026, 3, 31, 21, 30, tzinfo=UTC))
    make_interview(
        jan,
        kind="technical",
        starts_at=datetime(2026, 3, 12, 8, 0, tzinfo=UTC),
        interviewers="Dana Reyes, Head of Data",
        status="done",
        outcome="Next round",
    )
    return feb, mar, jan


def test_applications_csv_has_the_timeline_and_interviews(alice_client, alice, dated):
    feb, mar, jan = dated
    jan.move_to("screening", note="Recruiter called")
    rows = rows_of(alice_client.get("/export/applications.csv"))
    assert [row["Company"] for row in rows][:3] == ["January Co", "February Co", "March Co"]
    january = rows[0]
    assert january["Status"] == "Screening"
    assert january["Applied on"] == "2026-01-05"
    timeline = january["Timeline (Europe/Paris)"].splitlines()
    assert timeline[0] == "2026-01-05 10:00 Applied"
    assert timeline[1].endswith("Applied → Screening: Recruiter called")
    assert january["Interviews (Europe/Paris)"] == (
        "2026-03-12 09:00 Technical — video, 60 min — done — with Dana Reyes (Head of Data)"
        " — Next round"
    )


def test_date_range_keeps_applications_with_activity_in_it(alice_client, dated):
    response = alice_client.get("/export/applications.csv?start=2026-03-01&end=2026-03-31")
    assert response["Content-Disposition"] == (
        'attachment; filename="walkout-applications-2026-03-01-to-2026-03-31.csv"'
    )
    companies = {row["Company"] for row in rows_of(response)}
    # March Co applied in March; January Co interviewed in March; Late Co was added at
    # 23:30 on 31 March in Paris (21:30 UTC). February Co did nothing in March.
    assert companies == {"March Co", "January Co", "Late Co"}
    only_feb = alice_client.get("/export/applications.csv?start=2026-02-01&end=2026-02-28")
    assert {row["Company"] for row in rows_of(only_feb)} == {"February Co"}
    open_start = alice_client.get("/export/applications.csv?end=2026-01-31")
    assert {row["Company"] for row in rows_of(open_start)} == {"January Co"}


def test_activity_log_lists_dated_events_in_the_range(alice_client, dated):
    rows = rows_of(alice_client.get("/export/activity.csv?start=2026-03-01&end=2026-03-31"))
    assert [
        (r["Date"], r["Time (Europe/Paris)"], r["Company"], r["What happened"]) for r in rows
    ] == [
        ("2026-03-05", "10:00", "March Co", "Added"),
        ("2026-03-12", "09:00", "January Co", "Technical interview"),
        ("2026-03-31", "23:30", "Late Co", "Added"),
    ]
    assert (
        rows[1]["Details"] == "video, 60 min — done — with Dana Reyes (Head of Data) — Next round"
    )


def test_interviews_name_their_contacts_first_lead_first(
    alice_client, alice, make_application, make_interview
):
    interview = make_interview(
        make_application(alice, company="Quarry"), interviewers="Sam Typed, CTO"
    )
    for name in ("Zoe Last", "Ada First"):
        Contact.objects.create(owner=alice, name=name).interviews.add(interview)
    make_interview(make_application(alice, company="Tide"))
    Contact.objects.create(owner=alice, name="On no interview")
    people = "with Zoe Last, Ada First, Sam Typed (CTO)"  # as given, not by name
    rows = {row["Company"]: row for row in rows_of(alice_client.get("/export/applications.csv"))}
    assert people in rows["Quarry"]["Interviews (Europe/Paris)"]
    assert " with " not in rows["Tide"]["Interviews (Europe/Paris)"]
    [activity] = [
        row
        for row in rows_of(alice_client.get("/export/activity.csv"))
        if row["Company"] == "Quarry" and row["What happened"].endswith("interview")
    ]
    assert people in activity["Details"]


def test_bad_dates_show_the_page_with_the_problem(alice_client):
    response = alice_client.get("/export/applications.csv?start=2026-03-31&end=2026-03-01")
    assert response.status_code == 400
    assert "“To” must be on or after “From”." in response.content.decode()
    response = alice_client.get("/export/activity.csv?start=someday")
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_never_start_a_formula(alice_client, alice, make_application, start):
    make_application(
        alice,
        company=f'{start}HYPERLINK("http://evil.example")',
        role=f"{start}1+1",
        notes=f"{start}cmd",
    )
    text = alice_client.get("/export/applications.csv").content.decode("utf-8-sig")
    row = next(csv.reader(io.StringIO(text[text.index("\r\n") + 2 :])))
    assert row[0] == f'\'{start}HYPERLINK("http://evil.example")'
    assert row[1] == f"'{start}1+1"
    assert row[13] == f"'{start}cmd"


def test_safe_cell():
    assert csv_export.safe_cell("=1+1") == "'=1+1"
    assert csv_export.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_export.safe_cell("-5") == "'-5"
    assert csv_export.safe_cell("Acme = good") == "Acme = good"
    assert csv_export.safe_cell(50000) == "50000"
    assert csv_export.safe_cell(None) == ""


def test_another_users_rows_never_appear(alice_client, bob, make_application, make_interview):
    make_interview(make_application(bob, company="Bob's secret"))
    assert rows_of(alice_client.get("/export/applications.csv")) == []
    assert rows_of(alice_client.get("/export/activity.csv")) == []


def test_exports_query_counts_are_fixed(
    alice, alice_client, make_application, make_interview, django_assert_max_num_queries
):
    for n in range(150):
        app = make_application(alice, company=f"Company {n}")
        app.move_to("screening")
        interview = make_interview(app, interviewers="Dana Reyes, Head")
        Contact.objects.create(owner=alice, name=f"Person {n}").interviews.add(interview)
        app.set_tags([f"tag {n}", "shared"])
    # The session and the user, then the applications, their timelines, tags, interviews
    # and those interviews' contacts.
    with django_assert_max_num_queries(7):
        rows = rows_of(alice_client.get("/export/applications.csv"))
    assert len(rows) == 150
    assert rows[-1]["Tags"] == "shared, tag 149"
    with django_assert_max_num_queries(5):
        rows = rows_of(alice_client.get("/export/activity.csv"))
    assert len(rows) == 450


def test_export_page_offers_everything(alice_client):
    page = alice_client.get("/export/").content.decode()
    for link in (
        'action="/export/applications.csv"',
        'formaction="/export/activity.csv"',
        'href="/export/walkout.json"',
        'href="/accounts/delete/"',
    ):
        assert link in page
    assert "Make my calendar address" in page

"""CSV import: upload → preview → confirm; every malformed file is explained and stores nothing."""

import codecs
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from interviews import csv_import
from interviews.models import (
    Application,
    Contact,
    ImportBatch,
    Interview,
    PendingImport,
    StatusChange,
    Tag,
)
from tests.concurrency import at_once
from tests.postgres import requires_postgres

pytestmark = pytest.mark.django_db

GOOD = (
    "Company,Role,Status,Applied date,Link,Salary,Location,Notes\n"
    "Northwind,Data Engineer,Applied,2026-03-02,https://jobs.example.com/42,50k-60k EUR,Lyon,"
    '"Referred by Sam, who knows the team"\n'
    "Quarry,Analyst,interviewing,2026-03-05,,,Remote,\n"
    "Copperline,Lead,no response,2026-02-11,copperline.example/careers/7,$90000,,\n"
)


def upload(client, data, name="applications.csv"):
    if isinstance(data, str):
        data = data.encode()
    return client.post("/import/", {"file": SimpleUploadedFile(name, data, "text/csv")})


def pending_id(client):
    """The id of the client's user's pending upload, which the preview's form sends."""
    return PendingImport.objects.get(owner_id=client.session[SESSION_KEY]).pk


def pending(user):
    return PendingImport.objects.filter(owner=user).exists()


class FormFields(HTMLParser):
    """The fields the preview's form (#import-form) sends as it is shown, as a browser
    would: hidden inputs, checked radios, each select's selected option."""

    def __init__(self):
        super().__init__()
        self.fields, self.inside, self.select = {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "import-form"
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name"):
            if attrs.get("type") != "radio" or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self.select = attrs["name"]
        elif (
            tag == "option"
            and self.select
            and (self.select not in self.fields or "selected" in attrs)
        ):
            self.fields[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


class ColumnLabels(HTMLParser):
    """{select id: its label's text} in a page."""

    def __init__(self):
        super().__init__()
        self.labels, self.current = {}, None

    def handle_starttag(self, tag, attrs):
        if tag == "label" and dict(attrs).get("for"):
            self.current = dict(attrs)["for"]
            self.labels[self.current] = ""

    def handle_data(self, data):
        if self.current:
            self.labels[self.current] += data

    def handle_endtag(self, tag):
        if tag == "label":
            self.current = None


def chosen(response):
    """{column header, as its label shows it: the field chosen for it} on a preview."""
    labels = ColumnLabels()
    labels.feed(response.content.decode())
    fields = form_fields(response)
    return {
        labels.labels[f"column-{name.removeprefix('column_')}"].strip(): value
        for name, value in fields.items()
        if name.startswith("column_")
    }


def form_fields(response):
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.fields


def confirm(client, mode="valid", dates="", import_id=None, **changes):
    """Confirm the preview as shown (its mapping and date order), choosing `mode`."""
    fields = form_fields(client.get("/import/preview/" + (f"?dates={dates}" if dates else "")))
    fields.update(mode=mode, **changes)
    if import_id is not None:
        fields["import"] = import_id
    fields.setdefault("import", "")
    fields.setdefault("previewed", "")
    return client.post("/import/confirm/", fields, follow=True)


def page_text(response):
    return response.content.decode()


def test_good_file_imports_exactly_its_rows(alice_client, alice, bob, make_application):
    make_application(bob, company="Bob's own")
    response = upload(alice_client, GOOD)
    assert response.status_code == 302
    assert response.url == "/import/preview/"
    assert not Application.objects.filter(owner=alice).exists()  # nothing before confirming

    preview = alice_client.get("/import/preview/")
    text = page_text(preview)
    assert "3 rows — " in text and "3 ready" in text
    assert "Nothing is stored until you confirm." in text

    response = confirm(alice_client)
    assert "Imported 3 applications from applications.csv." in page_text(response)
    rows = {a.company: a for a in Application.objects.filter(owner=alice).order_by("company")}
    assert set(rows) == {"Northwind", "Quarry", "Copperline"}
    northwind = rows["Northwind"]
    assert (northwind.role, northwind.status, northwind.applied_on) == (
        "Data Engineer",
        "applied",
        date(2026, 3, 2),
    )
    assert (northwind.salary_min, northwind.salary_max, northwind.currency) == (50000, 60000, "EUR")
    assert northwind.location == "Lyon"
    assert northwind.notes == "Referred by Sam, who knows the team"
    assert northwind.posting_url == "https://jobs.example.com/42"
    assert rows["Quarry"].status == "interviewing"
    assert rows["Copperline"].status == "no_response"
    assert rows["Copperline"].posting_url == "https://copperline.example/careers/7"
    assert (rows["Copperline"].salary_min, rows["Copperline"].currency) == (90000, "USD")
    assert Application.objects.filter(owner=bob).count() == 1
    assert not pending(alice)  # the pending text is gone


def test_imported_applications_have_their_timeline(alice_client, alice):
    upload(alice_client, GOOD)
    confirm(alice_client)
    northwind = Application.objects.get(owner=alice, company="Northwind")
    (entry,) = northwind.status_changes.all()
    assert (entry.from_status, entry.to_status) == ("", "applied")
    assert entry.note == "Imported from applications.csv, line 2"
    # It started waiting on the day it was applied to (noon in Alice's zone), which is
    # what the ghosting suggestion counts from.
    expected = datetime.combine(date(2026, 3, 2), time(12), tzinfo=alice.zone)
    assert entry.changed_at == northwind.status_changed_at == expected
    # Interviewing since an unknown day: applied on its date, then an hour later.
    quarry = Application.objects.get(owner=alice, company="Quarry")
    applied = datetime.combine(date(2026, 3, 5), time(12), tzinfo=alice.zone)
    assert [(c.from_status, c.to_status, c.changed_at) for c in quarry.status_changes.all()] == [
        ("", "applied", applied),
        ("applied", "interviewing", applied + timedelta(hours=1)),
    ]
    assert quarry.status_changed_at == applied + timedelta(hours=1)
    assert StatusChange.objects.filter(application__owner=alice).count() == 5
    page = alice_client.get(f"/applications/{northwind.pk}/")
    assert "Imported from applications.csv, line 2" in page_text(page)


def test_header_synonyms_and_unknown_columns(alice_client, alice):
    data = (
        "COMPANY NAME,job title,Date Applied,URL,Favourite colour,status\n"
        "Northwind,Data Engineer,2026-03-02,https://jobs.example.com/42,green,Applied\n"
    )
    upload(alice_client, data)
    preview = alice_client.get("/import/preview/")
    text = page_text(preview)
    assert chosen(preview) == {
        "COMPANY NAME": "company",
        "job title": "role",
        "Date Applied": "applied_on",
        "URL": "posting_url",
        "Favourite colour": "",
        "status": "status",
    }
    assert "Ignored: “Favourite colour”." in text
    confirm(alice_client)
    app = Application.objects.get(owner=alice)
    assert (app.company, app.role, app.posting_url) == (
        "Northwind",
        "Data Engineer",
        "https://jobs.example.com/42",
    )


def test_position_is_a_role(alice_client, alice):
    upload(alice_client, "Employer;Position\nNorthwind;Baker\n")
    confirm(alice_client)
    assert Application.objects.get(owner=alice).role == "Baker"


def test_semicolons_and_latin1(alice_client, alice):
    data = "Société;Poste;Statut\n".replace("Société", "Company").replace("Poste", "Role")
    data = data.replace("Statut", "Status") + "Café Fénelon;Pâtissier;Applied\n"
    upload(alice_client, data.encode("latin-1"))
    text = page_text(alice_client.get("/import/preview/"))
    assert "Read as Latin-1 (Windows-1252), separated by semicolons." in text
    confirm(alice_client)
    app = Application.objects.get(owner=alice)
    assert (app.company, app.role) == ("Café Fénelon", "Pâtissier")


def test_utf8_with_bom(alice_client, alice):
    data = codecs.BOM_UTF8 + "Company,Role\nÉcole 42,Développeuse\n".encode()
    upload(alice_client, data)
    preview = alice_client.get("/import/preview/")
    assert "Read as UTF-8 (with BOM), separated by commas." in page_text(preview)
    assert chosen(preview) == {"Company": "company", "Role": "role"}  # no BOM in the name
    confirm(alice_client)
    assert Application.objects.get(owner=alice).company == "École 42"


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("Applied", "applied"),
        ("no response", "no_response"),
        ("No response (ghosted)", "no_response"),
        ("ghosted", "no_response"),
        ("NO_RESPONSE", "no_response"),
        ("Walked Out", "walked_out"),
        ("  screening ", "screening"),
        ("", "applied"),
    ],
)
def test_statuses_by_label_or_value(alice_client, alice, label, value):
    upload(alice_client, f"Company,Role,Status\nNorthwind,Baker,{label}\n")
    confirm(alice_client)
    assert Application.objects.get(owner=alice).status == value


def assert_refused(response, message):
    assert response.status_code == 200
    text = page_text(response)
    assert message in text, text
    assert "Nothing was imported." in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\r\n", "The file is empty."),
        (b"Company,Role,Status\n", "The file has a header line but no applications under it"),
        (b"Company,Role\n,\n , \n", "The file has a header line but no applications under it"),
        ("Company,Role\nAcme,Baker\n".encode("utf-16"), "This is not a CSV text file"),
        (b"PK\x03\x04\x14\x00\x06\x00binary spreadsheet", "This is not a CSV text file"),
        (
            codecs.BOM_UTF8 + b"Company,Role\n\xe9cole,Chef\n",
            "The file says it is UTF-8 but is not",
        ),
    ],
)
def test_unreadable_files_are_explained_and_nothing_is_stored(alice_client, alice, data, message):
    response = upload(alice_client, data)
    assert_refused(response, message)
    assert not pending(alice)
    assert not Application.objects.exists()


def test_a_file_over_the_size_limit_is_refused(alice_client):
    line = b"Northwind,Data Engineer,Applied,2026-03-02,https://jobs.example.com/42\n"
    data = b"Company,Role,Status,Applied,Link\n" + line * (10 * 1024 * 1024 // len(line))
    assert len(data) > 10_000_000
    response = upload(alice_client, data)
    assert_refused(response, "The file is larger than 2 MB")
    assert "This field is required" not in page_text(response)
    assert not Application.objects.exists()


def test_too_many_rows_are_refused(alice_client):
    data = "Company,Role\n" + "Acme,Baker\n" * (csv_import.MAX_ROWS + 1)
    assert len(data) < csv_import.MAX_BYTES
    assert_refused(upload(alice_client, data), "The file has more than 5,000 applications.")
    assert not Application.objects.exists()


def test_the_most_rows_import(alice_client, alice):
    data = "Company,Role\n" + "".join(f"Acme {n},Baker\n" for n in range(csv_import.MAX_ROWS))
    upload(alice_client, data)
    confirm(alice_client)
    assert Application.objects.filter(owner=alice).count() == csv_import.MAX_ROWS
    assert StatusChange.objects.filter(application__owner=alice).count() == csv_import.MAX_ROWS


def test_a_million_columns_cost_no_more_than_a_hundred(alice_client, alice):
    """The first 100 columns are read and the rest summarised, on the upload and again on
    each visit to the preview; each line's extra cells are dropped as it is read."""
    wide = "," * (1_000_000 - 3)
    data = f"Company,Role,Notes{wide}\nNorthwind,Baker,Kept{wide},ignored\n"
    assert len(data) < csv_import.MAX_BYTES
    assert upload(alice_client, data).status_code == 302
    for _ in range(2):
        preview = alice_client.get("/import/preview/")
        text = page_text(preview)
        assert text.count('<select class="form-select" id="column-') == 3  # the others: empty
        assert "97 columns have no name; those with nothing in them are left out here." in text
        assert (
            "This file has 1,000,000 columns. Walkout reads the first 100 and ignores the "
            "other 999,900: move any column you want imported into the first 100."
        ) in text
        assert len(preview.content) < 100_000
    confirm(alice_client)
    application = Application.objects.get(owner=alice)
    assert (application.company, application.role, application.notes) == (
        "Northwind",
        "Baker",
        "Kept",
    )


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ("Role,Status\nBaker,Applied\n", "Company"),
        ("Company name,Status\nAcme,Applied\n", "Role"),
        ("Role," + ",".join(f"Extra {n}" for n in range(200)) + ",Company\nBaker\n", "Company"),
    ],
)
def test_a_file_without_a_company_or_role_column_waits_for_a_choice(
    alice_client, alice, data, missing
):
    assert upload(alice_client, data).status_code == 302
    text = page_text(alice_client.get("/import/preview/"))
    assert f"No column is chosen for {missing}: choose the column that holds it." in text
    assert 'id="import-button"' not in text
    response = confirm(alice_client)
    assert f"No column is chosen for {missing}" in page_text(response)
    assert "Nothing was imported." in page_text(response)
    assert not Application.objects.exists()


def test_a_long_column_name_is_shown_cut_short(alice_client):
    upload(alice_client, f"Company,Role,{'x' * 100_000}\nNorthwind,Baker,1\n")
    text = page_text(alice_client.get("/import/preview/"))
    assert f"Ignored: “{'x' * 59}…”." in text
    assert "x" * 61 not in text


@pytest.mark.parametrize(
    "cell", ["9" * 5000, "9" * 5000 + "k", "100001k", "100,000,001", "1" + "0" * 4400]
)
def test_an_amount_past_the_salary_range_is_a_problem_on_its_line(alice_client, alice, cell):
    upload(alice_client, f'Company,Role,Salary\nNorthwind,Baker,100000k\nQuarry,Chef,"{cell}"\n')
    text = page_text(alice_client.get("/import/preview/"))
    assert (
        f"<strong>Line 3</strong> (Quarry): Salary “{cell[:40]}” is more than 100,000,000: a "
        "salary is a whole amount from 0 to 100,000,000."
    ) in text
    confirm(alice_client)
    (application,) = Application.objects.filter(owner=alice)
    assert (application.company, application.salary_max) == ("Northwind", 100_000_000)


def test_a_nul_character_past_the_first_4_kb_is_a_problem_on_its_line(alice_client, alice):
    """The first 4 KB are checked for a binary file; a NUL further on is one row's problem."""
    filler = "".join(f"Company {n},Role,\n" for n in range(400))
    data = (
        "Company,Role,Notes,Link\n"
        + filler
        + "Northwind,Baker,bad\x00note,\n"
        + "Quarry,Chef,,https://jobs.example.com/4\x002\n"
    )
    assert data.index("\x00") > 4096
    upload(alice_client, data)
    text = page_text(alice_client.get("/import/preview/"))
    for line, company, field in ((402, "Northwind", "Notes"), (403, "Quarry", "Link")):
        assert (
            f"<strong>Line {line}</strong> ({company}): {field} holds a NUL character (an "
            "invisible code 0), which Walkout cannot store: remove it from the file."
        ) in text
    assert "Imported 400 applications" in page_text(confirm(alice_client))
    assert Application.objects.filter(owner=alice).count() == 400


def test_a_control_character_is_a_problem_on_its_line_as_a_form_refuses_it(alice_client, alice):
    """An escape sequence or a bell in a cell is refused as the forms refuse it (the
    middleware), not stored to surface in a page or a spreadsheet later."""
    upload(alice_client, "Company,Role\nAc\x1b[2Jme\x07,Dev\nNorthwind,Baker\tand chef\n")
    text = page_text(alice_client.get("/import/preview/"))
    assert (
        "<strong>Line 2</strong> (Ac\x1b[2Jme\x07): Company holds a control character (an "
        "invisible code 27), which Walkout cannot store: remove it from the file."
    ) in text
    assert "Imported 1 application" in page_text(confirm(alice_client))
    # A tab is text, as in a form.
    assert list(Application.objects.filter(owner=alice).values_list("company", "role")) == [
        ("Northwind", "Baker\tand chef")
    ]


BAD_ROWS = (
    "Company,Role,Status,Applied date,Salary,Link\n"
    "Northwind,Data Engineer,Applied,2026-03-02,,\n"  # line 2: good
    ",Analyst,Applied,2026-03-03,,\n"  # line 3: no company
    "Quarry,Lead,maybe,2026-03-04,,\n"  # line 4: a status with no guess
    "Copperline,Chef,Applied,2026-02-31,,\n"  # line 5: no such date
    "Dunmore,Baker,Applied,yesterday,,\n"  # line 6: not a date
    "Elmstead,Cook,Applied,,lots,\n"  # line 7: not a salary
    "Fairhaven,Porter,Applied,,90k-50k,\n"  # line 8: range upside down
    "Glenrock,Clerk,Applied,,,not a link\n"  # line 9: bad link
)


def test_each_rows_problems_are_listed_with_their_line(alice_client):
    upload(alice_client, BAD_ROWS)
    text = page_text(alice_client.get("/import/preview/"))
    assert "8 rows — " in text and "1 ready" in text and "7 with problems" in text
    for expected in [
        "<strong>Line 3</strong>: Company is empty.",
        "<strong>Line 4</strong> (Quarry): “maybe” is not a status Walkout knows: choose one "
        "for it under Statuses.",
        "<strong>Line 5</strong> (Copperline): Applied date “2026-02-31” is not a date.",
        "<strong>Line 6</strong> (Dunmore): Applied date “yesterday” is not a date.",
        "<strong>Line 7</strong> (Elmstead): Salary “lots” is not an amount or a range.",
        "<strong>Line 8</strong> (Fairhaven): Salary from (90,000) is above salary to (50,000).",
        "<strong>Line 9</strong> (Glenrock): Link “not a link” is not a web address.",
    ]:
        assert expected in text, expected
    assert "<strong>Line 2</strong>" not in text


def test_all_or_nothing_with_a_problem_stores_nothing(alice_client, alice):
    upload(alice_client, BAD_ROWS)
    response = confirm(alice_client, mode="all")
    assert "7 rows have problems and you chose all or nothing: nothing was imported." in (
        page_text(response)
    )
    assert not Application.objects.exists()
    assert pending(alice)  # the preview is still there to choose again


def test_valid_rows_mode_skips_the_problems(alice_client, alice):
    upload(alice_client, BAD_ROWS)
    response = confirm(alice_client, mode="valid")
    assert "Imported 1 application from applications.csv. Skipped 7 rows with problems." in (
        page_text(response)
    )
    assert list(Application.objects.values_list("company", flat=True)) == ["Northwind"]


def test_all_or_nothing_with_a_clean_file_imports_it_all(alice_client, alice):
    upload(alice_client, GOOD)
    confirm(alice_client, mode="all")
    assert Application.objects.filter(owner=alice).count() == 3


def test_a_file_with_only_problems_cannot_be_confirmed(alice_client):
    upload(alice_client, "Company,Role,Status\nAcme,Baker,maybe\n")
    text = page_text(alice_client.get("/import/preview/"))
    assert "No row can be imported as it is." in text
    assert 'id="import-button"' not in text
    response = confirm(alice_client)
    assert "No row can be imported. Nothing was imported." in page_text(response)
    assert not Application.objects.exists()


def test_a_database_error_midway_leaves_nothing_half_done(alice_client, alice, monkeypatch):
    upload(alice_client, GOOD)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    # Applications are written, then the timeline fails: the applications must go too.
    monkeypatch.setattr(StatusChange.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        confirm(alice_client)
    assert not Application.objects.exists()
    assert pending(alice)


def test_day_first_dates_are_detected_from_the_column(alice_client, alice):
    upload(alice_client, "Company,Role,Date applied\nAcme,Baker,03/04/2026\nZeta,Chef,25/03/2026\n")
    text = page_text(alice_client.get("/import/preview/"))
    assert 'data-date-order="dmy"' in text
    assert "Dates read <strong>day first</strong>, as 25/03/2026 on line 3 shows." in text
    confirm(alice_client)
    dates = dict(Application.objects.values_list("company", "applied_on"))
    assert dates == {"Acme": date(2026, 4, 3), "Zeta": date(2026, 3, 25)}


def test_month_first_dates_are_detected_from_the_column(alice_client, alice):
    upload(alice_client, "Company,Role,Date applied\nAcme,Baker,03/04/26\nZeta,Chef,3/25/2026\n")
    assert 'data-date-order="mdy"' in page_text(alice_client.get("/import/preview/"))
    confirm(alice_client)
    dates = dict(Application.objects.values_list("company", "applied_on"))
    assert dates == {"Acme": date(2026, 3, 4), "Zeta": date(2026, 3, 25)}


def test_ambiguous_dates_wait_for_the_users_choice(alice_client, alice):
    upload(alice_client, "Company,Role,Date applied\nAcme,Baker,03/04/2026\nZeta,Chef,2026-05-01\n")
    text = page_text(alice_client.get("/import/preview/"))
    assert "Some dates read differently day first and month first" in text
    assert "Day first: 03/04/2026 is 3 April 2026" in text
    assert "Month first: 03/04/2026 is 4 March 2026" in text
    assert 'id="import-confirm"' not in text
    refused = confirm(alice_client)
    assert "Choose how to read the dates first. Nothing was imported." in page_text(refused)
    assert not Application.objects.exists()

    text = page_text(alice_client.get("/import/preview/?dates=mdy"))
    assert "Dates read <strong>month first</strong>, as you chose." in text
    assert 'name="dates" value="mdy"' in text
    confirm(alice_client, dates="mdy")
    assert Application.objects.get(company="Acme").applied_on == date(2026, 3, 4)
    assert Application.objects.get(company="Zeta").applied_on == date(2026, 5, 1)


def test_dates_that_disagree_make_the_user_choose_and_the_others_problems(alice_client):
    upload(alice_client, "Company,Role,Applied\nAcme,Baker,25/03/2026\nZeta,Chef,03/25/2026\n")
    text = page_text(alice_client.get("/import/preview/"))
    assert "25/03/2026 on line 2 and 03/25/2026 on line 3" in text
    text = page_text(alice_client.get("/import/preview/?dates=dmy"))
    assert "Applied date “03/25/2026” is not a date when read day first." in text
    confirm(alice_client, mode="valid", dates="dmy")
    assert list(Application.objects.values_list("company", "applied_on")) == [
        ("Acme", date(2026, 3, 25))
    ]


def test_formula_cells_import_as_text_and_export_back_safely(alice_client, alice):
    data = (
        "Company,Role,Notes\n"
        '"=HYPERLINK(""http://evil.example"",""Click"")",Baker,+33 1 23 45 67 89\n'
        "@SUM(A1:A9),-Chef,'=1+1\n"
    )
    upload(alice_client, data)
    confirm(alice_client)
    stored = dict(Application.objects.values_list("company", "role"))
    assert stored == {'=HYPERLINK("http://evil.example","Click")': "Baker", "@SUM(A1:A9)": "-Chef"}
    # An apostrophe already protecting a formula (our own export's) is taken off.
    assert Application.objects.get(company="@SUM(A1:A9)").notes == "=1+1"

    exported = alice_client.get("/export/applications.csv").content.decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://evil.example"",""Click"")' in exported
    assert "'@SUM(A1:A9),'-Chef" in exported
    assert "'+33 1 23 45 67 89" in exported
    assert ",=" not in exported and "\n=" not in exported and "\n@" not in exported


def test_the_applications_export_imports_back(alice_client, alice, bob, bob_client):
    upload(alice_client, GOOD)
    confirm(alice_client)
    Application.objects.filter(owner=alice, company="Quarry").update(
        work_mode="hybrid", notes="Two lines:\n=SUM(A1:A2)"
    )
    exported = alice_client.get("/export/applications.csv").content
    upload(bob_client, exported, name="walkout-applications.csv")
    text = page_text(bob_client.get("/import/preview/"))
    assert "3 ready" in text
    assert "“Timeline (Europe/Paris)”" in text.split("Ignored:")[1].split("</li>")[0]
    confirm(bob_client)
    fields = (
        "company",
        "role",
        "status",
        "applied_on",
        "posting_url",
        "salary_min",
        "salary_max",
        "currency",
        "location",
        "work_mode",
        "notes",
    )
    mine = sorted(Application.objects.filter(owner=alice).values_list(*fields))
    theirs = sorted(Application.objects.filter(owner=bob).values_list(*fields))
    assert mine == theirs


def test_an_out_of_date_preview_is_refused(alice_client):
    upload(alice_client, GOOD)
    old_id = pending_id(alice_client)
    upload(alice_client, "Company,Role\nOther,File\n")
    response = confirm(alice_client, import_id=old_id)
    assert "This preview is out of date" in page_text(response)
    assert not Application.objects.exists()


def test_confirm_without_an_upload_is_refused(alice_client):
    response = confirm(alice_client, import_id="whatever")
    assert "This preview is out of date" in page_text(response)
    assert not Application.objects.exists()


def test_preview_without_an_upload_goes_back_to_the_form(alice_client):
    response = alice_client.get("/import/preview/", follow=True)
    assert response.redirect_chain == [("/import/", 302)]
    assert "Choose a CSV file to import first." in page_text(response)


def test_cancel_drops_the_pending_file(alice_client, alice):
    upload(alice_client, GOOD)
    response = alice_client.post("/import/cancel/", follow=True)
    assert "Import cancelled. Nothing was imported." in page_text(response)
    assert not pending(alice)
    assert not Application.objects.exists()


def test_the_pending_file_waits_in_the_database(alice_client, alice):
    """Another app server confirms it: it is in a table, not in a process."""
    upload(alice_client, GOOD)
    assert PendingImport.objects.get(owner=alice).text == GOOD


def test_a_new_upload_replaces_the_pending_one(alice_client, alice):
    upload(alice_client, GOOD)
    upload(alice_client, "Company,Role\nOther,File\n")
    assert [upload.text for upload in PendingImport.objects.all()] == ["Company,Role\nOther,File\n"]


def test_one_users_pending_import_is_not_anothers(alice_client, bob_client, alice, bob):
    upload(alice_client, GOOD)
    response = confirm(bob_client, import_id=pending_id(alice_client))
    assert "This preview is out of date" in page_text(response)
    assert not Application.objects.exists()


def test_import_is_post_only_for_changes(alice_client):
    assert alice_client.get("/import/confirm/").status_code == 405
    assert alice_client.get("/import/cancel/").status_code == 405


def test_the_upload_form_checks_csrf(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(
        "/import/", {"file": SimpleUploadedFile("a.csv", GOOD.encode(), "text/csv")}
    )
    assert response.status_code == 403
    assert not pending(alice)


# The parsing functions, without a request.


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-03-25", None, date(2026, 3, 25)),
        ("2026/3/5", None, date(2026, 3, 5)),
        ("25/03/2026", None, date(2026, 3, 25)),
        ("03/25/2026", None, date(2026, 3, 25)),
        ("03/04/2026", None, None),
        ("03/04/2026", "dmy", date(2026, 4, 3)),
        ("03/04/2026", "mdy", date(2026, 3, 4)),
        ("04/04/2026", None, date(2026, 4, 4)),
        ("3.4.26", "dmy", date(2026, 4, 3)),
        ("25 Mar 2026", None, date(2026, 3, 25)),
        ("March 25th, 2026", None, date(2026, 3, 25)),
        ("2026-03-25 14:30", None, date(2026, 3, 25)),
        ("2026-02-30", None, None),
        ("25/13/2026", "dmy", None),
        ("soon", None, None),
    ],
)
def test_parse_date(text, order, expected):
    assert csv_import.parse_date(text, order) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50000", (50000, 50000, "")),
        ("50,000", (50000, 50000, "")),
        ("50.000", (50000, 50000, "")),
        ("50 000", (50000, 50000, "")),
        ("90000.00", (90000, 90000, "")),
        ("52.5k", (52500, 52500, "")),
        ("€50,000", (50000, 50000, "EUR")),
        ("50k-60k EUR", (50000, 60000, "EUR")),
        ("50 000 – 60 000 EUR", (50000, 60000, "EUR")),
        ("$90,000 - $110,000", (90000, 110000, "USD")),
        ("£40k to £45k", (40000, 45000, "GBP")),
        ("100000k", (100_000_000, 100_000_000, "")),
        ("-5", None),
        ("lots", None),
        ("", None),
    ],
)
def test_parse_salary(text, expected):
    assert csv_import.parse_salary(text) == expected


@pytest.mark.parametrize("text", ["100000001", "100000.001k", "9" * 5000, "9" * 5000 + "k"])
def test_parse_salary_refuses_what_no_salary_field_holds(text):
    with pytest.raises(csv_import.OutOfRange):
        csv_import.parse_salary(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("Remote", "remote"), ("on-site", "onsite"), ("On site", "onsite"), ("HYBRID", "hybrid")],
)
def test_work_modes_by_label_or_value(alice_client, alice, text, value):
    upload(alice_client, f"Company,Role,Work mode\nNorthwind,Baker,{text}\n")
    confirm(alice_client)
    assert Application.objects.get(owner=alice).work_mode == value


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [("a,b,c\n1;2,3", ","), ("a;b;c\n1,5;2;3", ";"), ("a\tb\n", "\t"), ("company\nx", ",")],
)
def test_sniff_delimiter(text, delimiter):
    assert csv_import.sniff_delimiter(text) == delimiter


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_one_confirmation_posted_four_times_at_once_imports_once(alice):
    """A double tap, or a phone resending on a bad connection, with several app servers."""
    first = Client()
    first.force_login(alice)
    upload(first, GOOD)
    import_id = pending_id(first)
    clients = [first] + [Client() for _ in range(3)]
    for client in clients[1:]:
        client.cookies = SimpleCookie(first.cookies.output(header=""))
    responses = at_once(clients, lambda c: confirm(c, import_id=import_id))
    texts = [page_text(response) for response in responses]
    assert sum("Imported 3 applications from applications.csv." in text for text in texts) == 1
    assert sum("This preview is out of date" in text for text in texts) == 3
    assert Application.objects.filter(owner=alice).count() == 3


# Moving in from other trackers: recognised exports, mapping, duplicates, true dates, undo.

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


@pytest.mark.parametrize(
    ("name", "recognised", "expected"),
    [
        (
            "linkedin-job-applications.csv",
            "LinkedIn’s data download (Job Applications.csv)",
            {
                "Northwind": ("Staff Engineer", "applied", date(2024, 3, 7)),
                "Quarry Labs": ("Data Analyst", "applied", date(2024, 11, 20)),
                "Copperline": ("Platform Engineer", "applied", date(2025, 1, 2)),
            },
        ),
        (
            "linkedin-saved-jobs.csv",
            "LinkedIn’s data download (Saved Jobs.csv)",
            {
                "Northwind": ("Product Marketing Lead", "wishlist", None),
                "Fabrikam Inc.": ("Designer", "wishlist", None),
            },
        ),
        (
            "teal.csv",
            "Teal",
            {
                "TechCorp": ("Data Scientist", "applied", date(2024, 1, 16)),
                "Globex": ("ML Engineer", "wishlist", None),
                "Initech": ("Analytics Lead", "offer", date(2024, 1, 22)),
                "Umbrella": ("Data Engineer", "rejected", date(2024, 1, 23)),
                "Hooli": ("BI Developer", "withdrawn", date(2024, 1, 24)),
            },
        ),
        (
            "jobsync.csv",
            "JobSync",
            {
                "Northwind": ("Backend Developer", "applied", date(2025, 2, 3)),
                "Quarry": ("Frontend Developer", "wishlist", None),
                "Copperline": ("DevOps Engineer", "interviewing", date(2025, 2, 6)),
                "Dunmore": ("QA Engineer", "rejected", date(2025, 2, 8)),
            },
        ),
        (
            "huntr.csv",
            "Huntr",
            {
                "Google": ("Staff Engineer - Infrastructure", "applied", date(2024, 2, 15)),
                "StartupXYZ": ("Product Manager at StartupXYZ", "interviewing", date(2024, 2, 18)),
                "TechCorp": ("Senior Engineer at TechCorp", "offer", date(2024, 2, 20)),
            },
        ),
        (
            "reactive-resume.csv",
            "Reactive Resume’s application tracker",
            {
                "Northwind Analytics": ("Data Engineer", "interviewing", date(2026, 8, 3)),
                "Quarry Labs": ("Frontend Developer", "wishlist", None),
                "Copperline": ("Platform Engineer", "rejected", date(2026, 7, 10)),
                "Dunmore": ("QA Engineer", "offer", date(2026, 8, 5)),
            },
        ),
        (
            "german.csv",
            "a German spreadsheet",
            {
                "Müller Logistik GmbH": ("Sachbearbeiter Disposition", "applied", date(2025, 2, 3)),
                "Stadtwerke Nordhafen": (
                    "Kaufmännische Angestellte",
                    "rejected",
                    date(2025, 2, 10),
                ),
                "Bäckerei Sonnenschein": ("Filialleitung", "interviewing", date(2025, 2, 14)),
                "Nordlicht Versicherung": ("Kundenberater", "no_response", date(2025, 3, 1)),
            },
        ),
    ],
)
def test_each_trackers_export_imports_with_nothing_but_confirming(
    alice_client, alice, name, recognised, expected
):
    assert upload(alice_client, (FIXTURES / name).read_bytes(), name=name).status_code == 302
    text = page_text(alice_client.get("/import/preview/"))
    assert f"Recognised: an export of {recognised}." in text
    assert "with problems" not in text
    response = confirm(alice_client)
    assert f"Imported {len(expected)} application" in page_text(response)
    stored = {
        a.company: (a.role, a.status, a.applied_on) for a in Application.objects.filter(owner=alice)
    }
    assert stored == expected


def test_a_trackers_extra_columns_go_to_fields_notes_and_timeline(alice_client, alice):
    upload(alice_client, (FIXTURES / "teal.csv").read_bytes(), name="teal.csv")
    confirm(alice_client)
    techcorp = Application.objects.get(owner=alice, company="TechCorp")
    # Teal's excitement (one to five) is the priority.
    assert (techcorp.salary_max, techcorp.location, techcorp.priority, techcorp.notes) == (
        120000,
        "Remote",
        4,
        "",
    )
    assert (techcorp.next_action, techcorp.next_action_on) == (
        "Follow up in 1 week",
        date(2024, 1, 30),
    )
    saved = datetime.combine(date(2024, 1, 15), time(12), tzinfo=alice.zone)
    applied = datetime.combine(date(2024, 1, 16), time(12), tzinfo=alice.zone)
    assert [(c.to_status, c.changed_at) for c in techcorp.status_changes.all()] == [
        ("wishlist", saved),
        ("applied", applied),
    ]
    linkedin = (FIXTURES / "linkedin-job-applications.csv").read_bytes()
    upload(alice_client, linkedin, name="Job Applications.csv")
    confirm(alice_client)
    copperline = Application.objects.get(owner=alice, company="Copperline")
    assert copperline.resume_version == "alex-cv-de.pdf"
    assert copperline.notes == (
        "Contact Email: jobs@copperline.example\nContact Phone Number: +49 30 1234567"
    )


def test_a_status_history_dates_each_step_of_the_timeline(alice_client, alice):
    """Reactive Resume writes each stage with its day: the timeline keeps every one."""
    upload(alice_client, (FIXTURES / "reactive-resume.csv").read_bytes(), name="export.csv")
    confirm(alice_client)

    def at(day):
        return datetime.combine(day, time(12), tzinfo=alice.zone)

    northwind = Application.objects.get(owner=alice, company="Northwind Analytics")
    # Created At is the day it was saved; then the history's steps on their days.
    assert [(c.to_status, c.changed_at) for c in northwind.status_changes.all()] == [
        ("wishlist", at(date(2026, 8, 1))),
        ("applied", at(date(2026, 8, 3))),
        ("screening", at(date(2026, 8, 6))),
        ("interviewing", at(date(2026, 8, 12))),
    ]
    assert northwind.status_changed_at == at(date(2026, 8, 12))
    assert sorted(northwind.tags.values_list("name", flat=True)) == ["python", "remote"]
    assert (northwind.salary_min, northwind.salary_max, northwind.currency) == (70000, 70000, "EUR")
    assert northwind.notes.startswith("First line\nSecond line\nContacts: Ada Lovelace")
    assert "2026-08-08: Called recruiter" in northwind.notes
    copperline = Application.objects.get(owner=alice, company="Copperline")
    # Saved and applied the same day: no wish-list step before it.
    assert [(c.to_status, c.changed_at) for c in copperline.status_changes.all()] == [
        ("applied", at(date(2026, 7, 10))),
        ("rejected", at(date(2026, 7, 20))),
    ]
    assert (copperline.salary_min, copperline.currency) == (180000, "USD")


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ("Applied (2026-08-03) -> Offer (2026-08-20)", ["applied", "offer"]),
        # Out of order in the file: the timeline follows the dates.
        ("Offer (2026-08-20); Applied (2026-08-03)", ["applied", "offer"]),
        # A step Walkout cannot tell is left out; the current status still ends it.
        ("Applied (2026-08-03) → Zzyzx (2026-08-10)", ["applied", "offer"]),
    ],
)
def test_a_status_history_in_other_spellings(alice_client, alice, history, expected):
    body = f'Company,Role,Status,Status history\nAcme,Engineer,Offer,"{history}"\n'
    upload(alice_client, body.encode(), name="history.csv")
    confirm(alice_client)
    application = Application.objects.get(owner=alice, company="Acme")
    assert [c.to_status for c in application.status_changes.all()] == expected


def test_a_row_entered_after_it_was_sent_keeps_its_applied_date_first(alice_client, alice):
    body = (
        "Company,Role,Created at,Date applied,Status\nAcme,Engineer,2026-05-20,2026-03-02,Applied\n"
    )
    upload(alice_client, body.encode(), name="late.csv")
    confirm(alice_client)
    application = Application.objects.get(owner=alice, company="Acme")
    applied = datetime.combine(date(2026, 3, 2), time(12), tzinfo=alice.zone)
    assert [(c.to_status, c.changed_at) for c in application.status_changes.all()] == [
        ("applied", applied)
    ]


def test_a_currency_that_is_no_currency_is_the_rows_problem(alice_client, alice):
    body = "Company,Role,Salary,Currency\nAcme,Engineer,50000,XYZ\nBeta,Analyst,50000,chf\n"
    upload(alice_client, body.encode(), name="money.csv")
    text = page_text(alice_client.get("/import/preview/"))
    assert "“XYZ” is not a currency code" in text
    confirm(alice_client)
    assert list(Application.objects.filter(owner=alice).values_list("company", "currency")) == [
        ("Beta", "CHF")
    ]


def test_zero_stars_of_excitement_is_no_priority_not_a_problem(alice_client, alice):
    body = "Company,Role,Excitement\nAcme,Engineer,0\nBeta,Analyst,5\nGamma,Tester,9\n"
    upload(alice_client, body.encode(), name="stars.csv")
    text = page_text(alice_client.get("/import/preview/"))
    assert "Priority “9” is not a number from 1 to 5." in text
    confirm(alice_client)
    assert dict(Application.objects.filter(owner=alice).values_list("company", "priority")) == {
        "Acme": None,
        "Beta": 5,
    }


def test_a_wish_list_row_with_a_date_is_saved_on_it_not_applied(alice_client, alice):
    body = "Company,Role,Status,Date applied\nAcme,Engineer,Bookmarked,2026-03-02\n"
    upload(alice_client, body.encode(), name="wish.csv")
    confirm(alice_client)
    application = Application.objects.get(owner=alice, company="Acme")
    saved = datetime.combine(date(2026, 3, 2), time(12), tzinfo=alice.zone)
    assert application.applied_on is None
    assert [(c.to_status, c.changed_at) for c in application.status_changes.all()] == [
        ("wishlist", saved)
    ]


def test_an_unreadable_status_history_is_the_rows_problem(alice_client, alice):
    body = "Company,Role,Status history\nAcme,Engineer,sometime last summer\n"
    upload(alice_client, body.encode(), name="history.csv")
    text = page_text(alice_client.get("/import/preview/"))
    assert "names no status with its date" in text
    assert not Application.objects.filter(owner=alice).exists()


UNFAMILIAR = (
    "Betrieb;Tätigkeit;Abgeschickt;Stand;Kontaktperson;Bemerkung\n"
    "Hafenbäckerei;Konditorin;03.02.2025;offen;Frau Ahrens;über Zeitung\n"
    "Nordwerft;Schweißer;05.02.2025;Einladung;Herr Brandt;\n"
    "Lindenapotheke;PTA;14.02.2025;abgesagt;;Absage per Mail\n"
).encode("cp1252")


def test_an_unfamiliar_spreadsheet_imports_after_mapping_its_columns_and_statuses(
    alice_client, alice
):
    upload(alice_client, UNFAMILIAR, name="bewerbungen.csv")
    preview = alice_client.get("/import/preview/")
    text = page_text(preview)
    assert "No column is chosen for Company: choose the column that holds it." in text
    fields = form_fields(preview)
    assert chosen(preview) == {
        "Betrieb": "",
        "Tätigkeit": "",
        "Abgeschickt": "",
        "Stand": "",
        "Kontaktperson": "",
        "Bemerkung": "",
    }
    # The user maps the columns and shows the preview again: a form post, no JavaScript.
    mapping = {
        "column_0": "company",
        "column_1": "role",
        "column_2": "applied_on",
        "column_3": "status",
        "column_4": "add_to_notes",
        "column_5": "notes",
    }
    fields.update(mapping)
    preview = alice_client.post("/import/preview/", fields)
    assert preview.status_code == 200
    assert not Application.objects.exists()
    text = page_text(preview)
    assert "No column is chosen" not in text
    labels = ColumnLabels()
    labels.feed(text)
    # Each status text Walkout cannot read has its own choice, labelled with the text.
    statuses = {
        labels.labels[f"status-{key.removeprefix('status_text_')}"]: key.removeprefix(
            "status_text_"
        )
        for key in form_fields(preview)
        if key.startswith("status_text_")
    }
    assert set(statuses) == {"offen", "Einladung", "abgesagt"}
    assert "“offen” is not a status Walkout knows" in text
    fields = form_fields(preview)
    fields.update(
        {
            f"status_{statuses['offen']}": "applied",
            f"status_{statuses['Einladung']}": "interviewing",
            f"status_{statuses['abgesagt']}": "rejected",
        }
    )
    # Importing with a mapping the preview has not shown yet shows it first.
    response = alice_client.post("/import/confirm/", {**fields, "mode": "valid"})
    assert "changed since the preview you saw" in page_text(response)
    assert not Application.objects.exists()
    fields = form_fields(response)
    assert "3 ready" in page_text(response)
    response = alice_client.post("/import/confirm/", {**fields, "mode": "valid"}, follow=True)
    assert "Imported 3 applications from bewerbungen.csv." in page_text(response)
    stored = {
        a.company: (a.role, a.status, a.applied_on, a.notes)
        for a in Application.objects.filter(owner=alice)
    }
    assert stored == {
        "Hafenbäckerei": (
            "Konditorin",
            "applied",
            date(2025, 2, 3),
            "über Zeitung\nKontaktperson: Frau Ahrens",
        ),
        "Nordwerft": ("Schweißer", "interviewing", date(2025, 2, 5), "Kontaktperson: Herr Brandt"),
        "Lindenapotheke": ("PTA", "rejected", date(2025, 2, 14), "Absage per Mail"),
    }

    # The next file with the same headers comes with the same mapping.
    more = (
        "Betrieb;Tätigkeit;Abgeschickt;Stand;Kontaktperson;Bemerkung\n"
        "Seeblick;Koch;20.02.2025;Einladung;;\n"
    )
    upload(alice_client, more.encode("cp1252"), name="mehr.csv")
    preview = alice_client.get("/import/preview/")
    assert "Mapped as you mapped a file with the same columns before." in page_text(preview)
    assert chosen(preview) == {
        "Betrieb": "company",
        "Tätigkeit": "role",
        "Abgeschickt": "applied_on",
        "Stand": "status",
        "Kontaktperson": "add_to_notes",
        "Bemerkung": "notes",
    }
    confirm(alice_client)
    assert Application.objects.get(owner=alice, company="Seeblick").status == "interviewing"


def test_a_status_guess_shows_in_its_choice(alice_client):
    upload(alice_client, "Company,Role,Status\nA,B,Applying\nC,D,Negotiating\nE,F,Not Selected\n")
    preview = alice_client.get("/import/preview/")
    labels = ColumnLabels()
    labels.feed(page_text(preview))
    fields = form_fields(preview)
    guesses = {
        labels.labels[f"status-{key.removeprefix('status_')}"]: value
        for key, value in fields.items()
        if key.startswith("status_") and not key.startswith("status_text_")
    }
    assert guesses == {"Applying": "wishlist", "Negotiating": "offer", "Not Selected": "rejected"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Applying", "wishlist"),
        ("Bookmarked", "wishlist"),
        ("Negotiating", "offer"),
        ("Not Selected", "rejected"),
        ("I Withdrew", "withdrawn"),
        ("Absage", "rejected"),
        ("abgesagt", "rejected"),
        ("Einladung zum Gespräch", "interviewing"),
        ("Vorstellungsgespräch", "interviewing"),
        ("Keine Rückmeldung", "no_response"),
        ("Beworben", "applied"),
        ("Zusage", "offer"),
        ("Draft", "wishlist"),
        ("Expired", "no_response"),
        ("maybe", ""),
    ],
)
def test_guess_status(text, status):
    assert csv_import.guess_status(text) == status


def test_importing_the_same_file_twice_adds_nothing(alice_client, alice):
    upload(alice_client, GOOD)
    confirm(alice_client)
    assert Application.objects.filter(owner=alice).count() == 3
    upload(alice_client, GOOD)
    text = page_text(alice_client.get("/import/preview/"))
    assert "0 ready" in text and "3 duplicates skipped" in text
    assert "You have it already: Data Engineer at Northwind (the same posting link)." in text
    response = confirm(alice_client)
    assert "Every row that can be imported is already in Walkout" in page_text(response)
    assert Application.objects.filter(owner=alice).count() == 3
    # Importing anyway is the user's choice for the whole file.
    response = confirm(alice_client, duplicates="import")
    assert "Imported 3 applications" in page_text(response)
    assert Application.objects.filter(owner=alice).count() == 6


def test_duplicates_by_tracking_link_company_and_role_and_within_the_file(
    alice_client, alice, bob, make_application
):
    make_application(
        alice, company="Northwind", role="X", posting_url="https://jobs.example.com/42/"
    )
    make_application(alice, company="ACME  corp", role="Baker")
    make_application(alice, company="Lumen Health GmbH", role="Nurse")
    make_application(bob, company="Quarry", role="Analyst")  # Bob's: not Alice's duplicate
    data = (
        "Company,Role,Link\n"
        "Other name,Other role,HTTPS://Jobs.example.com/42?utm_source=x&gclid=1\n"
        "acme corp,baker,\n"
        "Quarry,Analyst,\n"
        "Quarry,analyst,\n"
        "Lumen Health,Nurse,\n"
    )
    upload(alice_client, data)
    text = page_text(alice_client.get("/import/preview/"))
    assert "You have it already: X at Northwind (the same posting link)." in text
    assert "You have it already: Baker at ACME  corp (the same company and role)." in text
    assert "The same as line 4 of this file (the same company and role)." in text
    # The legal form is no difference, as on the new-application form.
    assert "You have it already: Nurse at Lumen Health GmbH (the same company and role)." in text
    assert "1 ready" in text and "4 duplicates skipped" in text
    confirm(alice_client)
    assert Application.objects.filter(owner=alice, company="Quarry").count() == 1


def test_the_timeline_carries_the_files_dates_and_the_activity_log_shows_them(alice_client, alice):
    data = (
        "Company,Role,Status,Date saved,Date applied,Interview date,Status date\n"
        "Northwind,Baker,Rejected,2026-01-05,2026-01-10,2026-01-20,2026-01-28\n"
        "Quarry,Chef,Offer,,2026-02-01,,\n"
        "Copperline,Cook,Interviewing,,,,\n"
    )
    upload(alice_client, data)
    confirm(alice_client)

    def at(day, hour=12):
        return datetime.combine(day, time(hour), tzinfo=alice.zone)

    northwind = Application.objects.get(owner=alice, company="Northwind")
    assert [(c.from_status, c.to_status, c.changed_at) for c in northwind.status_changes.all()] == [
        ("", "wishlist", at(date(2026, 1, 5))),
        ("wishlist", "applied", at(date(2026, 1, 10))),
        ("applied", "interviewing", at(date(2026, 1, 20))),
        ("interviewing", "rejected", at(date(2026, 1, 28), 13)),
    ]
    assert northwind.status_changed_at == at(date(2026, 1, 28), 13)
    quarry = Application.objects.get(owner=alice, company="Quarry")
    assert [(c.to_status, c.changed_at) for c in quarry.status_changes.all()] == [
        ("applied", at(date(2026, 2, 1))),
        ("offer", at(date(2026, 2, 1), 13)),
    ]
    # No date in the file at all: the import's day is all there is.
    copperline = Application.objects.get(owner=alice, company="Copperline")
    assert copperline.status_changes.get().to_status == "interviewing"

    log = alice_client.get("/export/activity.csv").content.decode()
    assert "2026-01-05" in log and "2026-01-28" in log and "2026-02-01" in log
    northwind_lines = [line for line in log.splitlines() if "Northwind" in line]
    assert [line[:10] for line in northwind_lines] == [
        "2026-01-05",
        "2026-01-10",
        "2026-01-20",
        "2026-01-28",
    ]


@pytest.mark.parametrize(
    ("status", "applied", "dates", "expected"),
    [
        # A status date before the applied date keeps the stages in order, a minute apart.
        (
            "rejected",
            date(2026, 3, 10),
            {"status_date": date(2026, 3, 1)},
            [("applied", (2026, 3, 10, 12, 0)), ("rejected", (2026, 3, 10, 12, 1))],
        ),
        # Dates in the future are not later than the import.
        ("applied", date(2099, 1, 1), {}, [("applied", "now")]),
        ("wishlist", None, {"saved_on": date(2026, 1, 2)}, [("wishlist", (2026, 1, 2, 12, 0))]),
        ("offer", None, {}, [("offer", "now")]),
    ],
)
def test_timeline(status, applied, dates, expected):
    zone = ZoneInfo("Europe/Paris")
    now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    steps = csv_import.timeline(status, applied, dates, zone, now)
    assert steps == [
        (step, now if when == "now" else datetime(*when, tzinfo=zone)) for step, when in expected
    ]


def test_past_imports_are_listed_and_one_is_undone_keeping_the_changed(
    alice_client, alice, bob_client, django_assert_max_num_queries
):
    upload(alice_client, GOOD)
    confirm(alice_client)
    upload(alice_client, "Company,Role\nSeparate,File\n", name="other.csv")
    confirm(alice_client)
    batch = ImportBatch.objects.get(owner=alice, name="applications.csv")
    northwind = Application.objects.get(owner=alice, company="Northwind")
    quarry = Application.objects.get(owner=alice, company="Quarry")
    northwind.move_to("screening")  # changed since the import
    Interview.objects.create(application=quarry, starts_at=timezone.now())  # given an interview

    with django_assert_max_num_queries(6):
        text = page_text(alice_client.get("/imports/"))
    assert "applications.csv" in text and "other.csv" in text
    assert "3 applications imported" in text
    assert f'href="/imports/{batch.pk}/undo/"' in text

    page = alice_client.get(f"/imports/{batch.pk}/undo/")
    text = page_text(page)
    assert "deletes the <strong>1</strong> application it created" in text
    assert "Data Engineer at Northwind" in text and "Analyst at Quarry" in text
    assert Application.objects.filter(owner=alice).count() == 4  # a GET changes nothing
    assert bob_client.get(f"/imports/{batch.pk}/undo/").status_code == 404
    assert bob_client.post(f"/imports/{batch.pk}/undo/").status_code == 404
    assert Application.objects.filter(owner=alice).count() == 4

    response = alice_client.post(f"/imports/{batch.pk}/undo/", follow=True)
    text = page_text(response)
    assert "Undid the import of applications.csv: deleted 1 application." in text
    assert "Kept 2 applications changed since the import" in text
    assert set(Application.objects.filter(owner=alice).values_list("company", flat=True)) == {
        "Northwind",
        "Quarry",
        "Separate",
    }
    assert not StatusChange.objects.filter(application__company="Copperline").exists()
    # Undone once, it is not offered again, and a second undo (another tab) changes nothing.
    text = page_text(response)
    assert f'href="/imports/{batch.pk}/undo/"' not in text
    assert "undone " in text
    response = alice_client.post(f"/imports/{batch.pk}/undo/", follow=True)
    assert "was undone on" in page_text(response)
    assert "deleted 0" not in page_text(response)
    assert Application.objects.filter(owner=alice).count() == 3


def test_an_import_whose_applications_were_all_changed_has_nothing_to_undo(alice_client, alice):
    upload(alice_client, "Company,Role\nSolo,Engineer\n", name="one.csv")
    confirm(alice_client)
    Application.objects.get(owner=alice, company="Solo").move_to("screening")
    batch = ImportBatch.objects.get(owner=alice)
    text = page_text(alice_client.get(f"/imports/{batch.pk}/undo/"))
    assert "undoing it would delete nothing" in text
    assert "The one you changed since" in text
    assert "Undo this import</button>" not in text


def test_undo_keeps_an_application_given_a_contact_and_drops_tags_left_on_nothing(
    alice_client, alice
):
    upload(alice_client, "Company,Role,Tags\nTagged,One,fresh\nLinked,Two,kept\n")
    confirm(alice_client)
    batch = ImportBatch.objects.get(owner=alice)
    linked = Application.objects.get(owner=alice, company="Linked")
    # Linking a contact leaves the application's updated_at alone; undo must still keep it.
    Contact.objects.create(owner=alice, name="Dana Reyes").applications.add(linked)
    response = alice_client.post(f"/imports/{batch.pk}/undo/", follow=True)
    assert "deleted 1 application." in page_text(response)
    assert list(Application.objects.filter(owner=alice).values_list("company", flat=True)) == [
        "Linked"
    ]
    # "fresh" was on the undone application only: no tag is left on nothing.
    assert list(Tag.objects.filter(owner=alice).values_list("name", flat=True)) == ["kept"]


def test_undo_deletes_exactly_the_batchs_unchanged_applications(alice, make_application):
    client = Client()
    client.force_login(alice)
    before = make_application(alice, company="Was here before")
    upload(client, GOOD)
    confirm(client)
    batch = ImportBatch.objects.get(owner=alice)
    assert batch.created_count == 3
    unchanged, changed = batch.split_for_undo()
    assert len(unchanged) == 3 and changed == []
    client.post(f"/imports/{batch.pk}/undo/")
    assert list(Application.objects.filter(owner=alice)) == [before]


def test_the_import_list_and_undo_need_a_login(client):
    assert client.get("/imports/").status_code == 302
    assert client.get("/imports/1/undo/").status_code == 302
    assert client.post("/imports/1/undo/").status_code == 302


def test_the_preview_costs_the_same_queries_for_a_big_file_and_account(
    alice_client, alice, make_application, django_assert_max_num_queries
):
    for n in range(60):
        make_application(alice, company=f"Old {n}", posting_url=f"https://jobs.example/{n}")
    rows = "".join(f"New {n},Baker,Interviewing,https://jobs.example/{n}\n" for n in range(300))
    upload(alice_client, "Company,Role,Status,Link\n" + rows)
    with django_assert_max_num_queries(8):
        text = page_text(alice_client.get("/import/preview/"))
    assert "300 rows" in text and "60 duplicates skipped" in text


def test_a_field_chosen_for_two_columns_or_a_made_up_one_is_handled(alice_client, alice):
    upload(alice_client, "Firm,Job,Other\nNorthwind,Baker,x\n")
    fields = form_fields(alice_client.get("/import/preview/"))
    fields.update(column_0="company", column_1="company", column_2="owner")
    text = page_text(alice_client.post("/import/preview/", fields))
    assert "“Firm” and “Job” both go to Company: choose one of them." in text
    assert 'id="import-button"' not in text
    response = alice_client.post("/import/confirm/", {**form_fields_of(text), "mode": "valid"})
    assert "both go to Company" in page_text(response)
    assert "Nothing was imported." in page_text(response)
    # A value the choice does not offer is read as “ignore”.
    fields.update(column_1="role", column_2="owner")
    preview = alice_client.post("/import/preview/", fields)
    assert chosen(preview) == {"Firm": "company", "Job": "role", "Other": ""}
    response = alice_client.post(
        "/import/confirm/", {**form_fields(preview), "mode": "valid"}, follow=True
    )
    assert "Imported 1 application" in page_text(response)
    assert Application.objects.get(owner=alice).owner == alice


def form_fields_of(text):
    parser = FormFields()
    parser.feed(text)
    return parser.fields

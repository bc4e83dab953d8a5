"""Control characters are refused at one edge, before any view runs
(walkout.middleware.ControlCharacterMiddleware): a NUL never reaches PostgreSQL, for
every query parameter and every form field, names and values alike."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from interviews.models import Application, ChecklistAnswer, Contact, Dealbreaker

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
# Every C0 control character but tab, line feed and carriage return.
REFUSED = [chr(code) for code in range(32) if chr(code) not in "\t\n\r"]
APPLICATION = {"company": "Northwind", "role": "Analyst", "status": "applied", "currency": "USD"}


def assert_refused(response, name):
    assert response.status_code == 400
    page = response.content.decode()
    assert f"“{name}” holds a control character" in page
    return page


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/applications/?q=%00", "q"),
        ("/contacts/?q=%00", "q"),
        ("/stats/?resume=%00", "resume"),
        ("/applications/?status=applied&sort=%01company", "sort"),
        ("/export/applications.csv?end=%1b", "end"),
    ],
)
def test_a_query_parameter_with_a_control_character_is_400(alice_client, path, name):
    page = assert_refused(alice_client.get(path), name)
    # The app's own page, with its navigation, not a bare error.
    assert "<title>Not accepted · Walkout</title>" in page
    assert 'href="/applications/"' in page


def test_a_parameters_name_is_checked_too(alice_client):
    page = assert_refused(alice_client.get("/applications/?%00x=1"), "\\x00x")
    assert "\x00" not in page


@pytest.mark.parametrize("character", REFUSED, ids=lambda c: f"0x{ord(c):02x}")
def test_a_form_field_with_a_control_character_stores_nothing(alice_client, character):
    response = alice_client.post(
        "/applications/new/", {**APPLICATION, "notes": f"Call back{character}Monday"}
    )
    page = assert_refused(response, "notes")
    assert "Nothing was saved" in page
    assert not Application.objects.exists()


def test_tabs_and_line_breaks_are_text(alice_client):
    response = alice_client.post(
        "/applications/new/", {**APPLICATION, "notes": "Ask:\tsalary\r\nand start date\n"}
    )
    assert response.status_code == 302
    # The line break kept, as one character (forms.Paragraphs), as the browser counted it.
    assert Application.objects.get().notes == "Ask:\tsalary\nand start date"


def test_a_contact_with_a_nul_stores_nothing(alice_client):
    assert_refused(alice_client.post("/contacts/new/", {"name": "Dana\x00 Reyes"}), "name")
    assert not Contact.objects.exists()


def test_a_checklist_note_with_a_nul_stores_nothing(alice_client, alice, interview):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    fields = {f"answer_{boss.pk}": "no", f"note_{boss.pk}": "Rude\x00"}
    url = f"/interviews/{interview.pk}/checklist/mid/"
    assert_refused(alice_client.post(url, fields), f"note_{boss.pk}")
    assert not ChecklistAnswer.objects.exists()


def test_a_tap_with_a_nul_answers_json(alice_client, alice, interview):
    """The checklist's taps (js/offline.js) read {"errors": [...]} from a 400 and show it."""
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    url = f"/interviews/{interview.pk}/checklist/mid/"
    response = alice_client.post(url, {f"answer_{boss.pk}": "no\x00"}, **JSON)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert f"“answer_{boss.pk}” holds a control character" in error
    assert not ChecklistAnswer.objects.exists()


def test_anonymous_forms_are_checked_too(client, alice):
    assert_refused(client.post("/accounts/login/", {"username": "alice\x00"}), "username")
    response = client.post(
        "/accounts/signup/",
        {"username": "carol\x00", "password1": "x", "password2": "x", "time_zone": "UTC"},
    )
    assert_refused(response, "username")


def test_a_forged_post_is_refused_by_csrf_first(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/applications/new/", {**APPLICATION, "notes": "\x00"}).status_code == 403


def test_an_uploads_form_fields_are_checked(alice_client):
    """The upload views read their own form (interviews/uploads.py); its fields other than
    the file are parameters like any other."""
    upload = SimpleUploadedFile("a.csv", b"Company,Role\nNorthwind,Analyst\n", "text/csv")
    response = alice_client.post("/import/", {"file": upload, "mode\x00": "all"})
    assert_refused(response, "mode\\x00")
    assert "csv_import" not in alice_client.session


def test_an_uploaded_files_contents_are_not_parameters(alice_client):
    """The file is the import's to read and explain, not the middleware's."""
    upload = SimpleUploadedFile("a.csv", b"Company,Role\nNorth\x01wind,Analyst\n", "text/csv")
    response = alice_client.post("/import/", {"file": upload})
    assert response.status_code == 302
    assert response.url == "/import/preview/"

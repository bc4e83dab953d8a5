"""Capturing a job: the address prefill, the share target, the paste box and /capture/.
Each only fills the new-application form; nothing is stored until the user saves."""

import json
import re
from datetime import timedelta
from html import unescape
from urllib.parse import unquote, urlencode

import pytest
from django.utils import timezone

from interviews.models import Application, Decision
from interviews.views.capture import bookmarklet_href
from tests.postings_fixtures import EXPECTED, fixture_source

pytestmark = pytest.mark.django_db
NEW = "/applications/new/"


def field_value(html, name):
    """What the rendered form shows in a field: an input's value, a textarea's text, or a
    select's selected option."""
    match = re.search(rf'<input [^>]*name="{name}"[^>]*>', html)
    if match:
        value = re.search(r'value="([^"]*)"', match.group(0))
        return unescape(value.group(1)) if value else ""
    match = re.search(rf'<textarea [^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    if match:
        return unescape(match.group(1)).removeprefix("\n")
    match = re.search(rf'<select [^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if match:
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', match.group(1))
        return unescape(selected.group(1)) if selected else ""
    raise AssertionError(f"no field {name}")


def test_the_address_prefills_any_field_and_saves_nothing(alice_client):
    query = {
        "company": "Acme & Sons",
        "role": "Engineer",
        "posting_url": "https://jobs.example.com/1",
        "location": "Leeds",
        "work_mode": "hybrid",
        "salary_min": "50000",
        "salary_max": "60000",
        "currency": "GBP",
        "status": "wishlist",
        "source": "A friend",
        "job_description": "Build things.\nTest them.",
        "notes": "Call Dana",
    }
    page = alice_client.get(f"{NEW}?{urlencode(query)}").content.decode()
    for name, value in query.items():
        assert field_value(page, name) == value, name
    assert Application.objects.count() == 0
    assert 'id="capture-found"' not in page  # nothing was read: the fields came as given


def test_the_address_cuts_values_to_the_field_length(alice_client):
    page = alice_client.get(f"{NEW}?{urlencode({'company': 'x' * 5000})}").content.decode()
    assert field_value(page, "company") == "x" * 200


def test_visitors_are_asked_to_log_in_and_the_prefill_waits(client):
    response = client.get(f"{NEW}?company=Acme")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/applications/new/%3Fcompany%3DAcme")


# --- The share target -------------------------------------------------------------------


def test_manifest_declares_a_get_share_target(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["share_target"] == {
        "action": "/applications/new/",
        "method": "GET",
        "enctype": "application/x-www-form-urlencoded",
        "params": {"title": "title", "text": "text", "url": "url"},
    }


def test_a_share_with_title_text_and_url_prefills_the_form(alice_client):
    shared = {
        "title": "Senior Engineer - Acme | Indeed",
        "text": "Pay: $45–55 an hour.\nHybrid in Austin, TX.",
        "url": "https://www.indeed.com/viewjob?jk=1",
    }
    response = alice_client.get(f"{NEW}?{urlencode(shared)}")
    page = response.content.decode()
    assert field_value(page, "role") == "Senior Engineer"
    assert field_value(page, "company") == "Acme"
    assert field_value(page, "posting_url") == "https://www.indeed.com/viewjob?jk=1"
    assert field_value(page, "source") == "Indeed"
    assert field_value(page, "work_mode") == "hybrid"
    assert field_value(page, "job_description") == "Pay: $45–55 an hour.\nHybrid in Austin, TX."
    # Hourly pay is said in the notes, never put in the yearly salary fields.
    assert field_value(page, "salary_min") == field_value(page, "salary_max") == ""
    assert field_value(page, "notes") == "Pay in the posting: 45–55 USD an hour."
    assert 'id="capture-found"' in page and "Read from what you shared" in page
    assert "kept in the notes, not as a yearly salary" in page
    assert "Nothing is saved until you do." in page
    assert Application.objects.count() == 0


def test_a_share_with_the_link_inside_the_text(alice_client):
    shared = {
        "text": "Check out this job at Quarry: Data Analyst https://www.linkedin.com/jobs/view/42"
    }
    page = alice_client.get(f"{NEW}?{urlencode(shared)}").content.decode()
    assert field_value(page, "role") == "Data Analyst"
    assert field_value(page, "company") == "Quarry"
    assert field_value(page, "posting_url") == "https://www.linkedin.com/jobs/view/42"


def test_a_field_in_the_address_wins_over_what_the_share_says(alice_client):
    query = {"title": "Engineer at Acme", "company": "Acme Ltd"}
    page = alice_client.get(f"{NEW}?{urlencode(query)}").content.decode()
    assert field_value(page, "company") == "Acme Ltd"
    assert field_value(page, "role") == "Engineer"


def test_saving_a_shared_job_stores_what_the_form_shows(alice_client, alice):
    shared = {"title": "Engineer at Acme", "url": "https://acme.example/jobs/1"}
    page = alice_client.get(f"{NEW}?{urlencode(shared)}").content.decode()
    form = {
        name: field_value(page, name)
        for name in ("company", "role", "posting_url", "status", "currency", "source")
    }
    response = alice_client.post(NEW, form)
    application = Application.objects.get()
    assert response.url == application.get_absolute_url()
    assert (application.owner, application.company, application.role) == (alice, "Acme", "Engineer")
    assert application.posting_url == "https://acme.example/jobs/1"


# --- Paste a posting --------------------------------------------------------------------


def test_the_new_application_page_has_the_paste_box(alice_client):
    page = alice_client.get(NEW).content.decode()
    assert re.search(r'<textarea name="paste"', page)
    assert "Paste a posting" in page


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pasting_each_fixture_prefills_the_form(alice_client, name):
    expected = EXPECTED[name]
    response = alice_client.post(NEW, {"paste": fixture_source(name)})
    assert response.status_code == 200
    page = response.content.decode()
    for field, value in expected["fields"].items():
        assert field_value(page, field) == value, field
    description = field_value(page, "job_description")
    assert description.startswith(expected["description_starts"])
    assert description.endswith(expected["description_ends"])
    assert 'id="capture-found"' in page and "Read from what you pasted" in page
    if "hint" in expected:
        assert expected["hint"] in page
    assert Application.objects.count() == 0


def test_a_paste_keeps_the_address_fields_it_does_not_fill(alice_client):
    response = alice_client.post(
        f"{NEW}?status=wishlist&company=Old", {"paste": "Engineer at Acme"}
    )
    page = response.content.decode()
    assert field_value(page, "status") == "wishlist"
    assert field_value(page, "company") == "Acme"  # what was pasted is newer
    assert field_value(page, "role") == "Engineer"


def test_a_captured_job_starts_on_the_wish_list_unless_the_address_says(alice_client):
    page = alice_client.post(NEW, {"paste": "Engineer at Acme"}).content.decode()
    assert field_value(page, "status") == "wishlist"
    page = alice_client.post(
        f"{NEW}?status=applied", {"paste": "Engineer at Acme"}
    ).content.decode()
    assert field_value(page, "status") == "applied"
    # A blank new form is still applied, today.
    assert field_value(alice_client.get(NEW).content.decode(), "status") == "applied"


@pytest.mark.parametrize("paste", ["", "   ", "\n\n"])
def test_an_empty_paste_says_so_and_stores_nothing(alice_client, paste):
    page = alice_client.post(NEW, {"paste": paste}, follow=True).content.decode()
    assert "Walkout found no job posting in what you pasted" in page
    assert Application.objects.count() == 0


def test_a_paste_with_a_control_character_is_refused(alice_client):
    response = alice_client.post(NEW, {"paste": "Engineer at Acme\x00"})
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_a_paste_whose_json_ld_holds_half_a_character_fills_the_form(alice_client):
    """A lone "\\ud800" escape in the posting's JSON (no database can store one; it was a
    server error) is read as U+FFFD, as a broken character in HTML is."""
    paste = (
        '<script type="application/ld+json">{"@type": "JobPosting", "title": "Dev\\ud800",'
        ' "hiringOrganization": {"name": "Acme \\udc00GmbH"}, "\\ud83d": "key"}</script>'
    )
    response = alice_client.post(NEW, {"paste": paste})
    assert response.status_code == 200
    form = response.context["form"]
    assert (form.initial["role"], form.initial["company"]) == ("Dev\ufffd", "Acme \ufffdGmbH")
    assert Application.objects.count() == 0


def test_a_huge_paste_is_read_within_limits(alice_client):
    huge = "Engineer at Acme\n" + ("Lots of words about the job. " * 70_000)
    response = alice_client.post(NEW, {"paste": huge})
    page = response.content.decode()
    assert field_value(page, "role") == "Engineer"
    assert len(field_value(page, "job_description")) == 50_000
    assert Application.objects.count() == 0


def test_the_prefilled_form_costs_a_fixed_number_of_queries(
    alice_client, alice, make_application, django_assert_max_num_queries
):
    for n in range(30):
        make_application(
            alice,
            company=f"Northwind Analytics {n}",
            posting_url=f"https://job-boards.greenhouse.io/northwind/jobs/{n}",
        )
    # session, user, duplicates, walk-outs at the company, contacts for the form
    with django_assert_max_num_queries(6):
        response = alice_client.post(NEW, {"paste": fixture_source("greenhouse")})
    assert response.status_code == 200
    assert response.content.count(b"Northwind Analytics") >= 2
    shared = {
        "title": "Data Engineer at Northwind Analytics 3",
        "url": "https://job-boards.greenhouse.io/northwind/jobs/3",
    }
    with django_assert_max_num_queries(6):
        response = alice_client.get(f"{NEW}?{urlencode(shared)}")
    assert b'id="early-warning"' in response.content


# --- Same warnings as a typed job -------------------------------------------------------


def walked_out_at(owner, company, make_application, make_interview):
    application = make_application(owner, company=company, role="Earlier role")
    interview = make_interview(application, starts_at=timezone.now() - timedelta(days=30))
    return Decision.objects.create(
        interview=interview,
        choice=Decision.Choice.WALKED_OUT,
        decided_at=timezone.now() - timedelta(days=30),
        reasons="Could not work for this boss",
    )


def test_a_captured_job_warns_of_a_duplicate_before_and_when_saving(
    alice_client, alice, make_application
):
    existing = make_application(
        alice,
        company="Someone else",
        role="Other",
        posting_url="https://job-boards.greenhouse.io/northwind/jobs/4012345?utm_source=x",
    )
    page = alice_client.post(NEW, {"paste": fixture_source("greenhouse")}).content.decode()
    assert 'id="early-warning"' in page and existing.get_absolute_url() in page
    form = {
        name: field_value(page, name)
        for name in ("company", "role", "posting_url", "status", "currency")
    }
    saved = alice_client.post(NEW, form).content.decode()
    assert 'id="duplicate-warning"' in saved
    assert Application.objects.count() == 1
    alice_client.post(NEW, {**form, "save_anyway": "1"})
    assert Application.objects.count() == 2


def test_another_users_application_is_no_duplicate(alice_client, bob, make_application):
    make_application(bob, company="Northwind Analytics", role="Data Engineer")
    page = alice_client.post(NEW, {"paste": fixture_source("greenhouse")}).content.decode()
    assert 'id="early-warning"' not in page


def test_a_captured_job_recalls_an_earlier_walk_out_before_and_after_saving(
    alice_client, alice, make_application, make_interview
):
    walked_out_at(alice, "northwind  analytics", make_application, make_interview)
    page = alice_client.post(NEW, {"paste": fixture_source("greenhouse")}).content.decode()
    assert "You walked out of an interview at northwind  analytics on" in page
    form = {
        name: field_value(page, name)
        for name in ("company", "role", "posting_url", "status", "currency")
    }
    shown = alice_client.post(NEW, form, follow=True).content.decode()
    assert "Added Data Engineer at Northwind Analytics." in shown
    assert "You walked out of an interview at northwind  analytics on" in shown
    assert "Could not work for this boss" in shown


# --- /capture/ --------------------------------------------------------------------------


def test_capture_page_offers_the_bookmarklet_for_this_site(alice_client):
    page = alice_client.get("/capture/").content.decode()
    match = re.search(r'<a [^>]*data-bookmarklet href="(javascript:[^"]+)"', page)
    assert match, "no bookmarklet link"
    code = unquote(unescape(match.group(1)).removeprefix("javascript:"))
    assert '"http://testserver/applications/new/"' in code
    assert "__WALKOUT_NEW__" not in code
    assert "\n" not in code and "#" not in unescape(match.group(1)).split("walkout=", 1)[0].replace(
        '"#', ""
    )
    for way in ("share it", "the bookmarklet", "paste it", "the address"):
        assert way in page


def test_the_bookmarklet_link_is_its_source_joined(settings):
    href = bookmarklet_href("https://walkout.example/applications/new/")
    code = unquote(href.removeprefix("javascript:"))
    assert code.startswith("(function () {") and code.endswith("})();")
    assert "//" not in code.replace("https://", "")  # no comment left to swallow code
    assert '"https://walkout.example/applications/new/"' in code


def test_capture_page_needs_a_login(client):
    assert client.get("/capture/").url.startswith("/accounts/login/")


def test_capture_answers_get_only(alice_client):
    assert alice_client.post("/capture/").status_code == 405

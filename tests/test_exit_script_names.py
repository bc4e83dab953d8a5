"""The exit script after a new user's trial: people with titles addressed by title and
surname, a way to set how to address each interviewer, an interviewer picked from contacts
named in the header, and every variant on the page for the phone to switch to offline."""

import json
import re
from html import unescape

import pytest

from interviews import tailoring
from interviews.models import Contact, ScriptTemplate

pytestmark = pytest.mark.django_db


def script_page(client, interview, query="confirmed=1"):
    response = client.get(f"/interviews/{interview.pk}/exit-script/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def script_text(html):
    return unescape(
        re.search(r'<blockquote id="script-text"[^>]*>(.*?)</blockquote>', html, re.S)[1]
    )


def header(html):
    """The line under the page's title, as text."""
    line = re.search(r'<p class="text-body-secondary mb-2">(.*?)</p>', html, re.S)[1]
    return unescape(re.sub(r"<[^>]+>", "", line))


@pytest.mark.parametrize(
    ("typed", "greeting"),
    [
        ("Dr. Anna Schmidt, CTO", "Dr. Schmidt, it doesn't"),
        ("Prof. Dr. Klaus Meier", "Professor Meier, it doesn't"),
        ("Dana Reyes, Head of Data", "Dana, it doesn't"),
    ],
)
def test_a_typed_interviewer_is_addressed_by_title_and_surname(
    alice_client, make_interview, application, typed, greeting
):
    interview = make_interview(application, interviewers=typed, format="in_person")
    html = script_page(alice_client, interview)
    assert script_text(html).startswith(greeting)
    assert "Dr. Anna," not in html and "Prof. Dr.," not in html


def test_an_interviewer_picked_from_contacts_is_named_in_the_header(
    alice_client, alice, application, make_interview
):
    interview = make_interview(application, interviewers="")
    anna = Contact.objects.create(owner=alice, name="Dr. Anna Schmidt", title="CTO")
    anna.interviews.add(interview)
    html = script_page(alice_client, interview)
    assert "with Dr. Anna Schmidt" in header(html)
    assert script_text(html).startswith("Dr. Schmidt, it doesn't")


def test_a_typed_interviewer_is_named_in_the_header_too(alice_client, interview):
    assert "with Dana Reyes" in header(script_page(alice_client, interview))


def test_a_contact_is_addressed_as_the_user_set(alice_client, alice, application, make_interview):
    interview = make_interview(application, interviewers="Prof. Dr. Klaus Meier")
    klaus = Contact.objects.create(owner=alice, name="Prof. Dr. Klaus Meier")
    klaus.interviews.add(interview)
    response = alice_client.post(
        f"/contacts/{klaus.pk}/edit/", {"name": klaus.name, "address_as": "Klaus"}
    )
    assert response.status_code == 302
    assert script_text(script_page(alice_client, interview)).startswith("Klaus, it doesn't")


def test_the_interviews_own_address_wins(alice_client, alice, application, make_interview):
    interview = make_interview(application, interviewers="Dr. Anna Schmidt")
    anna = Contact.objects.create(owner=alice, name="Dr. Anna Schmidt", address_as="Dr. Schmidt")
    anna.interviews.add(interview)
    form = alice_client.get(f"/interviews/{interview.pk}/edit/").content.decode()
    assert 'name="address_as"' in form
    interview.address_as = "Anna"
    interview.save()
    assert script_text(script_page(alice_client, interview)).startswith("Anna, it doesn't")


@pytest.mark.parametrize("fmt", tailoring.FORMATS)
@pytest.mark.parametrize("length", tailoring.LENGTHS)
def test_every_variant_is_on_the_page_filled_in(
    alice_client, alice, application, make_interview, fmt, length
):
    interview = make_interview(application, interviewers="Dr. Anna Schmidt", format="video")
    own = ScriptTemplate.objects.create(
        owner=alice, name="Mine", body="Sorry {interviewer}, {company}."
    )
    html = script_page(
        alice_client, interview, f"confirmed=1&format={fmt}&length={length}&template=article"
    )
    data = json.loads(
        unescape(re.search(r'id="script-variants"[^>]*>(.*?)</script>', html, re.S)[1])
    )
    values = {"interviewer": "Dr. Schmidt", "company": "Northwind", "role": "Data Engineer"}
    expected = tailoring.fill(tailoring.default_template(fmt, length), values).text
    assert data["article"][f"{fmt}:{length}"] == expected
    assert script_text(html) == expected  # the one asked for, as without JavaScript
    assert len(data["article"]) == 6
    assert data["own"] == {str(own.pk): "Sorry Dr. Schmidt, Northwind."}
    assert data["default_format"] == "video" and data["default_template"] == "article"
    assert f'data-format="{fmt}" data-length="{length}" data-template="article"' in html


@pytest.mark.parametrize(
    ("company", "said"),
    [
        ("Northwind Analytics GmbH", "Northwind Analytics"),
        ("Contoso, Inc.", "Contoso"),
        ("Fabrikam S.A.", "Fabrikam"),
        ("Procter & Gamble Co.", "Procter & Gamble"),
        ("GmbH", "GmbH"),  # nothing but a legal form: kept
    ],
)
def test_the_script_says_the_company_without_its_legal_form(
    alice_client, application, interview, company, said
):
    application.company = company
    application.save()
    text = script_text(script_page(alice_client, interview))
    assert f"to learn about {said}." in text

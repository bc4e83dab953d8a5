"""Contacts: pages, search, links to applications and interviews, and who may see them."""

import pytest
from django.test import Client

from interviews.models import Application, Contact, Interview

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Dana Reyes",
    "title": "Head of Data",
    "company": "Northwind",
    "email": "dana@northwind.example",
    "phone": "+33 1 23 45 67 89",
    "profile_url": "https://www.linkedin.com/in/dana",
    "notes": "Met at the meetup",
}

APPLICATION = {
    "company": "Northwind",
    "role": "Data Engineer",
    "status": "applied",
    "currency": "USD",
}

INTERVIEW = {
    "kind": "hiring_manager",
    "starts_at": "2026-12-01T10:30",
    "duration_minutes": "45",
    "format": "video",
    "location": "",
    "interviewers": "",
    "status": "scheduled",
    "outcome": "",
    "notes": "",
}


@pytest.fixture
def contact(alice, application):
    contact = Contact.objects.create(owner=alice, name="Dana Reyes", title="Head of Data")
    contact.applications.add(application)
    return contact


@pytest.fixture
def clients(alice, bob):
    owner, other = Client(), Client()
    owner.force_login(alice)
    other.force_login(bob)
    return {"owner": owner, "other": other, "anonymous": Client()}


ADDRESSES = ["/contacts/{id}/", "/contacts/{id}/edit/", "/contacts/{id}/delete/"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_permission_matrix(clients, contact, address):
    url = address.format(id=contact.pk)
    assert clients["owner"].get(url).status_code == 200
    assert clients["other"].get(url).status_code == 404
    assert clients["other"].post(url, {**VALID, "name": "Hijacked"}).status_code == 404
    for method in (clients["anonymous"].get, clients["anonymous"].post):
        response = method(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")
    contact.refresh_from_db()
    assert contact.name == "Dana Reyes"


@pytest.mark.parametrize("address", ["/contacts/", "/contacts/new/"])
def test_lists_need_a_login(client, address):
    assert client.get(address).url.startswith("/accounts/login/?next=")


def test_create_contact_linked_to_an_application(alice_client, alice, application):
    form = alice_client.get(f"/contacts/new/?application={application.pk}")
    assert form.context["form"].initial["company"] == "Northwind"
    response = alice_client.post(
        "/contacts/new/", {**VALID, "applications": [application.pk]}, follow=True
    )
    contact = Contact.objects.get()
    assert response.redirect_chain[-1][0] == f"/contacts/{contact.pk}/"
    assert contact.owner == alice
    assert list(contact.applications.all()) == [application]
    assert "Added Dana Reyes to your contacts." in response.content.decode()
    page = alice_client.get(f"/applications/{application.pk}/").content.decode()
    assert f'href="/contacts/{contact.pk}/"' in page


def test_another_users_application_cannot_be_linked(alice_client, bob, make_application):
    bobs = make_application(bob, company="Bobcorp")
    response = alice_client.post("/contacts/new/", {**VALID, "applications": [bobs.pk]})
    assert response.status_code == 200
    assert "not one of the available choices" in str(response.context["form"].errors)
    assert not Contact.objects.exists()
    # Nor through an application page's "add a contact" link.
    form = alice_client.get(f"/contacts/new/?application={bobs.pk}")
    assert form.context["form"].initial == {}
    assert "Bobcorp" not in form.content.decode()


def test_another_users_contact_cannot_be_linked_to_my_application(
    alice_client, alice, bob, application
):
    Contact.objects.create(owner=alice, name="Dana Reyes")  # the form offers her contacts
    bobs = Contact.objects.create(owner=bob, name="Bob's contact")
    form = {
        "company": "Northwind",
        "role": "Data Engineer",
        "status": "applied",
        "currency": "USD",
        "contacts": [bobs.pk],
    }
    response = alice_client.post(f"/applications/{application.pk}/edit/", form)
    assert response.status_code == 200
    assert "not one of the available choices" in str(response.context["form"].errors["contacts"])
    assert not application.contacts.exists()
    assert (
        "Bob&#x27;s contact"
        not in alice_client.get(f"/applications/{application.pk}/edit/").content.decode()
    )


def test_the_application_form_offers_contacts_only_when_there_are_some(
    alice_client, alice, application
):
    """No empty Contacts box for a newcomer: the field comes with the first contact."""
    for address in ("/applications/new/", f"/applications/{application.pk}/edit/"):
        assert "People you deal with" not in alice_client.get(address).content.decode()
    Contact.objects.create(owner=alice, name="Dana Reyes")
    for address in ("/applications/new/", f"/applications/{application.pk}/edit/"):
        page = alice_client.get(address).content.decode()
        assert "People you deal with" in page and "Dana Reyes" in page


@pytest.mark.parametrize("pk", [str(2**63), str(-(2**63) - 1)])
@pytest.mark.parametrize(
    ("address", "form", "name"),
    [
        ("/contacts/new/", VALID, "applications"),
        ("/applications/{app}/edit/", {**APPLICATION, "company": "Changed"}, "contacts"),
        ("/applications/{app}/interviews/new/", INTERVIEW, "contacts"),
    ],
)
def test_an_id_beyond_any_row_is_not_a_choice(
    alice_client, application, contact, address, form, name, pk
):
    """Beyond a bigint, an id names no row: refused before a query (SQLite cannot take it
    as a parameter: it was an OverflowError 500, found by the fuzz)."""
    response = alice_client.post(address.format(app=application.pk), {**form, name: [pk]})
    assert response.status_code == 200
    assert "not one of the available choices" in str(response.context["form"].errors[name])
    application.refresh_from_db()
    assert application.company == "Northwind"
    assert Contact.objects.get() == contact
    assert not Interview.objects.exists()


def test_application_form_links_my_contacts(alice_client, alice, application):
    mine = Contact.objects.create(owner=alice, name="Sam Lee")
    form = {
        "company": "Northwind",
        "role": "Data Engineer",
        "status": "applied",
        "currency": "USD",
        "contacts": [mine.pk],
    }
    assert alice_client.post(f"/applications/{application.pk}/edit/", form).status_code == 302
    assert list(application.contacts.all()) == [mine]
    edit = alice_client.get(f"/applications/{application.pk}/edit/").content.decode()
    assert f'value="{mine.pk}"' in edit and "checked" in edit


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("email", "not-an-address", "Enter a valid email address."),
        ("profile_url", "linkedin dana", "Enter a valid URL."),
        ("name", "x" * 500, "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_contact_input_is_explained(alice_client, contact, field, value, message):
    before = Contact.objects.values().get(pk=contact.pk)
    response = alice_client.post(f"/contacts/{contact.pk}/edit/", {**VALID, field: value})
    assert message in " ".join(response.context["form"].errors[field])
    assert "Nothing was saved." in response.content.decode()
    assert Contact.objects.values().get(pk=contact.pk) == before


def test_delete_asks_first_and_keeps_the_applications(alice_client, contact, application):
    confirm = alice_client.get(f"/contacts/{contact.pk}/delete/").content.decode()
    assert "Delete this contact?" in confirm
    assert "unlinked from 1 application" in confirm
    response = alice_client.post(f"/contacts/{contact.pk}/delete/")
    assert response.url == "/contacts/"
    assert not Contact.objects.exists()
    assert Application.objects.filter(pk=application.pk).exists()


def test_search(alice_client, alice, bob):
    Contact.objects.create(owner=alice, name="Dana Reyes", company="Northwind")
    Contact.objects.create(owner=alice, name="Priya Nair", title="Recruiter")
    Contact.objects.create(owner=alice, name="Sam", notes="knows Dana's team")
    Contact.objects.create(owner=bob, name="Dana Bob")
    names = lambda r: [c.name for c in r.context["page"].object_list]  # noqa: E731
    assert names(alice_client.get("/contacts/?q=dana")) == ["Dana Reyes", "Sam"]
    assert names(alice_client.get("/contacts/?q=RECRUITER")) == ["Priya Nair"]
    assert names(alice_client.get("/contacts/?q=northwind")) == ["Dana Reyes"]
    assert names(alice_client.get("/contacts/")) == ["Dana Reyes", "Priya Nair", "Sam"]
    assert "No contacts match" in alice_client.get("/contacts/?q=zzz").content.decode()


def test_interview_picks_interviewers_from_the_applications_contacts(
    alice_client, alice, application, contact
):
    elsewhere = Contact.objects.create(owner=alice, name="Not on this application")
    form = alice_client.get(f"/applications/{application.pk}/interviews/new/")
    choices = list(form.context["form"].fields["contacts"].queryset)
    assert choices == [contact]
    response = alice_client.post(
        f"/applications/{application.pk}/interviews/new/",
        {**INTERVIEW, "contacts": [contact.pk], "interviewers": "Tom Becker, Staff Engineer"},
    )
    interview = Interview.objects.get()
    assert response.url == f"/interviews/{interview.pk}/"
    tom = Contact.objects.get(name="Tom Becker")
    assert list(interview.contacts.order_by("name")) == [contact, tom]
    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert f'<a href="/contacts/{contact.pk}/">Dana Reyes</a>' in page
    assert f'<a href="/contacts/{tom.pk}/">Tom Becker</a>' in page
    rejected = alice_client.post(
        f"/applications/{application.pk}/interviews/new/",
        {**INTERVIEW, "contacts": [elsewhere.pk]},
    )
    assert "not one of the available choices" in str(rejected.context["form"].errors)
    assert Interview.objects.count() == 1


def test_a_typed_in_interviewer_becomes_a_contact_shown_on_their_page(
    alice_client, alice, application
):
    """One way to add an interviewer: typed in by name, they join the contacts."""
    form = alice_client.get(f"/applications/{application.pk}/interviews/new/").context["form"]
    assert "new_contact_name" not in form.fields
    alice_client.post(
        f"/applications/{application.pk}/interviews/new/",
        {**INTERVIEW, "interviewers": "Alex Kim, Engineering Lead\nSam Lee"},
    )
    interview = Interview.objects.get()
    alex = Contact.objects.get(name="Alex Kim")
    assert (alex.owner, alex.title, alex.company) == (alice, "Engineering Lead", "Northwind")
    assert list(alex.applications.all()) == [application]
    assert list(alex.interviews.all()) == [interview]
    assert interview.interviewers == ""  # nobody is kept as bare text
    page = alice_client.get(f"/contacts/{alex.pk}/").content.decode()
    assert f'href="/interviews/{interview.pk}/"' in page
    # Named again on a later interview, the same person is linked, not added twice.
    alice_client.post(
        f"/applications/{application.pk}/interviews/new/",
        {**INTERVIEW, "interviewers": "alex  KIM"},
    )
    assert Contact.objects.filter(name__iexact="alex kim").count() == 1
    assert alex.interviews.count() == 2


def test_typed_in_names_match_contacts_at_the_same_company_only(alice_client, alice, application):
    here = Contact.objects.create(owner=alice, name="Sam Lee", company="Northwind GmbH")
    Contact.objects.create(owner=alice, name="Alex Kim", company="Quarry")
    alice_client.post(
        f"/applications/{application.pk}/interviews/new/",
        {**INTERVIEW, "interviewers": "Sam Lee, CTO\nAlex Kim"},
    )
    interview = Interview.objects.get()
    assert here in interview.contacts.all()
    here.refresh_from_db()
    assert here.title == "CTO"  # a role given fills an empty title
    assert Contact.objects.filter(name="Alex Kim").count() == 2  # another Alex, elsewhere


def test_an_interview_with_names_typed_before_gets_them_as_contacts_when_saved(
    alice_client, alice, interview
):
    edit = alice_client.get(f"/interviews/{interview.pk}/edit/")
    assert edit.context["form"].initial["interviewers"] == "Dana Reyes, Head of Data"
    alice_client.post(
        f"/interviews/{interview.pk}/edit/",
        {**INTERVIEW, "interviewers": edit.context["form"].initial["interviewers"]},
    )
    interview.refresh_from_db()
    assert interview.interviewers == ""
    assert [c.name for c in interview.contacts.all()] == ["Dana Reyes"]


def test_editing_an_interview_keeps_its_contacts(alice_client, application, contact, interview):
    interview.contacts.add(contact)
    contact.applications.remove(application)  # unlinked since: still offered, still kept
    edit = alice_client.get(f"/interviews/{interview.pk}/edit/")
    assert list(edit.context["form"].initial["contacts"]) == [contact]
    alice_client.post(f"/interviews/{interview.pk}/edit/", {**INTERVIEW, "contacts": [contact.pk]})
    assert list(interview.contacts.all()) == [contact]


def test_contact_page_shows_applications_and_interviews(
    alice_client, contact, application, interview
):
    interview.contacts.add(contact)
    page = alice_client.get(f"/contacts/{contact.pk}/").content.decode()
    assert f'href="/applications/{application.pk}/"' in page
    assert f'href="/interviews/{interview.pk}/"' in page
    assert "Head of Data" in page


def test_contacts_list_query_count_with_1000_applications(
    alice, alice_client, django_assert_max_num_queries
):
    apps = Application.objects.bulk_create(
        Application(owner=alice, company=f"Company {n}", role="Engineer") for n in range(1000)
    )
    contacts = Contact.objects.bulk_create(
        Contact(owner=alice, name=f"Person {n:03}") for n in range(100)
    )
    Link = Contact.applications.through
    Link.objects.bulk_create(
        Link(contact=contacts[n % 100], application=app) for n, app in enumerate(apps)
    )
    # session, user, count, page of contacts with application counts
    with django_assert_max_num_queries(4):
        response = alice_client.get("/contacts/")
    first = response.context["page"].object_list[0]
    assert (first.name, first.application_count) == ("Person 000", 10)
    with django_assert_max_num_queries(4):
        alice_client.get("/contacts/?q=person&page=2")


def test_contact_page_query_count(alice, alice_client, django_assert_max_num_queries):
    contact = Contact.objects.create(owner=alice, name="Busy")
    apps = Application.objects.bulk_create(
        Application(owner=alice, company=f"Company {n}", role="Engineer") for n in range(50)
    )
    contact.applications.add(*apps)
    interviews = Interview.objects.bulk_create(
        Interview(application=app, starts_at="2026-05-01T10:00Z") for app in apps
    )
    contact.interviews.add(*interviews)
    # session, user, contact, applications, interviews with their applications
    with django_assert_max_num_queries(5):
        page = alice_client.get(f"/contacts/{contact.pk}/").content.decode()
    assert page.count('href="/interviews/') == 50


def test_interview_form_without_contacts_offers_to_type_them(alice_client, application):
    form = alice_client.get(f"/applications/{application.pk}/interviews/new/").context["form"]
    assert "contacts" not in form.fields
    assert form.fields["interviewers"].label == "Interviewers"
    response = alice_client.post(
        f"/applications/{application.pk}/interviews/new/",
        {**INTERVIEW, "interviewers": "Dana Reyes, Head of Data"},
    )
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.lead_name() == "Dana Reyes"
    assert [c.title for c in interview.contacts.all()] == ["Head of Data"]

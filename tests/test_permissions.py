"""Every address that names an object: the owner gets it, anyone else a 404, anonymous a login."""

import pytest

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/applications/{app}/",
    "/applications/{app}/edit/",
    "/applications/{app}/delete/",
    "/applications/{app}/interviews/new/",
    "/interviews/{interview}/",
    "/interviews/{interview}/edit/",
    "/interviews/{interview}/delete/",
    "/interviews/{interview}/checklist/pre/",
    "/interviews/{interview}/checklist/mid/",
    "/interviews/{interview}/exit-script/",
    "/interviews/{interview}/prep/",
    "/interviews/{interview}/decision/",
    "/interviews/{interview}/calendar.ics",
]
LISTS = [
    "/applications/",
    "/applications/new/",
    "/accounts/profile/",
    "/dealbreakers/",
    "/dealbreakers/new/",
    "/decisions/",
    "/scripts/",
    "/scripts/new/",
    "/import/",
    "/imports/",
    "/export/",
    "/export/applications.csv",
    "/export/activity.csv",
    "/export/walkout.json",
    "/export/walkout.zip",
    "/accounts/delete/",
]
# Pages that change state (POST only) or need a pending upload: logged-in users only too.
ACTIONS = [
    "/applications/bulk/",
    "/import/preview/",
    "/import/confirm/",
    "/import/cancel/",
    "/import/restore/",
    "/export/calendar/",
]


def fill(address, application, interview):
    return address.format(app=application.pk, interview=interview.pk)


@pytest.mark.parametrize("address", ADDRESSES)
def test_owner_gets_the_page(alice_client, application, interview, address):
    assert alice_client.get(fill(address, application, interview)).status_code == 200


@pytest.mark.parametrize("address", ADDRESSES)
def test_other_user_gets_404_on_get_and_post(bob_client, application, interview, address):
    url = fill(address, application, interview)
    assert bob_client.get(url).status_code == 404
    assert (
        bob_client.post(url, {"company": "Hijack", "role": "x", "status": "offer"}).status_code
        == 404
    )
    application.refresh_from_db()
    interview.refresh_from_db()
    assert application.company == "Northwind"
    assert application.interviews.count() == 1


@pytest.mark.parametrize("address", LISTS)
def test_logged_in_user_gets_their_own_page(alice_client, address):
    assert alice_client.get(address).status_code == 200


@pytest.mark.parametrize("address", ADDRESSES + LISTS + ACTIONS)
def test_anonymous_is_sent_to_log_in(client, application, interview, address):
    url = fill(address, application, interview)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert client.post(url).status_code == 302
    assert application.interviews.count() == 1


@pytest.mark.parametrize(
    "address", ["/applications/abc/", "/interviews/1x/edit/", "/applications/99999/"]
)
def test_malformed_or_missing_ids_are_404(alice_client, address):
    assert alice_client.get(address).status_code == 404


def test_anonymous_home_is_the_landing_page(client):
    response = client.get("/")
    assert b"Know when to walk out." in response.content
    assert b'href="/accounts/signup/"' in response.content

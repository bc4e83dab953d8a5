import pytest
from django.test import Client

from interviews.models import ScriptTemplate
from tests.concurrency import at_once
from tests.postgres import requires_postgres

pytestmark = pytest.mark.django_db


def test_list_shows_the_articles_script(alice_client):
    page = alice_client.get("/scripts/").content.decode()
    assert "Dana, it doesn&#x27;t sound like I would be a good fit" in page
    assert "You have not written a script of your own yet." in page


def test_create_edit_and_one_default(alice_client, alice):
    alice_client.post(
        "/scripts/new/", {"name": "Warm", "body": "Thanks {interviewer}!", "is_default": "on"}
    )
    alice_client.post(
        "/scripts/new/", {"name": "Brisk", "body": "Bye {company}.", "is_default": "on"}
    )
    defaults = list(
        ScriptTemplate.objects.for_user(alice)
        .filter(is_default=True)
        .values_list("name", flat=True)
    )
    assert defaults == ["Brisk"]
    warm = ScriptTemplate.objects.get(name="Warm")
    alice_client.post(
        f"/scripts/{warm.pk}/edit/", {"name": "Warmer", "body": "Thank you, {interviewer}."}
    )
    warm.refresh_from_db()
    assert (warm.name, warm.body) == ("Warmer", "Thank you, {interviewer}.")


def test_preview_button_saves_nothing(alice_client):
    response = alice_client.post(
        "/scripts/new/", {"name": "Try", "body": "Hi {interviewer} {bogus}", "preview": "1"}
    )
    page = response.content.decode()
    assert "Hi Dana {bogus}" in page
    assert "Not filled in, shown as written" in page
    assert not ScriptTemplate.objects.exists()


def test_live_preview_endpoint(alice_client):
    data = alice_client.post(
        "/scripts/preview/",
        {"body": "{{ x }} {interviewer} at {company} {oops}"},
        HTTP_ACCEPT="application/json",
    ).json()
    assert data == {"text": "{{ x }} Dana at Northwind {oops}", "unknown": ["oops"]}
    too_long = alice_client.post("/scripts/preview/", {"body": "x" * 2001})
    assert too_long.status_code == 400
    assert alice_client.get("/scripts/preview/").status_code == 405


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "body": "x"}, "name"),
        ({"name": "n", "body": ""}, "body"),
        ({"name": "n", "body": "x" * 2001}, "body"),
    ],
)
def test_bad_template_input(alice_client, data, field):
    response = alice_client.post("/scripts/new/", data)
    assert field in response.context["form"].errors
    assert not ScriptTemplate.objects.exists()


def test_delete_asks_first(alice_client, alice):
    template = ScriptTemplate.objects.create(owner=alice, name="Gone", body="x")
    assert (
        b"Delete \xe2\x80\x9cGone\xe2\x80\x9d?"
        in alice_client.get(f"/scripts/{template.pk}/delete/").content
    )
    alice_client.post(f"/scripts/{template.pk}/delete/")
    assert not ScriptTemplate.objects.exists()


@pytest.mark.parametrize("suffix", ["edit/", "delete/"])
def test_other_users_template_is_404(bob_client, alice, suffix):
    template = ScriptTemplate.objects.create(owner=alice, name="Mine", body="x")
    url = f"/scripts/{template.pk}/{suffix}"
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, {"name": "Stolen", "body": "y"}).status_code == 404
    template.refresh_from_db()
    assert (template.name, template.body) == ("Mine", "x")


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_default_scripts_saved_at_once_leave_one_default(alice):
    """Four tabs (or four taps) save a new default script at the same instant."""
    clients = [Client() for _ in range(4)]
    for client in clients:
        client.force_login(alice)
    data = {"name": "Mine", "body": "Thank you, {interviewer}.", "is_default": "on"}
    responses = at_once(clients, lambda c: c.post("/scripts/new/", data))
    saved = [response for response in responses if response.status_code == 302]
    refused = [response for response in responses if response.status_code != 302]
    assert saved
    for response in refused:
        text = response.content.decode()
        assert response.status_code == 200
        assert "Another script became your default at the same moment" in text, text
        assert "Thank you, {interviewer}." in text  # what they typed is kept
    mine = ScriptTemplate.objects.for_user(alice)
    assert mine.count() == len(saved)
    assert mine.filter(is_default=True).count() == 1

"""Deleting an account: the password again, then every row it owns, and nothing else."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from interviews.models import (
    Application,
    ChecklistAnswer,
    Contact,
    Dealbreaker,
    Decision,
    Interview,
    ScriptTemplate,
    StatusChange,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# Every model a user owns rows of, and the path from a row to its owner.
OWNED = {
    Application: "owner",
    StatusChange: "application__owner",
    Interview: "application__owner",
    ChecklistAnswer: "interview__application__owner",
    Decision: "interview__application__owner",
    Contact: "owner",
    Dealbreaker: "owner",
    ScriptTemplate: "owner",
    Contact.applications.through: "contact__owner",
    Contact.interviews.through: "contact__owner",
}


def census():
    """{model: {owner id: rows}} over the whole database."""
    counts = {}
    for model, owner in OWNED.items():
        counts[model] = {}
        for owner_id in model.objects.values_list(owner, flat=True):
            counts[model][owner_id] = counts[model].get(owner_id, 0) + 1
    return counts


@pytest.fixture
def both_full(alice, bob, fill_account):
    fill_account(alice)
    fill_account(bob)
    alice.new_calendar_token()


def test_the_page_offers_the_export_first(alice_client, both_full):
    page = alice_client.get("/accounts/delete/").content.decode()
    assert page.index('href="/export/walkout.json"') < page.index('id="delete-account"')
    assert "3 applications" in page and "2 interviews" in page and "2 contacts" in page


def test_deleting_removes_every_owned_row_and_nothing_else(alice, bob, alice_client, both_full):
    before = census()
    for model in OWNED:
        assert before[model].get(alice.pk), f"the fixture gives Alice no {model.__name__}"
    token = alice.calendar_token

    response = alice_client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1] == ("/", 302)
    assert "Your account and everything in it are deleted." in response.content.decode()
    assert not response.context["user"].is_authenticated

    after = census()
    for model in OWNED:
        assert alice.pk not in after[model], model.__name__
        assert after[model] == {bob.pk: before[model][bob.pk]}, model.__name__
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
    assert get_user_model().objects.filter(pk=bob.pk).exists()
    # Answers to a dealbreaker Bob deleted stay his (they hang off his interviews).
    assert ChecklistAnswer.objects.filter(dealbreaker__isnull=True).count() == 1
    assert Client().get(f"/calendar/{token}.ics").status_code == 404
    assert alice_client.get("/applications/").status_code == 302  # logged out


def test_a_wrong_password_deletes_nothing(alice, alice_client, both_full):
    before = census()
    response = alice_client.post("/accounts/delete/", {"password": "not-my-password"})
    assert response.status_code == 200
    assert "That is not your password. Nothing was deleted." in response.content.decode()
    assert census() == before
    assert alice_client.get("/applications/").status_code == 200  # still logged in


def test_an_empty_password_deletes_nothing(alice_client, both_full):
    before = census()
    response = alice_client.post("/accounts/delete/", {"password": ""})
    assert "This field is required." in response.content.decode()
    assert census() == before


def test_wrong_passwords_count_toward_the_login_pause(alice, alice_client, both_full):
    for _ in range(5):
        alice_client.post("/accounts/delete/", {"password": "guess"})
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 429
    assert "Too many wrong passwords for this account from your network." in (
        response.content.decode()
    )
    assert get_user_model().objects.filter(pk=alice.pk).exists()
    # The same pause as logging in: the password does not open the account either.
    login = Client().post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert login.status_code == 429


def test_get_never_deletes(alice, alice_client):
    alice_client.get("/accounts/delete/", {"password": PASSWORD})
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_deletion_needs_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_anonymous_is_sent_to_log_in(client, alice):
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_the_page_speaks_of_one_application_in_the_singular(alice, alice_client, application):
    page = " ".join(alice_client.get("/accounts/delete/").content.decode().split())
    assert "1 application with its timeline, 0 interviews with their checklist" in page

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.test import Client

from tests.concurrency import at_once
from tests.conftest import PASSWORD
from tests.postgres import requires_postgres

pytestmark = pytest.mark.django_db


def test_signup_creates_account_and_logs_in(client, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "carol",
            "email": "carol@example.com",
            "time_zone": "America/Chicago",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/"
    user = django_user_model.objects.get(username="carol")
    assert user.time_zone == "America/Chicago"
    assert response.context["user"] == user
    assert b"Welcome to Walkout" in response.content


@pytest.mark.real_password_hasher
def test_signup_stores_the_password_with_the_production_hasher(client, django_user_model):
    """The suite hashes with MD5 for speed; an account made as production makes it is
    hashed with Django's default (PBKDF2), and logs in with it."""
    client.post(
        "/accounts/signup/",
        {
            "username": "dave",
            "email": "dave@example.com",
            "time_zone": "UTC",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = django_user_model.objects.get(username="dave")
    assert user.password.startswith("pbkdf2_sha256$")
    client.post("/accounts/logout/")
    assert client.login(username="dave", password=PASSWORD)


def test_signup_with_unknown_time_zone_is_refused(client, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "dan",
            "time_zone": "Mars/Olympus",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    assert not django_user_model.objects.filter(username="dan").exists()


def test_signup_mismatched_passwords_show_message(client, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {"username": "erin", "time_zone": "UTC", "password1": PASSWORD, "password2": "nope"},
    )
    assert "password2" in response.context["form"].errors
    assert not django_user_model.objects.filter(username="erin").exists()


def test_login_and_logout_by_post(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == alice
    assert client.get("/accounts/logout/").status_code == 405  # GET never logs out
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_wrong_password_shows_a_message(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert b"enter a correct username and password" in response.content


def test_password_reset_sends_a_working_link(client, alice):
    response = client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    assert response.status_code == 302
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :].strip()
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    new_password = "another-long-passphrase-42"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    alice.refresh_from_db()
    assert alice.check_password(new_password)


def test_password_change(alice_client, alice):
    new_password = "a-brand-new-passphrase-7"
    response = alice_client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new_password)


def test_profile_saves_time_zone(alice_client, alice):
    response = alice_client.post(
        "/accounts/profile/",
        {
            "display_name": "Alice M.",
            "email": "a@example.com",
            "time_zone": "Asia/Tokyo",
            "currency": " jpy ",
            "concern_threshold": "60",
            "ghost_after_days": "14",
        },
        follow=True,
    )
    assert b"Profile saved." in response.content
    alice.refresh_from_db()
    assert (alice.time_zone, alice.display_name, alice.currency) == (
        "Asia/Tokyo",
        "Alice M.",
        "JPY",
    )


def test_time_zones_offered_are_places_and_utc(client, alice_client, alice):
    signup = client.get("/accounts/signup/").content.decode()
    assert '<option value="Europe/Paris">Europe/Paris</option>' in signup
    assert '<option value="UTC"' in signup
    for alias in ("Factory", "localtime", "US/Eastern", "GB", "Etc/GMT+3"):
        assert f'value="{alias}"' not in signup
    # An alias already chosen (in the admin, say) is kept, so the profile still saves.
    alice.time_zone = "US/Eastern"
    alice.save()
    profile = alice_client.get("/accounts/profile/").content.decode()
    assert 'value="US/Eastern" selected' in profile
    assert 'value="US/Pacific"' not in profile


def test_times_are_shown_in_the_users_zone(alice_client, alice, application, make_interview):
    interview = make_interview(application, starts_at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "1 July 2026, 14:00" in page  # Paris is UTC+2 in summer
    alice.time_zone = "America/New_York"
    alice.save()
    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "1 July 2026, 08:00" in page


@requires_postgres
@pytest.mark.real_password_hasher
@pytest.mark.django_db(transaction=True)
def test_sign_ups_at_once_with_one_username_make_one_account(django_user_model):
    """Each passes the form's "already exists" check before any has saved: the production
    hasher spends most of a second between the check and the save."""
    data = {
        "username": "carol",
        "email": "carol@example.com",
        "time_zone": "UTC",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    responses = at_once([Client() for _ in range(4)], lambda c: c.post("/accounts/signup/", data))
    assert sorted(response.status_code for response in responses) == [200, 200, 200, 302]
    assert django_user_model.objects.filter(username="carol").count() == 1
    for response in responses:
        if response.status_code == 200:
            text = response.content.decode()
            assert (
                "That username is taken" in text
                or "A user with that username already exists." in text
            ), text
            assert 'value="carol@example.com"' in text  # what they typed is kept

import re
import time
from datetime import UTC, datetime

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from accounts import confirmation
from tests.concurrency import at_once
from tests.conftest import PASSWORD, profile_form
from tests.machine import free_port
from tests.postgres import requires_postgres
from tests.smtp import SMTPServer, mailers_for

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
    assert message.subject == "Reset your Walkout password"
    assert "Walkout, the job-search tracker at http://testserver." in message.body
    assert "open this link within 3 days" in message.body
    assert "Your username, in case you need it: alice" in message.body
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    assert link.startswith("http://testserver/accounts/reset/")
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


def test_a_refused_profile_leaves_the_logged_in_user_as_saved(alice_client, alice):
    """The form edits a copy: the rest of the page (and the user the request carries) does
    not take on what a refused form was sent."""
    response = alice_client.post(
        "/accounts/profile/",
        {
            "display_name": "Mallory",
            "email": "mallory@evil.example",  # changed: the password is missing
            "time_zone": "Asia/Tokyo",
            "currency": "JPY",
            "concern_threshold": "60",
            "ghost_after_days": "14",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors
    user = response.context["user"]
    saved = ("Alice Martin", "alice@example.com", "Europe/Paris")
    assert (user.display_name, user.email, user.time_zone) == saved
    assert b"<strong>mallory@evil.example</strong>" not in response.content
    alice.refresh_from_db()
    assert (alice.display_name, alice.email, alice.time_zone) == saved


def test_profile_saves_time_zone(alice_client, alice):
    response = alice_client.post(
        "/accounts/profile/",
        {
            "display_name": "Alice M.",
            "email": "alice@example.com",  # unchanged: no password asked
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


# Confirming the e-mail address ------------------------------------------------------------

CONFIRM_LINK = re.compile(r"https?://[^\s\"<>/]+(/accounts/confirm-email/[^/\s\"<>]+/)")


@pytest.fixture
def smtp_inbox(settings):
    server = SMTPServer()
    settings.MAILERS = mailers_for(server.port)
    with server as inbox:
        yield inbox


def confirm_path(message):
    """The confirmation link's path in an e-mail (django.core.mail or one received)."""
    body = message.body if hasattr(message, "body") else message.get_body(("plain",)).get_content()
    [path] = CONFIRM_LINK.findall(body)
    return path


def sign_up(client, username="carol", email="carol@example.com"):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": email,
            "time_zone": "UTC",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )


def test_sign_up_sends_a_link_that_confirms_the_address_after_a_button(
    client, smtp_inbox, django_user_model
):
    page = sign_up(client, username="carol")
    assert "We sent a link to carol@example.com" in page.text
    carol = django_user_model.objects.get(username="carol")
    assert not carol.email_confirmed
    [message] = smtp_inbox.to("carol@example.com")
    assert message["Subject"] == "Confirm your e-mail address for Walkout"
    text = message.get_body(("plain",)).get_content()
    assert "carol" not in text.lower().replace("carol@example.com", "")  # nothing they typed
    path = confirm_path(message)
    assert path in message.get_body(("html",)).get_content()

    # Opening the link changes nothing (mail scanners open links): it asks.
    page = client.get(path)
    assert page.status_code == 200 and "Confirm your e-mail address?" in page.text
    carol.refresh_from_db()
    assert not carol.email_confirmed

    page = client.post(path, follow=True)
    assert "carol@example.com is confirmed" in page.text
    carol.refresh_from_db()
    assert carol.email_confirmed
    assert 'id="email-unconfirmed"' not in page.text
    assert "is confirmed already" in client.get(path).text
    profile = client.get("/accounts/profile/").text
    assert (
        '<p class="text-body-secondary" id="email-confirmed">Your e-mail address '
        "<strong>carol@example.com</strong> is confirmed.</p>"
    ) in profile


def test_sign_up_without_an_address_sends_nothing(client, django_user_model):
    client.post(
        "/accounts/signup/",
        {"username": "erin", "time_zone": "UTC", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert django_user_model.objects.get(username="erin").email == ""
    assert mail.outbox == []


def test_the_link_asks_to_log_in_first(client, make_user):
    carol = make_user("carol", email_confirmed=False)
    path = reverse("confirm_email", args=[confirmation.make_token(carol)])
    response = client.post(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    carol.refresh_from_db()
    assert not carol.email_confirmed


def refused(client, path, reason):
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert f'data-reason="{reason}"' in response.text
        assert "Nothing was changed." in response.text


def test_an_expired_link_is_refused(client, make_user, monkeypatch):
    carol = make_user("carol", email_confirmed=False)
    client.force_login(carol)
    sent = int(time.time()) - confirmation.MAX_AGE - 60
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(sent))
    token = confirmation.make_token(carol)
    monkeypatch.undo()
    refused(client, reverse("confirm_email", args=[token]), "expired")
    assert "It has expired" in client.get(reverse("confirm_email", args=[token])).text
    carol.refresh_from_db()
    assert not carol.email_confirmed


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: token[:20],  # cut short
        lambda token: "x" + token,  # the payload
        lambda token: signing.dumps({"u": 1, "e": "x"}, salt="another.salt"),
    ],
)
def test_a_tampered_link_is_refused(client, make_user, tamper):
    carol = make_user("carol", email_confirmed=False)
    client.force_login(carol)
    refused(
        client, reverse("confirm_email", args=[tamper(confirmation.make_token(carol))]), "invalid"
    )
    carol.refresh_from_db()
    assert not carol.email_confirmed


def test_another_user_cannot_confirm_someone_elses_address(alice, alice_client, make_user):
    carol = make_user("carol", email_confirmed=False)
    # Alice holds Carol's link (forwarded, or her own address typed by Carol at sign-up).
    refused(
        alice_client,
        reverse("confirm_email", args=[confirmation.make_token(carol)]),
        "other_account",
    )
    # Alice's own link confirms only Alice.
    alice.email_confirmed = False
    alice.save()
    alice_client.post(reverse("confirm_email", args=[confirmation.make_token(alice)]))
    carol.refresh_from_db()
    alice.refresh_from_db()
    assert (alice.email_confirmed, carol.email_confirmed) == (True, False)


def test_changing_the_address_needs_the_password_unconfirms_it_and_sends_a_new_link(
    alice, alice_client
):
    old_link = reverse("confirm_email", args=[confirmation.make_token(alice)])
    response = alice_client.post(
        "/accounts/profile/",
        profile_form(alice, email="alice@new.example", current_password=PASSWORD),
        follow=True,
    )
    assert "Profile saved. We sent a link to alice@new.example" in response.text
    alice.refresh_from_db()
    assert (alice.email, alice.email_confirmed) == ("alice@new.example", False)
    assert "alice@new.example</strong> is not confirmed yet — reminders start once you" in (
        response.text
    )
    [message] = mail.outbox
    assert message.to == ["alice@new.example"]

    # A link sent to the old address cannot confirm the new one.
    refused(alice_client, old_link, "other_address")
    alice.refresh_from_db()
    assert not alice.email_confirmed
    alice_client.post(confirm_path(message))
    alice.refresh_from_db()
    assert alice.email_confirmed


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("", "Enter your current password to change your e-mail address. Nothing was saved."),
        ("wrong-password", "That is not your password. Nothing was saved."),
    ],
)
@pytest.mark.parametrize("new_address", ["mallory@evil.example", ""])
def test_changing_or_clearing_the_address_without_the_password_saves_nothing(
    alice, alice_client, password, error, new_address
):
    response = alice_client.post(
        "/accounts/profile/",
        profile_form(alice, email=new_address, time_zone="Asia/Tokyo", current_password=password),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"current_password": [error]}
    alice.refresh_from_db()
    assert (alice.email, alice.email_confirmed, alice.time_zone) == (
        "alice@example.com",
        True,
        "Europe/Paris",
    )
    assert mail.outbox == []
    # The page still speaks of the saved address, not the one typed.
    assert 'id="email-unconfirmed"' not in response.text
    assert 'id="reminders-need-email"' not in response.text


def test_other_preferences_save_without_the_password_and_the_address_stays_confirmed(
    alice, alice_client
):
    response = alice_client.post("/accounts/profile/", profile_form(alice, digest="on"))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.digest, alice.email_confirmed) == (True, True)
    assert mail.outbox == []


def test_clearing_the_address_with_the_password(alice, alice_client):
    response = alice_client.post(
        "/accounts/profile/",
        profile_form(alice, email="", current_password=PASSWORD),
        follow=True,
    )
    assert "Your e-mail address is removed" in response.text
    alice.refresh_from_db()
    assert (alice.email, alice.email_confirmed) == ("", False)
    assert mail.outbox == []


def test_wrong_passwords_on_the_profile_are_throttled_with_logins(alice, alice_client):
    change = profile_form(alice, email="mallory@evil.example", current_password="guess")
    for _ in range(5):
        assert alice_client.post("/accounts/profile/", change).status_code == 200
    # Paused now, even for the right password, on the profile and at the login alike.
    response = alice_client.post("/accounts/profile/", {**change, "current_password": PASSWORD})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many wrong passwords for this account" in response.text
    assert "Nothing was saved." in response.text
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    login = Client().post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert login.status_code == 429


def test_send_the_link_again_is_a_throttled_post(make_user):
    carol = make_user("carol", email_confirmed=False)
    client = Client()
    client.force_login(carol)
    page = client.get("/accounts/profile/").text
    assert 'id="email-unconfirmed"' in page and 'id="email-confirmed"' not in page
    assert "not confirmed yet — reminders start once you confirm" in page
    assert client.get("/accounts/confirm-email/").status_code == 405
    for _ in range(3):
        response = client.post("/accounts/confirm-email/", follow=True)
        assert "We sent a link to carol@example.com" in response.text
    response = client.post("/accounts/confirm-email/", follow=True)
    assert "Too many confirmation e-mails" in response.text
    assert len(mail.outbox) == 3
    # Every link sent works (the address is the same).
    client.post(confirm_path(mail.outbox[0]))
    carol.refresh_from_db()
    assert carol.email_confirmed
    response = client.post("/accounts/confirm-email/", follow=True)
    assert "carol@example.com is confirmed already" in response.text


def test_many_accounts_cannot_flood_one_address(client, make_user):
    """Sign-ups with a stranger's address: a few links an hour reach them, no more."""
    for number in range(5):
        sign_up(Client(), username=f"spam{number}", email="stranger@example.com")
    assert len(mail.outbox) == 3


def test_a_failing_mail_server_keeps_the_account_and_says_so(client, settings, django_user_model):
    settings.MAILERS = mailers_for(free_port())  # nobody listens there
    page = sign_up(client)
    assert "could not be sent just now" in page.text
    assert django_user_model.objects.filter(username="carol").exists()


def test_a_password_reset_goes_to_an_unconfirmed_address_and_confirms_it(client, make_user):
    carol = make_user("carol", email_confirmed=False)
    client.post("/accounts/password_reset/", {"email": "carol@example.com"})
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get(link[link.index("/accounts/reset/") :].strip(), follow=True)
    new_password = "another-long-passphrase-42"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    carol.refresh_from_db()
    assert carol.check_password(new_password) and carol.email_confirmed


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_addresses_confirmed():
    """Accounts with an address before confirmation existed keep their reminders."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("accounts", "0008_user_currency")], [("accounts", "0009_email_confirmed")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    OldUser = executor.loader.project_state(before).apps.get_model("accounts", "User")
    OldUser.objects.create(username="old", email="old@example.com")
    OldUser.objects.create(username="none", email="")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    User = executor.loader.project_state(after).apps.get_model("accounts", "User")
    assert dict(User.objects.values_list("username", "email_confirmed")) == {
        "old": True,
        "none": False,
    }
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

"""Login and password-reset throttling: a pause for one username + network, nobody else."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.test import RequestFactory

from accounts import throttle
from accounts.models import Attempt
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"


def log_in(client, username, password, address=HOME, **headers):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def fail_five_times(client, username="alice", address=HOME):
    for _ in range(5):
        response = log_in(client, username, "wrong-password", address)
        assert response.status_code == 200
        assert b"enter a correct username and password" in response.content


def is_logged_in(client):
    return client.get("/").context["user"].is_authenticated


def time_passes(minutes):
    """Age every recorded attempt, as if the clock had moved on."""
    Attempt.objects.update(attempted_at=F("attempted_at") - timedelta(minutes=minutes))


def test_sixth_attempt_is_refused_even_with_the_right_password(client, alice):
    fail_five_times(client)
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 14 * 60
    assert b"Too many failed attempts to log in to this account from your network" in (
        response.content
    )
    assert b"try again in 15 minutes" in response.content
    assert not is_logged_in(client)


def test_a_few_mistakes_do_not_lock_anyone_out(client, alice):
    for _ in range(4):
        log_in(client, "alice", "wrong-password")
    assert log_in(client, "alice", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_success_starts_the_count_again(client, alice):
    for _ in range(4):
        log_in(client, "alice", "wrong-password")
    assert log_in(client, "alice", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    fail_five_times(client)  # five more mistakes are allowed after a success
    assert log_in(client, "alice", PASSWORD).status_code == 429


def test_other_user_on_the_same_network_is_unaffected(client, alice, bob):
    fail_five_times(client, "alice")
    assert log_in(client, "bob", PASSWORD).status_code == 302
    assert client.get("/").context["user"] == bob


def test_same_user_from_another_network_is_unaffected(client, alice):
    fail_five_times(client, "alice", HOME)
    assert log_in(client, "alice", PASSWORD, ELSEWHERE).status_code == 302
    assert client.get("/").context["user"] == alice


def test_username_case_does_not_dodge_the_count(client, alice):
    for name in ["alice", "Alice", "ALICE", "aLice", "alicE"]:
        log_in(client, name, "wrong-password")
    assert log_in(client, "alice", PASSWORD).status_code == 429


def test_cool_off_expires(client, alice):
    fail_five_times(client)
    time_passes(14)
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert b"try again in 1 minute" in response.content
    time_passes(2)
    assert log_in(client, "alice", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_refused_attempts_do_not_extend_the_pause(client, alice):
    fail_five_times(client)
    for _ in range(20):
        assert log_in(client, "alice", "wrong-password").status_code == 429
    time_passes(16)
    assert log_in(client, "alice", PASSWORD).status_code == 302


def test_mistakes_spread_over_more_than_the_window_never_lock(client, alice):
    for _ in range(8):
        log_in(client, "alice", "wrong-password")
        time_passes(4)
    assert log_in(client, "alice", PASSWORD).status_code == 302


def test_forged_forwarded_for_is_ignored_without_trusted_proxies(client, alice):
    for n in range(5):
        log_in(client, "alice", "wrong-password", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = log_in(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_behind_a_proxy_each_client_is_counted_apart(client, alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "172.18.0.2"
    for _ in range(5):
        log_in(client, "alice", "wrong-password", proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    refused = log_in(client, "alice", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert refused.status_code == 429
    # A client cannot escape by prepending its own entries: only the proxy's counts.
    forged = log_in(client, "alice", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert forged.status_code == 429
    other = log_in(client, "alice", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "", "192.0.2.1"),
        (0, "192.0.2.1", "198.51.100.7", "192.0.2.1"),
        (1, "10.0.0.9", "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.9", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "10.0.0.9", "6.6.6.6, 198.51.100.7, 10.0.0.8", "198.51.100.7"),
        (1, "10.0.0.9", "", "10.0.0.9"),
        (1, "10.0.0.9", "not-an-address", "not-an-address"),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),
    ],
)
def test_client_network(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert throttle.client_network(request) == expected


def test_admin_login_is_throttled_too(client, make_user):
    make_user("root", is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "nope"}, REMOTE_ADDR=HOME)
    response = client.post(
        "/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR=HOME
    )
    assert b"Too many failed attempts" in response.content
    assert not is_logged_in(client)


def test_the_admins_password_change_is_throttled_too(client, make_user):
    root = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    new = "a-new-long-passphrase-42"

    def change(old):
        return client.post(
            "/admin/password_change/",
            {"old_password": old, "new_password1": new, "new_password2": new},
        )

    for _ in range(5):
        assert b"Your old password was entered incorrectly" in change("nope").content
    response = change(PASSWORD)
    assert b"Too many wrong passwords. Try again in 15 minutes." in response.content
    root.refresh_from_db()
    assert root.check_password(PASSWORD)
    time_passes(15)
    assert change(PASSWORD).status_code == 302
    root.refresh_from_db()
    assert root.check_password(new)


def test_attempts_store_no_username_or_address(client, alice):
    log_in(client, "alice", "wrong-password")
    # One for the username + network, one for the network whatever the username.
    attempts = list(Attempt.objects.all())
    assert len(attempts) == 2 and len({attempt.key for attempt in attempts}) == 2
    for attempt in attempts:
        assert attempt.scope == Attempt.Scope.LOGIN
        assert "alice" not in attempt.key and HOME not in attempt.key
        assert len(attempt.key) == 64


def test_old_attempts_are_pruned(client, alice):
    log_in(client, "alice", "wrong-password")
    time_passes(3 * 60)
    log_in(client, "alice", "wrong-password")
    assert Attempt.objects.count() == 2  # the last failure's pair only


def test_many_usernames_from_one_network_are_paused_together(client, alice, make_user):
    """Password spraying: a few guesses at each of many accounts. 30 failures from one
    network in 15 minutes, whatever the usernames, pause logging in from it; a successful
    login does not count, and another network is not affected."""
    for n in range(29):
        assert log_in(client, f"user{n}", "Winter2026!").status_code == 200
    assert log_in(client, "alice", PASSWORD).status_code == 302  # not a failure
    client.post("/accounts/logout/")
    assert log_in(client, "someone", "Winter2026!").status_code == 200  # the 30th failure
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed attempts to log in from your network" in response.content
    assert not is_logged_in(client)
    assert log_in(client, "alice", PASSWORD, ELSEWHERE).status_code == 302
    client.post("/accounts/logout/")
    time_passes(15)
    assert log_in(client, "alice", PASSWORD).status_code == 302


def change_password(client, old, new="a-new-long-passphrase-42"):
    return client.post(
        "/accounts/password_change/",
        {"old_password": old, "new_password1": new, "new_password2": new},
        REMOTE_ADDR=HOME,
    )


def test_the_old_password_on_password_change_is_throttled_like_a_login(client, alice):
    """A session alone is no way to guess the password: wrong old passwords count toward
    the login's pause (before, 20 wrong ones and then the right one changed it)."""
    assert log_in(client, "alice", PASSWORD).status_code == 302
    for _ in range(5):
        response = change_password(client, "wrong-password")
        assert response.status_code == 200
        assert b"That is not your password. Your password was not changed." in response.content
    response = change_password(client, PASSWORD)
    assert response.status_code == 429
    assert b"Too many wrong passwords for this account from your network" in response.content
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    time_passes(15)
    assert change_password(client, PASSWORD).status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-new-long-passphrase-42")


def reset(client, email, address=HOME):
    return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address)


def test_password_reset_is_limited_per_email(client, alice):
    for _ in range(3):
        assert reset(client, "alice@example.com").status_code == 302
    response = reset(client, "ALICE@example.com", ELSEWHERE)
    assert response.status_code == 429
    assert b"Too many password reset requests" in response.content
    assert len(mail.outbox) == 3
    # Another address, from the same network, still gets its mail.
    assert reset(client, "bob@example.com").status_code == 302


def test_password_reset_is_limited_per_network(client, alice):
    for n in range(10):
        assert reset(client, f"someone{n}@example.com").status_code == 302
    assert reset(client, "alice@example.com").status_code == 429
    assert mail.outbox == []
    assert reset(client, "alice@example.com", ELSEWHERE).status_code == 302
    assert len(mail.outbox) == 1


def test_password_reset_limit_is_the_same_for_unknown_addresses(client, alice):
    """The limit must not tell an attacker which addresses have accounts."""
    for _ in range(3):
        reset(client, "nobody@example.com")
    assert reset(client, "nobody@example.com", ELSEWHERE).status_code == 429


def test_password_reset_pause_expires(client, alice):
    for _ in range(3):
        reset(client, "alice@example.com")
    time_passes(61)
    assert reset(client, "alice@example.com").status_code == 302
    assert len(mail.outbox) == 4


def test_refusals_are_not_counted_for_the_other_rule(client, alice):
    for _ in range(3):
        reset(client, "alice@example.com")
    for _ in range(10):
        assert reset(client, "alice@example.com").status_code == 429
    # The refused requests above did not use up this network's allowance.
    assert reset(client, "bob@example.com").status_code == 302


def test_concurrent_attempts_see_each_other():
    """An attempt is recorded before the earlier ones are read: of a burst that arrives
    together, only `limit` go through (simulated by starting them before any finishes)."""
    key = throttle.key_for("burst")
    started = [throttle.begin(throttle.LOGIN, key) for _ in range(5)]
    with pytest.raises(throttle.Throttled):
        throttle.begin(throttle.LOGIN, key)
    assert len(started) == 5
    assert Attempt.objects.filter(key=key).count() == 5


def reset_password(client, email, new_password, address=HOME):
    """The whole reset, from `address`: the request, the e-mailed link, the new password."""
    mail.outbox.clear()
    client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address)
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get(link[link.index("/accounts/reset/") :].strip(), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        REMOTE_ADDR=address,
    )
    assert response.status_code == 302


def test_a_password_reset_lifts_the_accounts_pause_on_that_network(client, alice, bob):
    """The pause's message offers a reset; the reset then lets the new password in."""
    fail_five_times(client)
    fail_five_times(client, "alice", ELSEWHERE)
    fail_five_times(client, "bob")
    assert b"or reset your password" in log_in(client, "alice", PASSWORD).content
    new_password = "a-new-passphrase-after-a-reset"
    reset_password(client, "alice@example.com", new_password)
    client.logout()
    assert log_in(client, "alice", new_password).status_code == 302
    # Only Alice on this network: elsewhere her pause stands, and Bob's here.
    client.logout()
    assert log_in(client, "alice", new_password, ELSEWHERE).status_code == 429
    assert log_in(client, "bob", PASSWORD).status_code == 429

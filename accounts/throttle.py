"""Throttling of logins, password resets and confirmation e-mails, counted in the
database (accounts.Attempt).

A rule allows `limit` attempts for a key within `window`; once that many fall inside the
window, further attempts are refused until `cool_off` after the last of them. Refused
attempts are not recorded, so hammering a locked key does not extend the lock: it is a
pause, never a permanent lock that an attacker could hold over a user.
"""

import ipaddress
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Attempt


@dataclass(frozen=True)
class Rule:
    scope: str
    limit: int
    window: timedelta
    cool_off: timedelta


LOGIN = Rule(Attempt.Scope.LOGIN, 5, timedelta(minutes=15), timedelta(minutes=15))
# Wrong passwords from one network whatever the username: a few guesses at each of many
# accounts (password spraying) stop here. Only failures count (the backend drops a
# successful login's attempt), so an office behind one address logs in freely.
LOGIN_BY_NETWORK = Rule(Attempt.Scope.LOGIN, 30, timedelta(minutes=15), timedelta(minutes=15))
RESET_BY_NETWORK = Rule(Attempt.Scope.RESET_NETWORK, 10, timedelta(hours=1), timedelta(hours=1))
RESET_BY_EMAIL = Rule(Attempt.Scope.RESET_EMAIL, 3, timedelta(hours=1), timedelta(hours=1))
# Confirmation e-mails (sign-up, a changed address, "send the link again"): a few an hour
# for an account, and fewer for one address, whichever accounts name it, so that nobody
# can make Walkout flood a stranger's inbox.
CONFIRM_BY_ACCOUNT = Rule(Attempt.Scope.CONFIRM_ACCOUNT, 5, timedelta(hours=1), timedelta(hours=1))
CONFIRM_BY_EMAIL = Rule(Attempt.Scope.CONFIRM_EMAIL, 3, timedelta(hours=1), timedelta(hours=1))
RULES = (LOGIN, RESET_BY_NETWORK, RESET_BY_EMAIL, CONFIRM_BY_ACCOUNT, CONFIRM_BY_EMAIL)


class Throttled(Exception):
    """Refused by `rule`: the key is cooling off until `retry_at`."""

    def __init__(self, retry_at, rule=None):
        super().__init__(retry_at)
        self.retry_at = retry_at
        self.rule = rule

    @property
    def seconds(self):
        return max(1, math.ceil((self.retry_at - timezone.now()).total_seconds()))

    @property
    def minutes(self):
        return math.ceil(self.seconds / 60)

    @property
    def wait(self):
        """How long to wait, as a message says it: “1 minute”, “15 minutes”."""
        return f"{self.minutes} minute{'' if self.minutes == 1 else 's'}"


def client_network(request):
    """The client's address (an IPv6 client's /64, which one machine can rotate through).

    REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT says how many of our own proxies
    append to X-Forwarded-For: then the entry that many places from the right, the address
    the outermost proxy saw. Entries further left are whatever the client sent.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        chain = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [hop for hop in chain if hop]
        if chain:
            address = chain[-proxies] if len(chain) >= proxies else chain[0]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def key_for(*parts):
    """A keyed hash of the parts, so the table stores no usernames, e-mails or addresses."""
    return salted_hmac("walkout.throttle", "\0".join(parts), algorithm="sha256").hexdigest()


def login_key(request, username):
    """The key of LOGIN for `username` from the request's network."""
    return key_for(str(username).casefold(), client_network(request))


def begin(rule, key):
    """Record an attempt for `key`, or raise Throttled (recording nothing) if it must wait.

    The attempt is written before the earlier ones are read, so concurrent attempts see
    each other and a burst cannot slip past the limit together.
    """
    now = timezone.now()
    attempt = Attempt.objects.create(scope=rule.scope, key=key, attempted_at=now)
    earlier = list(
        Attempt.objects.filter(scope=rule.scope, key=key, pk__lt=attempt.pk)
        .order_by("-pk")
        .values_list("attempted_at", flat=True)[: rule.limit]
    )
    if len(earlier) == rule.limit and earlier[0] - earlier[-1] < rule.window:
        retry_at = earlier[0] + rule.cool_off
        if now < retry_at:
            attempt.delete()
            raise Throttled(retry_at, rule)
    return attempt


def begin_all(*pairs):
    """begin() for each (rule, key), all or nothing."""
    started = []
    try:
        for rule, key in pairs:
            started.append(begin(rule, key))
    except Throttled:
        Attempt.objects.filter(pk__in=[attempt.pk for attempt in started]).delete()
        raise
    return started


def clear(rule, key):
    """Forget a key's attempts: a successful login starts its count again."""
    Attempt.objects.filter(scope=rule.scope, key=key).delete()


def prune():
    """Delete attempts too old to matter to any rule; cheap, by the attempted_at index."""
    horizon = max(rule.window + rule.cool_off for rule in RULES)
    Attempt.objects.filter(attempted_at__lt=timezone.now() - horizon).delete()

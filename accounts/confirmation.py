"""Confirming an e-mail address: a signed, expiring link sent to it.

The token names the user and a keyed hash of the address it was sent to (never the
address itself, which would sit in server logs), so a link sent to an earlier address
cannot confirm a later one. Opening the link shows a button; its POST confirms, and only
for the logged-in user the token names: the link proves the mailbox and the session
proves the account. A stranger whose address someone typed at sign-up confirms nothing
by clicking the link, and nobody can confirm another user's address with their own link.
"""

import logging
import smtplib
from enum import Enum

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from . import throttle

logger = logging.getLogger("walkout.accounts")

SALT = "accounts.confirm_email"
MAX_AGE_DAYS = 3
MAX_AGE = 60 * 60 * 24 * MAX_AGE_DAYS


class Refusal(Enum):
    """Why a link cannot confirm the address, as the confirmation page explains it."""

    INVALID = "invalid"  # forged, garbled or cut short
    EXPIRED = "expired"
    OTHER_ADDRESS = "other_address"  # sent to an address the account no longer has
    OTHER_ACCOUNT = "other_account"  # sent for another account than the one logged in


def address_digest(email):
    return salted_hmac(SALT, email, algorithm="sha256").hexdigest()[:32]


def make_token(user):
    return signing.dumps({"u": user.pk, "e": address_digest(user.email)}, salt=SALT)


def refusal(token, user):
    """Why `token` cannot confirm `user`'s current address, or None when it can."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return Refusal.EXPIRED
    except signing.BadSignature:
        return Refusal.INVALID
    if not isinstance(data, dict) or type(data.get("u")) is not int:
        return Refusal.INVALID
    if data["u"] != user.pk:
        return Refusal.OTHER_ACCOUNT
    if not user.email or not constant_time_compare(str(data.get("e")), address_digest(user.email)):
        return Refusal.OTHER_ADDRESS
    return None


def link_for(request, user):
    """The link's absolute address: SITE_URL when set (the public address, whatever Host
    the request named), else the request's own host, which ALLOWED_HOSTS vouches for."""
    path = reverse("confirm_email", args=[make_token(user)])
    return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)


def message_for(request, user):
    """The confirmation e-mail. It carries nothing the account's owner typed (no username,
    no name): the address may be a stranger's."""
    context = {
        "link": link_for(request, user),
        "days": MAX_AGE_DAYS,
        "site": settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"),
    }
    message = EmailMultiAlternatives(
        subject="Confirm your e-mail address for Walkout",
        body=render_to_string("accounts/confirm_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("accounts/confirm_email.html", context), "text/html"
    )
    return message


def send_link(request, user):
    """Send the link to the user's address; what happened, as a sentence for the user.

    A few an hour per account and per address (throttle.CONFIRM_BY_*); a mail server that
    fails is logged and explained, never an error page: the account and its profile are
    saved either way, and the profile can send the link again."""
    try:
        throttle.begin_all(
            (throttle.CONFIRM_BY_ACCOUNT, throttle.key_for("account", str(user.pk))),
            (throttle.CONFIRM_BY_EMAIL, throttle.key_for("email", user.email.casefold())),
        )
    except throttle.Throttled as refused:
        return (
            False,
            f"Too many confirmation e-mails were sent for this account or to {user.email} "
            f"lately: none was sent now. Send the link again from your profile in "
            f"{refused.wait}.",
        )
    throttle.prune()
    try:
        mailers.default.send_messages([message_for(request, user)])
    except (smtplib.SMTPException, OSError) as error:
        # The error's name only: a refusal's text would put the address in the logs.
        logger.error("Confirmation e-mail for user %s not sent (%s)", user.pk, type(error).__name__)
        return (
            False,
            f"The confirmation e-mail to {user.email} could not be sent just now. Send the "
            f"link again from your profile in a while.",
        )
    return (
        True,
        f"We sent a link to {user.email}: open it within {MAX_AGE_DAYS} days to confirm "
        f"the address. Reminders start once you do.",
    )

"""One-click unsubscribe links: signed, so they work without logging in.

A token names its user, the kind of reminder and the user's unsubscribe_version at
sending. Using one bumps the version, so every link already sent stops working: a link
works once, only for its user, and not again after reminders are turned back on.
"""

from django.core import signing

SALT = "reminders.unsubscribe"
MAX_AGE = 60 * 60 * 24 * 90  # a link in an old e-mail still works for three months
KINDS = ("interview", "digest")


def make_token(user, kind):
    return signing.dumps({"u": user.pk, "k": kind, "v": user.unsubscribe_version}, salt=SALT)


def read_token(token):
    """(user id, kind, version), or None for a token that is forged, expired or garbled."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind, version = data.get("u"), data.get("k"), data.get("v")
    if type(user_id) is not int or kind not in KINDS or type(version) is not int:
        return None
    return user_id, kind, version

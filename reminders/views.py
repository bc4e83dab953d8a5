"""The one-click unsubscribe link of a reminder e-mail: no login, the signed token is the key."""

from django.contrib.auth import get_user_model
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from walkout.middleware import control_character_refusal

from .tokens import read_token

WHAT = {"interview": "e-mails before your interviews", "digest": "the morning digest"}
FIELD = {"interview": "interview_reminders", "digest": "digest"}


def valid_user(token):
    """(user, kind) for a token still good, or (None, None)."""
    read = read_token(token)
    if read is None:
        return None, None
    user_id, kind, version = read
    user = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True, unsubscribe_version=version)
        .first()
    )
    return (user, kind) if user else (None, None)


# RFC 8058: a mail client's one-click unsubscribe is a POST with no cookie and no CSRF
# token, straight from the e-mail's List-Unsubscribe header. The signed token in the
# address is what authorises it (only its user's link carries it), so the CSRF check is
# lifted for this view alone. GET only shows the button: nothing changes on GET.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    # The control-character middleware leaves a CSRF-exempt view's form to the view.
    if refusal := control_character_refusal(request):
        return refusal
    user, kind = valid_user(token)
    if user is None:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "GET":
        return render(request, "reminders/unsubscribe.html", {"what": WHAT[kind], "token": token})
    # Conditional on the version the token names: of two clicks at once, one unsubscribes
    # and the other finds the link used.
    done = (
        get_user_model()
        .objects.filter(pk=user.pk, unsubscribe_version=user.unsubscribe_version)
        .update(**{FIELD[kind]: False}, unsubscribe_version=F("unsubscribe_version") + 1)
    )
    if not done:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=404)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        # RFC 8058 3.2: a mail client's POST gets its answer here, never a redirect.
        return HttpResponse(
            f"Unsubscribed from {WHAT[kind]}.\n", content_type="text/plain; charset=utf-8"
        )
    return redirect(reverse("unsubscribed") + f"?kind={kind}")


@require_GET
def unsubscribed(request):
    """Where the page's button lands once done (after a POST, a redirect: a reload cannot
    post again)."""
    what = WHAT.get(request.GET.get("kind", ""), "these e-mails")
    return render(request, "reminders/unsubscribe.html", {"done": True, "what": what})

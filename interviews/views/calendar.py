"""Interviews in a calendar app: the private feed, and one interview's .ics file."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from .. import ics
from ..models import Interview
from ..owned import get_interview_for_user


def links_for(request):
    def links(interview):
        return {
            "interview": request.build_absolute_uri(interview.get_absolute_url()),
            "pre": request.build_absolute_uri(reverse("checklist", args=[interview.pk, "pre"])),
            "mid": request.build_absolute_uri(reverse("checklist", args=[interview.pk, "mid"])),
        }

    return links


def host_name(request):
    """The site's host name without a port, for the events' UIDs."""
    return split_domain_port(request.get_host())[0] or "walkout"


def calendar_response(body, filename=None):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def calendar_feed(request, token):
    """No login: calendar apps cannot log in. The address's token is the key; a wrong or
    revoked one is a 404, like any address that does not exist.

    It lists the interviews of the last ics.FEED_DAYS_BACK days and every one ahead."""
    user = get_object_or_404(get_user_model(), calendar_token=token, is_active=True)
    since = timezone.now() - timedelta(days=ics.FEED_DAYS_BACK)
    interviews = (
        Interview.objects.for_user(user)
        .filter(starts_at__gte=since)
        .select_related("application")
        .with_interviewers()
        .order_by("starts_at", "id")
    )
    body = ics.calendar_bytes(
        interviews,
        host_name(request),
        links_for(request),
        name="Walkout interviews",
        leads=user.leads,
    )
    response = calendar_response(body)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def interview_ics(request, pk):
    interview = get_interview_for_user(request.user, pk)
    return calendar_response(
        ics.calendar_bytes(
            [interview], host_name(request), links_for(request), leads=request.user.leads
        ),
        filename=f"interview-{interview.pk}.ics",
    )

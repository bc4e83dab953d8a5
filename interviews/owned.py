"""The one way views fetch a user's objects.

Each getter looks only among the user's own rows, so another user's object answers 404
exactly like a missing one: nobody can tell it exists.
"""

from django.shortcuts import get_object_or_404

from .models import (
    Application,
    Contact,
    Dealbreaker,
    Decision,
    Document,
    Interview,
    ScriptTemplate,
    Tag,
)


def get_application_for_user(user, pk):
    return get_object_or_404(Application.objects.for_user(user), pk=pk)


def get_interview_for_user(user, pk):
    return get_object_or_404(Interview.objects.for_user(user).select_related("application"), pk=pk)


def get_contact_for_user(user, pk):
    return get_object_or_404(Contact.objects.for_user(user), pk=pk)


def get_dealbreaker_for_user(user, pk):
    return get_object_or_404(Dealbreaker.objects.for_user(user), pk=pk)


def get_tag_for_user(user, pk):
    return get_object_or_404(Tag.objects.for_user(user), pk=pk)


def get_script_template_for_user(user, pk):
    return get_object_or_404(ScriptTemplate.objects.for_user(user), pk=pk)


def get_decision_for_user(user, pk):
    return get_object_or_404(
        Decision.objects.for_user(user).select_related("interview__application"), pk=pk
    )


def get_document_for_user(user, pk):
    return get_object_or_404(Document.objects.for_user(user).select_related("application"), pk=pk)

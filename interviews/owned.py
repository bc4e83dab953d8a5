"""The one way views fetch a user's objects: anyone else's answers 404, like a missing one."""

from django.shortcuts import get_object_or_404

from .models import Application, Contact, Interview


def get_application_for_user(user, pk):
    return get_object_or_404(Application.objects.for_user(user), pk=pk)


def get_interview_for_user(user, pk):
    return get_object_or_404(Interview.objects.for_user(user).select_related("application"), pk=pk)


def get_contact_for_user(user, pk):
    return get_object_or_404(Contact.objects.for_user(user), pk=pk)

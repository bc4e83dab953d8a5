"""Bulk actions on the applications selected on the list: change their status, add or
remove a tag, delete them (after a page that names how many)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..forms import BulkActionForm
from ..models import Application, Interview, Tag
from ..tags import MAX_TAGS, tag_key
from .applications import ours_or

Action = BulkActionForm.Action


def applications(count):
    return f"{count} application{pluralize(count)}"


@login_required
@require_POST
def application_bulk(request):
    back = ours_or(request, request.POST.get("next", ""), reverse("application_list"))
    form = BulkActionForm(request.POST, owner=request.user)
    if not form.is_valid():
        problems = [error for errors in form.errors.values() for error in errors]
        messages.error(request, "Nothing was changed: " + " ".join(problems))
        return redirect(back)
    chosen = form.cleaned_data["ids"]
    action = form.cleaned_data["action"]
    if action == Action.DELETE:
        if not form.cleaned_data["confirmed"]:
            return confirm_delete(request, chosen, back)
        delete(request, chosen)
    elif action == Action.STATUS:
        move(request, chosen, form.cleaned_data["status"])
    elif action == Action.ADD_TAG:
        add_tag(request, chosen, form.cleaned_data["tag"])
    else:
        remove_tag(request, chosen, form.cleaned_data["tag"])
    return redirect(back)


def confirm_delete(request, chosen, back):
    chosen = list(chosen)
    return render(
        request,
        "interviews/bulk_delete.html",
        {
            "chosen": chosen,
            "count": len(chosen),
            "interview_count": Interview.objects.filter(application__in=chosen).count(),
            "back": back,
        },
    )


@transaction.atomic
def delete(request, chosen):
    count = chosen.count()
    chosen.delete()
    Tag.objects.for_user(request.user).unused().delete()
    messages.success(request, f"Deleted {applications(count)} and their interviews.")


def move(request, chosen, status):
    """Each application through Application.move_to(), as the board moves one: each move
    joins its timeline. The rows are locked first, so the same form sent twice at once
    moves each application once."""
    moved = stayed = 0
    with transaction.atomic():
        for application in chosen.select_for_update():
            if application.move_to(status):
                moved += 1
            else:
                stayed += 1
    label = Application.Status(status).label
    if moved:
        messages.success(request, f"Moved {applications(moved)} to {label}.")
    if stayed:
        were = "was" if stayed == 1 else "were"
        messages.info(request, f"{stayed} {were} already {label}.")


@transaction.atomic
def add_tag(request, chosen, name):
    [tag] = Tag.objects.named(request.user, [name])
    counts = dict(chosen.annotate(n=Count("tags")).values_list("pk", "n"))
    had = set(tag.applications.filter(pk__in=counts).values_list("pk", flat=True))
    full = {pk for pk, n in counts.items() if n >= MAX_TAGS} - had
    adding = [pk for pk in counts if pk not in had and pk not in full]
    Tag.applications.through.objects.bulk_create(
        [Tag.applications.through(tag=tag, application_id=pk) for pk in adding],
        ignore_conflicts=True,  # added meanwhile by another request: once is enough
    )
    Application.objects.filter(pk__in=adding).update(updated_at=timezone.now())
    if not adding:
        Tag.objects.for_user(request.user).unused().delete()  # made for nothing
    if adding:
        messages.success(request, f"Tagged {applications(len(adding))} “{tag.name}”.")
    if had:
        messages.info(request, f"{len(had)} already had the tag “{tag.name}”.")
    if full:
        messages.warning(
            request,
            f"{applications(len(full))} already {'has' if len(full) == 1 else 'have'} "
            f"{MAX_TAGS} tags, the most one can have: not tagged.",
        )


@transaction.atomic
def remove_tag(request, chosen, name):
    tag = Tag.objects.for_user(request.user).filter(key=tag_key(name)).first()
    removed = []
    if tag is not None:
        removed = list(tag.applications.filter(pk__in=chosen).values_list("pk", flat=True))
        tag.applications.remove(*removed)
        Application.objects.filter(pk__in=removed).update(updated_at=timezone.now())
        Tag.objects.for_user(request.user).unused().delete()
    if removed:
        messages.success(
            request, f"Removed the tag “{tag.name}” from {applications(len(removed))}."
        )
    else:
        messages.info(request, f"None of the selected applications has the tag “{name}”.")

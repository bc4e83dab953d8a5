"""The user's tags on one page: how many applications carry each, rename (which merges
into a tag of the same name), delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..models import Tag
from ..owned import get_tag_for_user
from ..tags import tag_key

PAGE_SIZE = 50


def tag_list_page(request, problem=None, status=200):
    """The tags page; `problem`: (tag id, the name tried, why it was refused)."""
    tags = (
        Tag.objects.for_user(request.user)
        .annotate(application_count=Count("applications"))
        .order_by("key", "pk")
    )
    return render(
        request,
        "interviews/tag_list.html",
        {
            "page": Paginator(tags, PAGE_SIZE).get_page(request.GET.get("page")),
            "problem": problem,
        },
        status=status,
    )


@login_required
@require_GET
def tag_list(request):
    return tag_list_page(request)


@login_required
@require_POST
def tag_rename(request, pk):
    tag = get_tag_for_user(request.user, pk)
    old = tag.name
    tried = request.POST.get("name", "")
    other = (
        Tag.objects.for_user(request.user)
        .filter(key=tag_key(tried))
        .exclude(pk=tag.pk)
        .annotate(application_count=Count("applications"))
        .first()
    )
    if other is not None and request.POST.get("merge") != "1":
        # Merging cannot be undone: ask first, as deleting does.
        return render(
            request,
            "interviews/tag_merge.html",
            {"tag": tag, "other": other, "count": tag.applications.count(), "name": tried},
        )
    try:
        kept = tag.rename(tried)
    except ValidationError as error:
        return tag_list_page(request, (tag.pk, tried[:200], " ".join(error.messages)), 400)
    if kept.pk != tag.pk:
        count = kept.applications.count()
        messages.success(
            request,
            f"Merged “{old}” into “{kept.name}”, which {count} "
            f"application{pluralize(count)} now carr{pluralize(count, 'ies,y')}.",
        )
    elif kept.name != old:
        messages.success(request, f"Renamed “{old}” to “{kept.name}”.")
    else:
        messages.info(request, f"“{old}” is already called that: nothing changed.")
    return redirect("tag_list")


@login_required
@require_http_methods(["GET", "POST"])
def tag_delete(request, pk):
    tag = get_tag_for_user(request.user, pk)
    if request.method == "POST":
        name = tag.name
        tag.delete()
        messages.success(request, f"Deleted the tag “{name}”; the applications stay.")
        return redirect("tag_list")
    count = tag.applications.count()
    return render(
        request,
        "interviews/confirm_delete.html",
        {
            "title": f"Delete the tag {tag.name}",
            "question": "Delete this tag?",
            "consequences": format_html(
                "<strong>{}</strong> will be taken off {} application{} and deleted. "
                "The applications stay. This cannot be undone.",
                tag.name,
                count,
                pluralize(count),
            ),
            "button": "Delete tag",
            "cancel_url": reverse("tag_list"),
            "keep": "Keep it",
        },
    )

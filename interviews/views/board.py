from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from ..models import Application, Tag
from ..owned import get_application_for_user
from .applications import ours_or, redirect_back, success_with_undo

# Enough to see a column at a glance; "Show all" leads to the full list. Rendering the
# cards is most of the board's time (at 10 a column it took half as long), but a shorter
# column would show the user less to buy a few milliseconds they cannot feel.
CARDS_PER_COLUMN = 25
CLOSED = "closed"
S = Application.Status


def column_of(status):
    """The board column a status sits in: its own, or the folded "closed" one."""
    return CLOSED if status in Application.CLOSED_STATUSES else status


def _column_expression():
    return Case(
        When(status__in=Application.CLOSED_STATUSES, then=Value(CLOSED)),
        default=F("status"),
        output_field=CharField(),
    )


def newest_of_each_status(applications, counts, statuses):
    """A filter for the CARDS_PER_COLUMN newest applications of each status (and any
    updated at the same moment as the last of them), from the counts per status.

    A status with more than that many applications is cut at its last card's updated_at,
    looked up on the (owner, status, updated_at) index: the cards come off that index,
    however many applications there are, instead of a sort of every one of them.
    """
    newest = Q(pk__in=[])
    for status in statuses:
        if counts.get(status, 0) > CARDS_PER_COLUMN:
            last_card = (
                applications.filter(status=status)
                .order_by("-updated_at", "-pk")
                .values("updated_at")[CARDS_PER_COLUMN - 1 : CARDS_PER_COLUMN]
            )
            newest |= Q(status=status, updated_at__gte=Subquery(last_card))
        elif counts.get(status):
            newest |= Q(status=status)
    return newest


def board_columns(user, with_closed=True):
    """Columns in pipeline order, each with its count and at most CARDS_PER_COLUMN cards
    (none in the closed column unless `with_closed`).

    Three queries whatever the number of applications: counts per status, then the newest
    cards of every column at once (a window function numbers them within their column:
    the closed one holds five statuses), then those cards' tags.
    """
    applications = Application.objects.for_user(user)
    counts = dict(applications.order_by().values_list("status").annotate(n=Count("pk")))
    statuses = [s for s in S.values if with_closed or s not in Application.CLOSED_STATUSES]
    cards = (
        applications.filter(newest_of_each_status(applications, counts, statuses))
        .annotate(
            column=_column_expression(),
            position=Window(
                RowNumber(),
                partition_by=[_column_expression()],
                order_by=[F("updated_at").desc(), F("pk").desc()],
            ),
        )
        .filter(position__lte=CARDS_PER_COLUMN)
        .only(
            "id",
            "company",
            "role",
            "status",
            "applied_on",
            "next_action_on",
            "resume_version",
            "priority",
        )
        .order_by("position")
        # A plain list on each card: the template reads it without a manager and a
        # queryset per card.
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name"), to_attr="tag_list"))
    )
    keys = [status for status in S.values if status not in Application.CLOSED_STATUSES]
    columns = {
        key: {"key": key, "label": S(key).label, "count": counts.get(key, 0), "cards": []}
        for key in keys
    }
    columns[CLOSED] = {
        "key": CLOSED,
        "label": "Closed",
        "count": sum(counts.get(status, 0) for status in Application.CLOSED_STATUSES),
        "cards": [],
        "breakdown": [
            (S(status).label, counts[status])
            for status in Application.CLOSED_STATUSES
            if counts.get(status)
        ],
    }
    labels = dict(S.choices)  # get_status_display() builds this dict again for each card
    for card in cards:
        card.status_label = labels[card.status]
        columns[card.column]["cards"].append(card)
    list_url = reverse("application_list")
    for column in columns.values():
        column["more"] = column["count"] - len(column["cards"])
        column["all_url"] = f"{list_url}?status={column['key']}"
    return list(columns.values())


@login_required
def board(request):
    closed_open = request.GET.get("closed") == "1"
    next_url = reverse("board") + ("?closed=1" if closed_open else "")
    return render(
        request,
        "interviews/board.html",
        {
            "columns": board_columns(request.user, with_closed=closed_open),
            "statuses": S.choices,
            "closed_open": closed_open,
            "today": timezone.localdate(),
            "next_url": next_url,
            "move_query": "?" + urlencode({"next": next_url}),  # once, not once per card
        },
    )


def _wants_json(request):
    return request.headers.get("Accept", "").startswith("application/json")


@login_required
@require_http_methods(["GET", "POST"])
def application_move(request, pk):
    """Move an application to another status (the board's form; the dashboard's "ghosted").

    GET is the form on a page of its own: the board without JavaScript links here."""
    application = get_application_for_user(request.user, pk)
    if request.method == "GET":
        back = ours_or(request, request.GET.get("next", ""), reverse("board"))
        return render(
            request,
            "interviews/application_move.html",
            {"application": application, "statuses": S.choices, "back": back},
        )
    status = request.POST.get("status", "")
    if status not in S.values:
        error = f"“{status[:40]}” is not a status; {application} was not moved."
        if _wants_json(request):
            return JsonResponse({"error": error}, status=400)
        messages.error(request, error)
        return redirect_back(request, "board")
    previous = application.get_status_display()
    moved = application.move_to(status)
    if _wants_json(request):
        return JsonResponse(
            {
                "id": application.pk,
                "status": application.status,
                "label": application.get_status_display(),
                "column": column_of(application.status),
                "moved": moved,
            }
        )
    if moved:
        text = f"Moved {application} from {previous} to {application.get_status_display()}."
        entry = application.newest_entry()
        if application.can_take_back(entry):
            success_with_undo(request, application, text, entry)
        else:
            messages.success(request, text)
    else:
        messages.info(request, f"{application} is already {previous}.")
    return redirect_back(request, "board")

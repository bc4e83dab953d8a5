from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import DealbreakerForm, FloorForm
from ..models import Dealbreaker
from ..owned import get_dealbreaker_for_user
from .applications import redirect_back


@login_required
def dealbreaker_list(request):
    dealbreakers = list(Dealbreaker.objects.for_user(request.user))
    return render(
        request,
        "interviews/dealbreaker_list.html",
        {
            "active": [d for d in dealbreakers if d.active],
            "inactive": [d for d in dealbreakers if not d.active],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dealbreaker_create(request):
    form = DealbreakerForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        dealbreaker = form.save(commit=False)
        dealbreaker.owner = request.user
        last = Dealbreaker.objects.for_user(request.user).aggregate(last=Max("position"))["last"]
        dealbreaker.position = 0 if last is None else last + 1
        dealbreaker.save()
        messages.success(request, f"Added “{dealbreaker.question}”.")
        return redirect("dealbreaker_list")
    return render(request, "interviews/dealbreaker_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def dealbreaker_edit(request, pk):
    dealbreaker = get_dealbreaker_for_user(request.user, pk)
    # "Give your floor" opens the form with its rule chosen and the floor's field shown.
    rule = request.GET.get("rule")
    initial = {"rule": rule} if rule in Dealbreaker.Rule.values else None
    form = DealbreakerForm(
        request.POST or None, instance=dealbreaker, owner=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved. Answers already given keep the question as it was asked.")
        return redirect("dealbreaker_list")
    return render(
        request, "interviews/dealbreaker_form.html", {"form": form, "dealbreaker": dealbreaker}
    )


@login_required
@require_http_methods(["GET", "POST"])
def dealbreaker_delete(request, pk):
    dealbreaker = get_dealbreaker_for_user(request.user, pk)
    if request.method == "POST":
        dealbreaker.delete()
        messages.success(request, f"Deleted “{dealbreaker.question}”. Past answers keep it.")
        return redirect("dealbreaker_list")
    answer_count = dealbreaker.answers.count()
    kept = (
        format_html(
            "The {} answer{} you already gave stay{} in those interviews' history. ",
            answer_count,
            pluralize(answer_count),
            pluralize(answer_count, "s,"),
        )
        if answer_count
        else ""
    )
    return render(
        request,
        "interviews/confirm_delete.html",
        {
            "title": "Delete question",
            "question": "Delete this question?",
            "consequences": format_html(
                "<strong>{}</strong> will no longer be asked. {}To stop asking it for now but "
                'keep it, <a href="{}#dealbreaker-{}">turn it off</a> instead.',
                dealbreaker.question,
                kept,
                reverse("dealbreaker_list"),
                dealbreaker.pk,
            ),
            "button": "Delete question",
            "cancel_url": reverse("dealbreaker_list"),
            "keep": "Keep it",
        },
    )


@login_required
@require_POST
def dealbreaker_toggle(request, pk):
    dealbreaker = get_dealbreaker_for_user(request.user, pk)
    dealbreaker.active = not dealbreaker.active
    dealbreaker.save(update_fields=["active", "updated_at"])
    state = "back on your checklists" if dealbreaker.active else "off your checklists"
    messages.success(request, f"“{dealbreaker.question}” is {state}.")
    return redirect("dealbreaker_list")


@login_required
@require_POST
def dealbreaker_move(request, pk):
    moved = get_dealbreaker_for_user(request.user, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "Move it up or down.")
        return redirect("dealbreaker_list")
    with transaction.atomic():
        # Renumber the whole list while swapping, so equal or sparse positions heal.
        ordered = list(Dealbreaker.objects.for_user(request.user).select_for_update())
        index = next(i for i, d in enumerate(ordered) if d.pk == moved.pk)
        # Step over items in the other list (turned off vs on): the move is among the
        # items the user sees next to each other.
        step = -1 if direction == "up" else 1
        other = index + step
        while 0 <= other < len(ordered) and ordered[other].active != moved.active:
            other += step
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
            for position, dealbreaker in enumerate(ordered):
                dealbreaker.position = position
            Dealbreaker.objects.bulk_update(ordered, ["position"])
    return redirect(f"{reverse('dealbreaker_list')}#dealbreaker-{moved.pk}")


@login_required
@require_POST
def dealbreaker_floor(request, pk):
    """The pay floor the checklist asks for (the starter "pay meets my floor"): set it, and
    the question is decided by each application's salary; or decline, and stop asking."""
    dealbreaker = get_dealbreaker_for_user(request.user, pk)
    if "decline" in request.POST:
        dealbreaker.ask_floor = False
        dealbreaker.save(update_fields=["ask_floor", "updated_at"])
        messages.info(
            request,
            f"“{dealbreaker.question}” stays yours to answer. You can give it a floor on its "
            "Edit page at any time.",
        )
        return redirect_back(request, "dealbreaker_list")
    form = FloorForm(request.POST, instance=dealbreaker)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            f"Your pay floor is {dealbreaker.salary_floor:,} "
            f"{dealbreaker.salary_currency or 'in any currency'}: "
            "an application whose range tops out below it fails “"
            f"{dealbreaker.question}” until you answer it yourself.",
        )
    else:
        problems = " ".join(
            f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        messages.error(request, f"The floor was not saved. {problems}")
    return redirect_back(request, "dealbreaker_list")

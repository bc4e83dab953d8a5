from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .. import tailoring
from ..forms import ScriptTemplateForm
from ..models import ScriptTemplate
from ..owned import get_script_template_for_user

MAX_PREVIEW = 2000


def sample_values(user):
    """What a preview fills in: made-up names, and the user's own."""
    return {
        "interviewer": "Dana",
        "company": "Northwind",
        "role": "Data Engineer",
        "my_name": user.display_name,
    }


@login_required
def script_list(request):
    return render(
        request,
        "interviews/script_list.html",
        {
            "templates": ScriptTemplate.objects.for_user(request.user),
            "article": tailoring.fill(
                tailoring.default_template(tailoring.IN_PERSON, tailoring.FULL),
                sample_values(request.user),
            ),
        },
    )


def edit(request, template=None):
    form = ScriptTemplateForm(request.POST or None, instance=template, owner=request.user)
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        # Show the filled script without saving anything.
        form = ScriptTemplateForm(request.POST, instance=template, owner=request.user)
        preview = tailoring.fill(
            request.POST.get("body", "")[:MAX_PREVIEW], sample_values(request.user)
        )
    elif request.method == "POST" and form.is_valid():
        try:
            saved = form.save()
        except IntegrityError:
            # Another request made a script the default between this one clearing the old
            # default and saving: the database's one-default rule refused it.
            form.add_error(
                "is_default",
                "Another script became your default at the same moment, so this one was not "
                "saved. Save it again to make it your default.",
            )
        else:
            messages.success(request, f"Saved “{saved.name}”.")
            return redirect("script_list")
    elif template is not None:
        preview = tailoring.fill(template.body, sample_values(request.user))
    return render(
        request,
        "interviews/script_form.html",
        {
            "form": form,
            "template": template,
            "preview": preview,
            "placeholders": tailoring.PLACEHOLDERS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def script_create(request):
    return edit(request)


@login_required
@require_http_methods(["GET", "POST"])
def script_edit(request, pk):
    return edit(request, get_script_template_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def script_delete(request, pk):
    template = get_script_template_for_user(request.user, pk)
    if request.method == "POST":
        template.delete()
        messages.success(request, f"Deleted “{template.name}”.")
        return redirect("script_list")
    return render(
        request,
        "interviews/confirm_delete.html",
        {
            "title": "Delete script",
            "question": f"Delete “{template.name}”?",
            "consequences": "Decisions you already recorded keep the script as it was shown.",
            "button": "Delete script",
            "cancel_url": reverse("script_list"),
            "keep": "Keep it",
        },
    )


@login_required
@require_POST
def script_preview(request):
    """The live preview: the same plain substitution the exit script uses. Stores nothing."""
    body = request.POST.get("body", "")
    if len(body) > MAX_PREVIEW:
        return JsonResponse({"error": f"A script is at most {MAX_PREVIEW} characters."}, status=400)
    script = tailoring.fill(body, sample_values(request.user))
    return JsonResponse({"text": script.text, "unknown": list(script.unknown)})

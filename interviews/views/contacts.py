from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from ..forms import ContactForm
from ..models import Application, Contact
from ..owned import get_contact_for_user

PAGE_SIZE = 25


@login_required
def contact_list(request):
    query = request.GET.get("q", "").strip()[:200]
    # Each row's applications counted in a subquery, not a join grouped over every
    # contact: the page's 25 rows come straight off the (owner, name) index, and the
    # paginator's count drops the unused annotation.
    links = (
        Contact.applications.through.objects.filter(contact=OuterRef("pk"))
        .order_by()
        .values("contact")
        .annotate(n=Count("pk"))
        .values("n")
    )
    contacts = (
        Contact.objects.for_user(request.user)
        .search(query)
        .annotate(application_count=Coalesce(Subquery(links), 0))
        .order_by("name", "id")
    )
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/contact_list.html",
        {"page": page, "query": query, "filtered": bool(query)},
    )


@login_required
def contact_detail(request, pk):
    contact = get_contact_for_user(request.user, pk)
    return render(
        request,
        "interviews/contact_detail.html",
        {
            "contact": contact,
            "applications": contact.applications.order_by("-updated_at", "-id"),
            "interviews": contact.interviews.select_related("application").order_by("-starts_at"),
        },
    )


def _initial_for(request):
    """Adding a contact from an application's page: link it to that application."""
    try:
        pk = int(request.GET.get("application", ""))
    except ValueError:
        return {}
    application = Application.objects.for_user(request.user).filter(pk=pk).first()
    if application is None:
        return {}
    return {"applications": [application], "company": application.company}


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request):
    form = ContactForm(request.POST or None, owner=request.user, initial=_initial_for(request))
    form.instance.owner = request.user
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(request, f"Added {contact.name} to your contacts.")
        return redirect(contact)
    return render(request, "interviews/contact_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk):
    contact = get_contact_for_user(request.user, pk)
    form = ContactForm(request.POST or None, instance=contact, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Contact saved.")
        return redirect(contact)
    return render(request, "interviews/contact_form.html", {"form": form, "contact": contact})


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request, pk):
    contact = get_contact_for_user(request.user, pk)
    if request.method == "POST":
        name = contact.name
        contact.delete()
        messages.success(request, f"Deleted {name} from your contacts.")
        return redirect("contact_list")
    application_count = contact.applications.count()
    unlinked = (
        f" and unlinked from {application_count} application{pluralize(application_count)} "
        "(the applications stay)"
        if application_count
        else ""
    )
    return render(
        request,
        "interviews/confirm_delete.html",
        {
            "title": f"Delete {contact.name}",
            "question": "Delete this contact?",
            "consequences": format_html(
                "<strong>{}</strong> will be deleted{}. This cannot be undone.",
                contact.name,
                unlinked,
            ),
            "button": "Delete contact",
            "cancel_url": contact.get_absolute_url(),
            "keep": "Keep them",
        },
    )

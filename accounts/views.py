from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from interviews.models import Document, Interview

from . import confirmation, throttle
from .currency import guess_currency
from .forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SignupForm,
)
from .models import User


def too_many_requests(response, refused):
    """Mark a page that refuses a throttled attempt, for scripts and proxies alike."""
    response.status_code = 429
    response["Retry-After"] = str(refused.seconds)
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        refused = getattr(self.request, "login_refused", None)
        return too_many_requests(response, refused) if refused else response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        refused = getattr(self.request, "login_refused", None)
        return too_many_requests(response, refused) if refused else response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    # The e-mail (templates/registration/password_reset_email.html) says how long its link
    # works.
    extra_email_context = {"days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        return too_many_requests(response, form.refused) if form.refused else response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's, and a reset completed confirms the address: its link, keyed on the
    address among other things, reached that mailbox as a confirmation link would. It also
    lifts the account's login pause on this network, as the pause's message promises: the
    new password was chosen by whoever holds the mailbox."""

    def form_valid(self, form):
        response = super().form_valid(form)
        User.objects.filter(pk=form.user.pk, email=form.user.email).update(email_confirmed=True)
        throttle.clear(throttle.LOGIN, throttle.login_key(self.request, form.user.get_username()))
        return response


def say_sent(request, user, lead):
    """Send the confirmation link and tell the user, after `lead`, how it went."""
    sent, outcome = confirmation.send_link(request, user)
    level = messages.SUCCESS if sent else messages.WARNING
    messages.add_message(request, level, f"{lead} {outcome}".strip())


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save(commit=False)
                user.currency = guess_currency(
                    user.time_zone, request.headers.get("Accept-Language", "")
                )
                user.save()
        except IntegrityError:
            # Two sign-ups with one username at once: both passed the form's check, which
            # reads before either writes; the database's unique index refused the second.
            form.add_error("username", "That username is taken. Choose another one.")
        else:
            login(request, user, backend="accounts.backends.ThrottledModelBackend")
            messages.success(
                request,
                f"Welcome to Walkout. Start by adding an application. Amounts are in "
                f"{user.currency} unless you say otherwise; your profile changes that.",
            )
            if user.email:
                say_sent(request, user, "")
            return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    # The form edits a copy: a refused form leaves the request's user (the menu's name, the
    # address the page speaks of) as saved, not as typed.
    editing = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=editing, request=request)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if not form.email_changed:
            messages.success(request, "Profile saved.")
        elif user.email:
            say_sent(request, user, "Profile saved.")
        else:
            messages.success(
                request, "Profile saved. Your e-mail address is removed: no reminders by e-mail."
            )
        return redirect("profile")
    response = render(request, "accounts/profile.html", {"form": form, "saved": request.user})
    return too_many_requests(response, form.refused) if form.refused else response


@login_required
@require_POST
def resend_confirmation(request):
    """The profile's "Send the link again" (throttled in confirmation.send_link)."""
    user = request.user
    if not user.email:
        messages.error(request, "Add an e-mail address to your profile first.")
    elif user.email_confirmed:
        messages.info(request, f"{user.email} is confirmed already.")
    else:
        say_sent(request, user, "")
    return redirect("profile")


@login_required
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """The link in the e-mail. GET shows a Confirm button and changes nothing (mail
    scanners open links); its POST confirms, for the logged-in user the token names."""
    user = request.user
    refused = confirmation.refusal(token, user)
    context = {"refused": refused and refused.value, "token": token}
    if refused is not None:
        return render(request, "accounts/confirm_email_page.html", context, status=400)
    if request.method == "POST":
        # Conditional on the address the token was checked against: a change of address
        # meanwhile (another tab) leaves the new one unconfirmed.
        User.objects.filter(pk=user.pk, email=user.email).update(email_confirmed=True)
        messages.success(request, f"{user.email} is confirmed. Reminders go to it from now on.")
        return redirect("profile")
    context["already"] = user.email_confirmed
    return render(request, "accounts/confirm_email_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Delete the account and every row it owns (each model cascades from the user),
    once the password is given again."""
    user = request.user
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user.delete()
        logout(request)
        messages.success(request, "Your account and everything in it are deleted. Good luck.")
        return redirect("dashboard")
    response = render(
        request,
        "accounts/delete.html",
        {
            "form": form,
            "counts": {
                "applications": user.applications.count(),
                "interviews": Interview.objects.for_user(user).count(),
                "contacts": user.contacts.count(),
                "documents": Document.objects.for_user(user).count(),
            },
        },
    )
    return too_many_requests(response, form.refused) if form.refused else response

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from interviews.models import Document, Interview

from .currency import guess_currency
from .forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SignupForm,
)


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

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        return too_many_requests(response, form.refused) if form.refused else response


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
            return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


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

from django.urls import include, path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("delete/", views.delete_account, name="delete_account"),
    path("confirm-email/", views.resend_confirmation, name="resend_confirmation"),
    path("confirm-email/<str:token>/", views.confirm_email, name="confirm_email"),
    # Throttled versions of three of django.contrib.auth's views, and its reset confirmation
    # that also confirms the address; the rest come from its urls.
    path("login/", views.LoginView.as_view(), name="login"),
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("", include("django.contrib.auth.urls")),
]

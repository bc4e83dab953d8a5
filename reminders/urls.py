from django.urls import path, register_converter

from . import views


class SignedTokenConverter:
    """A django.core.signing token: URL-safe base64 parts joined by colons."""

    regex = "[A-Za-z0-9_:-]{20,300}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SignedTokenConverter, "signed_token")

urlpatterns = [
    path("unsubscribed/", views.unsubscribed, name="unsubscribed"),
    path("unsubscribe/<signed_token:token>/", views.unsubscribe, name="unsubscribe"),
]

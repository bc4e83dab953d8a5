from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    # Answered first by walkout.middleware.HealthCheckMiddleware, before host validation;
    # the route names the address.
    path("healthz", views.healthz, name="healthz"),
    # Offline use: the service worker must be served from the root to control every page.
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.offline, name="offline"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("reminders/", include("reminders.urls")),
    path("", include("interviews.urls")),
]

"""The benchmark's URLconf (bench/settings.py): the floor views, then every production
address as walkout.urls routes it."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    path("bench/write-floor/", views.write_floor, name="bench_write_floor"),
    path("", include("walkout.urls")),
]

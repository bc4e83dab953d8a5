import pytest
from django.core import mail
from django.core.management import call_command

from interviews.models import Application, Interview
from reminders.sender import send_due

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_status_and_time(django_user_model):
    call_command("seed_demo")
    demo = django_user_model.objects.get(username="demo")
    statuses = set(Application.objects.for_user(demo).values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    interviews = Interview.objects.for_user(demo)
    from django.utils import timezone

    now = timezone.now()
    assert interviews.filter(starts_at__lt=now).exists()
    assert interviews.filter(starts_at__gt=now).exists()
    assert interviews.filter(status="in_progress").exists()


def test_demo_today_shows_every_section(django_user_model, client):
    call_command("seed_demo")
    client.force_login(django_user_model.objects.get(username="demo"))
    page = client.get("/").content.decode()
    for section in ("followups-heading", "ghosted-heading", "pipeline-heading"):
        assert f'id="{section}"' in page
    assert "Granite Works" in page  # applied four weeks ago, no answer


def test_demo_data_is_created_once(django_user_model):
    call_command("seed_demo")
    call_command("seed_demo")
    assert django_user_model.objects.filter(username="demo").count() == 1
    assert Application.objects.count() == 12


def test_the_demos_interview_in_three_hours_gets_its_reminder(django_user_model, settings):
    """README's "To see a reminder": the demo's reserved example.com address is confirmed."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    call_command("seed_demo")
    assert send_due()["sent"] >= 1
    assert {message.to[0] for message in mail.outbox} == {"demo@example.com"}

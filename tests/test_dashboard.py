import re
import zoneinfo
from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import Application, ChecklistAnswer, Dealbreaker, Decision, Interview

pytestmark = pytest.mark.django_db


def say_no(interview, dealbreaker):
    ChecklistAnswer.objects.record(interview, [(dealbreaker, "mid", "no", "", timezone.now())])


def test_anonymous_gets_the_landing_page(client):
    assert b"Know when to walk out." in client.get("/").content


def test_empty_dashboard(alice_client):
    page = alice_client.get("/").content.decode()
    assert "No interview in progress or coming up" in page
    assert "Add your first application" in page
    # Before the first walk-out, what the line is for rather than "0.0 hours".
    assert "the hours it saves you add up here" in page and "0.0 hours" not in page


def test_running_interview_comes_first_with_its_checklist(
    alice_client, application, make_interview
):
    now = timezone.now()
    make_interview(application, starts_at=now + timedelta(hours=2))
    running = make_interview(
        application, starts_at=now - timedelta(minutes=10), status="in_progress"
    )
    response = alice_client.get("/")
    assert response.context["current"] == running
    page = response.content.decode()
    assert "In progress" in page
    assert f'class="btn btn-primary btn-lg" href="/interviews/{running.pk}/checklist/mid/"' in page


def test_next_up_when_nothing_is_running(alice_client, application, make_interview):
    now = timezone.now()
    make_interview(application, starts_at=now - timedelta(days=3))  # long past
    later = make_interview(application, starts_at=now + timedelta(days=3))
    sooner = make_interview(application, starts_at=now + timedelta(hours=3))
    response = alice_client.get("/")
    assert response.context["current"] == sooner
    assert response.context["upcoming"] == [later]
    page = response.content.decode()
    assert "Next up" in page
    # Not started: getting ready leads, the checklist for during comes last.
    card = page[page.index('id="current-interview"') :].split("</section>", 1)[0]
    links = re.findall(r'class="btn ([\w-]+) btn-lg" href="([^"]+)"', card)
    assert links == [
        ("btn-primary", f"/interviews/{sooner.pk}/checklist/pre/"),
        ("btn-outline-primary", f"/interviews/{sooner.pk}/prep/"),
        ("btn-outline-primary", f"/interviews/{sooner.pk}/checklist/mid/"),
    ]


def test_dead_end_is_flagged_with_reasons_and_exit_script(
    alice_client, alice, application, make_interview
):
    interview = make_interview(application, starts_at=timezone.now() + timedelta(hours=1))
    say_no(interview, Dealbreaker.objects.get(owner=alice, question="I could work for this boss"))
    page = alice_client.get("/").content.decode()
    assert 'id="dead-ends"' in page and 'data-verdict="dead_end"' in page
    assert "I could work for this boss" in page
    assert f'href="/interviews/{interview.pk}/exit-script/"' in page


def test_concerns_are_listed(alice_client, alice, application, make_interview):
    interview = make_interview(application, starts_at=timezone.now() + timedelta(hours=1))
    say_no(
        interview, Dealbreaker.objects.get(owner=alice, question="They introduced me to the team")
    )
    response = alice_client.get("/")
    assert response.context["concerns"] == [interview]
    assert response.context["dead_ends"] == []


def test_decided_interviews_are_no_longer_flagged(alice_client, alice, application, make_interview):
    interview = make_interview(application, starts_at=timezone.now() - timedelta(minutes=5))
    say_no(interview, Dealbreaker.objects.get(owner=alice, question="I could work for this boss"))
    Decision.record(interview, "walked_out", timezone.now(), reasons=["I could work for this boss"])
    response = alice_client.get("/")
    assert response.context["dead_ends"] == []


def test_reflection_due_after_a_week(alice_client, application, make_interview):
    now = timezone.now()
    old = make_interview(application, starts_at=now - timedelta(days=8, hours=1))
    recent = make_interview(application, starts_at=now - timedelta(days=2, hours=1))
    old_decision = Decision.record(old, "walked_out", now - timedelta(days=8))
    Decision.record(recent, "walked_out", now - timedelta(days=2))
    response = alice_client.get("/")
    assert response.context["reflections"] == [old_decision]
    assert f'href="/decisions/{old_decision.pk}/reflect/"' in response.content.decode()


def test_pipeline_and_hours_saved(alice_client, alice, bob, make_application, make_interview):
    make_application(alice, status="offer")
    app = make_application(alice, status="interviewing")
    interview = make_interview(
        app, starts_at=timezone.now() - timedelta(minutes=10), duration_minutes=100
    )
    Decision.record(interview, "walked_out", timezone.now())
    other = make_interview(
        make_application(bob), starts_at=timezone.now() - timedelta(minutes=1), duration_minutes=600
    )
    Decision.record(other, "walked_out", timezone.now())  # bob's hours are not alice's
    response = alice_client.get("/")
    pipeline = {value: count for value, _, count in response.context["pipeline"]}
    assert pipeline["offer"] == 1 and pipeline["walked_out"] == 1 and pipeline["interviewing"] == 0
    assert (
        response.context["time_saved"] == "1 h 29 min"
    )  # as the record counts: whole minutes left


def test_other_users_interviews_never_appear(alice_client, bob, make_application, make_interview):
    theirs = make_interview(
        make_application(bob, company="Bobcorp"), starts_at=timezone.now() + timedelta(hours=1)
    )
    page = alice_client.get("/").content.decode()
    assert "Bobcorp" not in page and f"/interviews/{theirs.pk}/" not in page


def test_dashboard_query_count_is_fixed(
    alice_client, alice, make_interview, django_assert_max_num_queries
):
    now = timezone.now()
    apps = Application.objects.bulk_create(
        Application(
            owner=alice,
            company=f"Co {n}",
            role="Engineer",
            status=Application.Status.values[n % 10],
        )
        for n in range(200)
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            application=apps[n % 200], starts_at=now + timedelta(hours=n - 250), duration_minutes=60
        )
        for n in range(500)
    )
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    ChecklistAnswer.objects.record(interviews[260], [(boss, "mid", "no", "", now)])
    Decision.objects.bulk_create(
        Decision(
            interview=i, choice="walked_out", decided_at=now - timedelta(days=10), minutes_saved=15
        )
        for i in interviews[:100]
    )
    today = timezone.localdate(now, alice.zone)
    for app in apps[:60]:  # follow-ups due, 30 of them open
        Application.objects.filter(pk=app.pk).update(
            next_action="Chase", next_action_on=today - timedelta(days=app.pk % 9)
        )
    Application.objects.bulk_create(  # gone quiet: no move and no interview for months
        Application(
            owner=alice,
            company=f"Quiet {n}",
            role="Engineer",
            status_changed_at=now - timedelta(days=90 + n),
        )
        for n in range(40)
    )
    # session, user, interviews, dealbreakers, answers, pipeline with hours, reflections,
    # follow-ups due with their total, ghosts with theirs (issue 14: at most 10)
    with django_assert_max_num_queries(9):
        response = alice_client.get("/")
    assert response.context["dead_ends"] == [interviews[260]]
    assert response.context["time_saved"] == "25 h"
    assert len(response.context["followups"]) == 20 and response.context["followups"].total == 30
    ghosted = response.context["ghosted"]
    assert len(ghosted) == 20 and ghosted.total == 40


def test_interviews_of_closed_applications_leave_the_dashboard(
    alice_client, application, make_interview
):
    make_interview(application, starts_at=timezone.now() + timedelta(hours=3))
    application.status = "rejected"
    application.save()
    response = alice_client.get("/")
    assert response.context["current"] is None and response.context["upcoming"] == []


def test_coming_up_marks_a_dead_end(alice_client, alice, application, make_interview):
    now = timezone.now()
    make_interview(application, starts_at=now + timedelta(hours=1))
    later = make_interview(application, starts_at=now + timedelta(days=2))
    say_no(later, Dealbreaker.objects.get(owner=alice, question="I could work for this boss"))
    page = alice_client.get("/").content.decode()
    coming_up = page[page.index('id="upcoming-heading"') :]
    assert 'data-verdict="dead_end">Dead end</span>' in coming_up


def test_a_change_made_outside_any_request_shows_at_once(alice_client, application, interview):
    assert "Northwind" in alice_client.get("/").content.decode()
    # Written straight to the database, as a script or the admin would: no signal, no view.
    Application.objects.filter(pk=application.pk).update(company="Southwind")
    page = alice_client.get("/").content.decode()
    assert "Southwind" in page and "Northwind" not in page


def test_times_follow_a_change_of_time_zone(alice_client, alice, application, make_interview):
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=2, hours=1)
    make_interview(application, starts_at=starts)
    for zone in ("Europe/Paris", "Asia/Tokyo"):
        type(alice).objects.filter(pk=alice.pk).update(time_zone=zone)
        shown = timezone.localtime(starts, zoneinfo.ZoneInfo(zone)).strftime("%H:%M")
        assert shown in alice_client.get("/").content.decode(), zone


def test_an_interview_starting_shows_as_in_progress(
    alice_client, application, make_interview, monkeypatch
):
    """No data changes, only the clock."""
    start = timezone.now()
    make_interview(application, starts_at=start + timedelta(minutes=10))
    assert "Next up" in alice_client.get("/").content.decode()
    later = start + timedelta(minutes=10, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "In progress" in alice_client.get("/").content.decode()


def test_a_newcomers_today_starts_with_the_dealbreakers(client, django_user_model):
    """No applications yet: three steps, the dealbreakers first (the checklist comes from
    them), then adding or importing, then the interview day."""
    newcomer = django_user_model.objects.create_user("newcomer", password="x-long-enough-1")
    client.force_login(newcomer)
    text = client.get("/").content.decode()
    start = text.split('id="start-here"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'href="([^"]+)"', start)
    assert links[:4] == ["/dealbreakers/", "/applications/new/", "/capture/", "/import/"]
    assert 'class="pipeline"' not in text

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from interviews import timing
from interviews.models import (
    Application,
    Contact,
    Dealbreaker,
    Decision,
    Interview,
    ScriptTemplate,
    minutes_saved,
)
from tests.concurrency import at_once
from tests.postgres import requires_postgres

pytestmark = pytest.mark.django_db


def answer(client, interview, dealbreaker, value):
    client.post(f"/interviews/{interview.pk}/checklist/mid/", {f"answer_{dealbreaker.pk}": value})


@pytest.fixture
def boss(alice):
    return Dealbreaker.objects.get(owner=alice, question="I could work for this boss")


@pytest.fixture
def running(application, make_interview):
    """An in-person interview that started 20 minutes ago and is planned for an hour."""
    return make_interview(
        application,
        starts_at=timezone.now() - timedelta(minutes=20),
        duration_minutes=60,
        format="in_person",
        status="in_progress",
        interviewers="Dana Reyes, Head of Data",
    )


@pytest.fixture
def dead_end(alice_client, running, boss):
    answer(alice_client, running, boss, "no")
    return running


# Exit script ------------------------------------------------------------------------


def test_dead_end_shows_the_tailored_exit_script(alice_client, dead_end):
    page = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/").content.decode()
    assert (
        'id="script-text" class="script-text">'
        "Dana, it doesn&#x27;t sound like I would be a good fit" in page
    )
    assert "Data Engineer position" in page and "the team at Northwind." in page
    assert "For you, not to say aloud" in page and "I could work for this boss" in page
    assert "Walking out is not a negotiation tactic" not in page


def test_exit_script_variants(alice_client, dead_end):
    phone = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/?format=phone&length=short")
    assert "ending our call now" in phone.context["script"].text
    assert "the team" not in phone.context["script"].text
    video = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/?format=video")
    assert "I'll let you go" in video.context["script"].text
    odd = alice_client.get(
        f"/interviews/{dead_end.pk}/exit-script/?format=smoke-signal&length=huge"
    )
    assert odd.status_code == 200 and odd.context["format"] == "in_person"


def test_the_default_format_follows_the_interview(alice_client, dead_end):
    Interview.objects.filter(pk=dead_end.pk).update(format="phone")
    page = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/")
    assert page.context["format"] == "phone"
    assert "ending our call now" in page.context["script"].text


def test_own_template_is_filled_escaped_and_warns_about_unknowns(alice_client, alice, dead_end):
    Application.objects.filter(pk=dead_end.application_id).update(company="<b>Evil & Co</b>")
    template = ScriptTemplate.objects.create(
        owner=alice,
        name="Mine",
        body="Bye {interviewer} of {company}, {{ request.user }} {% csrf_token %} {salary}",
        is_default=True,
    )
    response = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/")
    page = response.content.decode()
    assert response.context["template"] == template
    assert (
        "Bye Dana of &lt;b&gt;Evil &amp; Co&lt;/b&gt;, "
        "{{ request.user }} {% csrf_token %} {salary}" in page
    )
    assert "<b>Evil" not in page
    assert "which Walkout does not fill in" in page and "<code>{salary}</code>" in page
    article = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/?template=article")
    assert article.context["template"] is None


def test_interviewer_name_with_html_is_escaped(alice_client, dead_end):
    Interview.objects.filter(pk=dead_end.pk).update(
        interviewers="<img src=x onerror=alert(1)>, CTO"
    )
    page = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/").content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


# The negotiation guard ---------------------------------------------------------------


@pytest.mark.parametrize("state_answers", [{}, {"yes": True}])
def test_guard_shown_when_not_a_dead_end(alice_client, running, boss, state_answers):
    if state_answers:
        answer(alice_client, running, boss, "yes")
    response = alice_client.get(f"/interviews/{running.pk}/exit-script/")
    page = response.content.decode()
    assert "Walking out is not a negotiation tactic" in page
    assert "buyer's remorse" in page
    assert 'id="script-text"' not in page
    unticked = alice_client.get(f"/interviews/{running.pk}/exit-script/?confirmed=")
    assert "Tick the box to see the script" in unticked.content.decode()
    confirmed = alice_client.get(f"/interviews/{running.pk}/exit-script/?confirmed=1")
    assert 'id="script-text"' in confirmed.content.decode()


def test_no_guard_for_a_dead_end(alice_client, dead_end):
    page = alice_client.get(f"/interviews/{dead_end.pk}/decision/").content.decode()
    assert "Walking out is not a negotiation tactic" not in page
    assert "not_a_tactic" not in page


def test_walk_out_without_dead_end_needs_confirmation(alice_client, running):
    url = f"/interviews/{running.pk}/decision/"
    page = alice_client.get(url).content.decode()
    assert "Walking out is not a negotiation tactic" in page
    decided = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    refused = alice_client.post(url, {"choice": "walked_out", "decided_at": decided})
    assert refused.status_code == 200
    assert "Confirm you would not take the job" in refused.content.decode()
    assert not Decision.objects.exists()
    stayed = alice_client.post(url, {"choice": "stayed", "decided_at": decided})
    assert stayed.status_code == 302  # staying needs no confirmation
    confirmed = alice_client.post(
        url, {"choice": "walked_out", "decided_at": decided, "not_a_tactic": "on"}
    )
    assert confirmed.status_code == 302
    assert Decision.objects.get().choice == "walked_out"


# Decisions ----------------------------------------------------------------------------


def test_recording_a_walk_out(alice_client, dead_end, application):
    decided = timezone.now().replace(second=0, microsecond=0)
    response = alice_client.post(
        f"/interviews/{dead_end.pk}/decision/",
        {
            "choice": "walked_out",
            "decided_at": timezone.localtime(decided).strftime("%Y-%m-%dT%H:%M"),
            "format": "phone",
            "length": "short",
        },
        follow=True,
    )
    decision = Decision.objects.get()
    assert decision.reason_list == ["I could work for this boss"]
    assert decision.minutes_saved == minutes_saved(dead_end, decision.decided_at)
    assert 38 <= decision.minutes_saved <= 40
    assert decision.script_shown.startswith("Dana, I don't think I'd be a good fit")
    assert "ending our call now" in decision.script_shown
    dead_end.refresh_from_db()
    application.refresh_from_db()
    assert dead_end.status == "done"
    assert application.status == "walked_out"
    assert list(application.status_changes.values_list("from_status", "to_status"))[-1] == (
        "applied",
        "walked_out",
    )
    assert (
        f"Recorded: I walked out. {decision.minutes_saved} minutes saved."
        in response.content.decode()
    )


def test_decision_can_be_corrected_and_the_pipeline_follows(alice_client, dead_end, application):
    url = f"/interviews/{dead_end.pk}/decision/"
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    alice_client.post(url, {"choice": "walked_out", "decided_at": when})
    alice_client.post(url, {"choice": "stayed", "decided_at": when})
    decision = Decision.objects.get()
    assert (decision.choice, decision.minutes_saved, decision.script_shown) == ("stayed", 0, "")
    application.refresh_from_db()
    assert application.status == "applied"  # back where it was before the walk-out
    assert [c.to_status for c in application.status_changes.all()] == [
        "applied",
        "walked_out",
        "applied",
    ]


@pytest.mark.parametrize(
    ("start_offset", "duration", "decided_offset", "saved"),
    [
        (-20, 60, 0, 40),
        (-60, 60, 0, 0),  # decided exactly at the planned end
        (-90, 60, 0, 0),  # after the planned end: never negative
        (-10, 45, -5, 40),
        (0, 30, 0, 30),
    ],
)
def test_minutes_saved_arithmetic(start_offset, duration, decided_offset, saved):
    now = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # around a daylight-saving change in Europe
    interview = Interview(
        starts_at=now + timedelta(minutes=start_offset), duration_minutes=duration
    )
    assert minutes_saved(interview, now + timedelta(minutes=decided_offset)) == saved


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2099-01-01T10:00", "That is in the future"),
        ("2001-01-01T10:00", "before the interview started"),
        ("soonish", "Enter a valid date/time."),
    ],
)
def test_bad_decision_times_change_nothing(alice_client, dead_end, application, when, message):
    response = alice_client.post(
        f"/interviews/{dead_end.pk}/decision/", {"choice": "walked_out", "decided_at": when}
    )
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    application.refresh_from_db()
    assert application.status == "applied"


def test_unknown_choice_changes_nothing(alice_client, dead_end):
    response = alice_client.post(
        f"/interviews/{dead_end.pk}/decision/",
        {"choice": "rage-quit", "decided_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Decision.objects.exists()


def test_one_decision_per_interview(dead_end):
    Decision.record(dead_end, "stayed", timezone.now())
    Decision.record(dead_end, "they_ended", timezone.now())
    assert Decision.objects.filter(interview=dead_end).count() == 1


@pytest.mark.parametrize("suffix", ["exit-script/", "decision/"])
def test_other_users_interview_is_404(bob_client, dead_end, application, suffix):
    url = f"/interviews/{dead_end.pk}/{suffix}"
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(
        url, {"choice": "walked_out", "decided_at": "2026-01-01T10:00"}
    ).status_code in (404, 405)
    assert not Decision.objects.exists()
    application.refresh_from_db()
    assert application.status == "applied"


# Review and reflection -------------------------------------------------------------------


def make_decisions(user, make_application, make_interview, n, choice="walked_out", **extra):
    now = timezone.now()
    made = []
    for i in range(n):
        app = make_application(user, company=f"Co {i}")
        interview = make_interview(app, starts_at=now - timedelta(days=i + 1, minutes=30))
        made.append(
            Decision.objects.create(
                interview=interview,
                choice=choice,
                decided_at=now - timedelta(days=i + 1),
                minutes_saved=30,
                reasons="I could work for this boss\nThe pay meets my floor"
                if i % 2
                else "I could work for this boss",
                **extra,
            )
        )
    return made


def test_review_lists_newest_first_with_stats(
    alice_client, alice, bob, make_application, make_interview
):
    made = make_decisions(alice, make_application, make_interview, 4)
    make_decisions(bob, make_application, make_interview, 3)  # never counted for alice
    made[0].right_call, made[0].reflected_at = "yes", timezone.now()
    made[0].save()
    made[1].right_call, made[1].reflected_at = "no", timezone.now()
    made[1].save()
    response = alice_client.get("/decisions/")
    assert [d.pk for d in response.context["page"].object_list] == [d.pk for d in made]
    assert response.context["walk_outs"] == 4
    assert response.context["time_saved"] == "2 h"
    assert response.context["right_call_rate"] == 50
    assert response.context["top_reasons"] == [
        ("I could work for this boss", 4),
        ("The pay meets my floor", 2),
    ]


def test_top_reasons_are_the_walk_outs_own(alice_client, alice, make_application, make_interview):
    make_decisions(alice, make_application, make_interview, 1)
    make_decisions(alice, make_application, make_interview, 2, choice="stayed")
    response = alice_client.get("/decisions/")
    assert response.context["top_reasons"] == [("I could work for this boss", 1)]


def test_review_filters(alice_client, alice, make_application, make_interview):
    made = make_decisions(alice, make_application, make_interview, 3)
    make_decisions(alice, make_application, make_interview, 1, choice="stayed")
    stayed = alice_client.get("/decisions/?choice=stayed")
    assert [d.choice for d in stayed.context["page"].object_list] == ["stayed"]
    day = timezone.localtime(made[1].decided_at).date().isoformat()
    one_day = alice_client.get(f"/decisions/?choice=walked_out&from={day}&to={day}")
    assert [d.pk for d in one_day.context["page"].object_list] == [made[1].pk]
    bad = alice_client.get("/decisions/?choice=nope&from=2026-02-31&to=tomorrow")
    page = bad.content.decode()
    assert "“nope” is not a choice" in page and "“2026-02-31” is not a date" in page
    assert len(bad.context["page"].object_list) == 4


def test_reflection(alice_client, alice, make_application, make_interview):
    [decision] = make_decisions(alice, make_application, make_interview, 1)
    missing = alice_client.post(f"/decisions/{decision.pk}/reflect/", {"reflection_note": "hmm"})
    assert "This field is required." in missing.content.decode()
    decision.refresh_from_db()
    assert decision.reflected_at is None
    alice_client.post(
        f"/decisions/{decision.pk}/reflect/",
        {"right_call": "yes", "reflection_note": "Dodged a bullet"},
    )
    decision.refresh_from_db()
    assert (decision.right_call, decision.reflection_note) == ("yes", "Dodged a bullet")
    assert decision.reflected_at is not None


def test_reflecting_on_a_decision_whose_interview_was_moved_later(alice_client, dead_end):
    """The interview's start was corrected after the walk-out was recorded: the decision is
    now before it, which a restore refuses, but looking back on it still works."""
    decision = Decision.record(dead_end, "walked_out", timezone.now())
    dead_end.starts_at = timezone.now() + timedelta(hours=1)
    dead_end.save()
    response = alice_client.post(
        f"/decisions/{decision.pk}/reflect/", {"right_call": "yes", "reflection_note": "Fine"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.right_call == "yes"


def test_other_users_decision_is_404(bob_client, alice, make_application, make_interview):
    [decision] = make_decisions(alice, make_application, make_interview, 1)
    assert bob_client.get(f"/decisions/{decision.pk}/reflect/").status_code == 404
    assert (
        bob_client.post(f"/decisions/{decision.pk}/reflect/", {"right_call": "no"}).status_code
        == 404
    )
    decision.refresh_from_db()
    assert decision.right_call == ""


def test_review_query_count(
    alice_client, alice, make_application, make_interview, django_assert_max_num_queries
):
    make_decisions(alice, make_application, make_interview, 60)
    # session, user, the totals with the reasons and the number shown, the page
    with django_assert_max_num_queries(4):
        response = alice_client.get("/decisions/")
    assert len(response.context["page"].object_list) == 20


NAMES = ["Zoe Park", "Ana Lopez", "Ben Ode", "Cy Tran", "Di Roy", "Ed Lim", "Flo Hart"]


def test_exit_script_query_count(alice_client, alice, dead_end, django_assert_max_num_queries):
    """Whoever the interview is with is read once, however many interviewers it has."""
    dead_end.set_interviewers([Contact.objects.create(owner=alice, name=name) for name in NAMES])
    # session, user, the interview, its script templates, the lead interviewer, the
    # answers and dealbreakers of the verdict, the earlier walk-outs at the company
    with django_assert_max_num_queries(7):
        page = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/?confirmed=1")
    assert "Zoe, it doesn&#x27;t sound like" in page.content.decode()  # the first given


# Company memory ---------------------------------------------------------------------------


def test_company_memory_warns_with_date_and_reasons(alice_client, dead_end):
    alice_client.post(
        f"/interviews/{dead_end.pk}/decision/",
        {"choice": "walked_out", "decided_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    response = alice_client.post(
        "/applications/new/",
        {"company": "  NORTHWIND ", "role": "Analyst", "status": "applied", "currency": "USD"},
        follow=True,
    )
    page = response.content.decode()
    today = timezone.localtime().strftime("%-d %b %Y")
    assert (
        f"You walked out of an interview at Northwind on {today}: I could work for this boss."
        in page
    )
    assert "You have walked out at" in page and 'id="company-memory"' in page


def test_no_company_memory_for_other_companies(alice_client, dead_end):
    Decision.record(dead_end, "walked_out", timezone.now(), reasons=["x"])
    response = alice_client.post(
        "/applications/new/",
        {"company": "Northwind Labs", "role": "Analyst", "status": "applied", "currency": "USD"},
        follow=True,
    )
    assert "You walked out" not in response.content.decode()


def test_decision_form_defaults_to_a_time_it_accepts(alice_client, application, make_interview):
    later = make_interview(application, starts_at=timezone.now() + timedelta(hours=2))
    form = alice_client.get(f"/interviews/{later.pk}/decision/").context["form"]
    assert form.initial["decided_at"] == later.starts_at.replace(second=0, microsecond=0)
    past = make_interview(application, starts_at=timezone.now() - timedelta(days=2))
    form = alice_client.get(f"/interviews/{past.pk}/decision/").context["form"]
    assert form.initial["decided_at"] == past.ends_at.replace(second=0, microsecond=0)


def test_an_interview_still_to_come_says_when_it_can_be_recorded(alice_client, interview):
    page = alice_client.get(f"/interviews/{interview.pk}/decision/").content.decode()
    assert 'id="not-started"' in page
    assert "Record what happened once it has started." in page
    assert 'name="decided_at"' not in page  # no form whose every time would be refused
    # A post still meets the form's rule, and nothing is stored.
    response = alice_client.post(
        f"/interviews/{interview.pk}/decision/",
        {"choice": "walked_out", "decided_at": timezone.now().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 200
    assert "before the interview started" in response.content.decode()
    assert not Decision.objects.filter(interview=interview).exists()


def record_buttons(page):
    """The exit script's block of buttons that record what happened, as sent."""
    return page.split('id="record-actions"', 1)[1].split("</div>", 1)[0]


def test_exit_script_before_the_start_says_when_a_walk_out_can_be_recorded(
    alice, alice_client, application, make_interview, boss
):
    later = make_interview(
        application, starts_at=timezone.now() + timedelta(hours=2), duration_minutes=60
    )
    answer(alice_client, later, boss, "no")
    page = alice_client.get(f"/interviews/{later.pk}/exit-script/").content.decode()
    with timezone.override(alice.zone):
        opens = timing.moment(later.starts_at, timezone.now())  # “20:15”, on Alice's clock
    assert f"You can record a walk-out once the interview has started ({opens})." in page
    # The buttons that would only reach “too early” are not offered: kept, hidden, for a
    # copy on the phone opened after the start (js/once-started.js).
    assert record_buttons(page).startswith(" hidden>")
    assert page.count(f'href="/interviews/{later.pk}/decision/') == 2  # both, in there
    assert "js/once-started.js" in page


def test_exit_script_after_the_start_offers_the_buttons(alice_client, dead_end):
    page = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/").content.decode()
    assert 'id="record-waits"' not in page and "once-started.js" not in page
    buttons = record_buttons(page)
    assert buttons.startswith(">")  # not hidden
    assert f'href="/interviews/{dead_end.pk}/decision/?choice=walked_out' in buttons
    assert f'href="/interviews/{dead_end.pk}/decision/?choice=stayed"' in buttons


def test_exit_script_with_a_decision_to_correct_offers_the_buttons_before_the_start(
    alice_client, dead_end
):
    """A decision recorded, then the interview moved later: the form corrects it."""
    Decision.record(dead_end, "walked_out", timezone.now(), reasons=["x"])
    Interview.objects.filter(pk=dead_end.pk).update(starts_at=timezone.now() + timedelta(hours=3))
    page = alice_client.get(f"/interviews/{dead_end.pk}/exit-script/").content.decode()
    assert 'id="record-waits"' not in page and record_buttons(page).startswith(">")
    decision = alice_client.get(f"/interviews/{dead_end.pk}/decision/").content.decode()
    assert 'id="not-started"' not in decision and 'name="decided_at"' in decision


def test_dates_the_wrong_way_round_are_swapped_and_said(alice_client):
    page = alice_client.get("/decisions/?from=2026-11-30&to=2026-11-01").content.decode()
    assert "“From” was after “To”: showing the decisions between them." in page
    assert 'name="from" class="form-control" value="2026-11-01"' in page


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_walk_outs_recorded_at_once_leave_one_timeline_entry(alice, running, application):
    """Four devices (or four taps) record the walk-out at the same instant."""
    clients = [Client() for _ in range(4)]
    for client in clients:
        client.force_login(alice)
    when = timezone.localtime(timezone.now(), alice.zone).strftime("%Y-%m-%dT%H:%M")
    data = {"choice": "walked_out", "decided_at": when, "not_a_tactic": "on"}
    responses = at_once(clients, lambda c: c.post(f"/interviews/{running.pk}/decision/", data))
    assert [response.status_code for response in responses] == [302] * 4
    assert Decision.objects.filter(interview=running).count() == 1
    application.refresh_from_db()
    assert application.status == "walked_out"
    walk_outs = application.status_changes.filter(to_status="walked_out")
    assert list(walk_outs.values_list("from_status", flat=True)) == ["applied"]


def test_a_script_longer_than_any_real_one_is_kept_cut_short(dead_end):
    """A template of 2,000 characters can repeat a 200-character placeholder; what is kept
    is what a restore accepts back."""
    decision = Decision.record(dead_end, "walked_out", timezone.now(), script="x" * 30_000)
    assert len(decision.script_shown) == Decision.RECORD_MAX_LENGTH
    decision.full_clean()


def test_review_totals_follow_a_new_decision(alice_client, interview):
    before = alice_client.get("/decisions/").context["walk_outs"]
    Decision.objects.create(
        interview=interview, choice=Decision.Choice.WALKED_OUT, minutes_saved=30
    )
    assert alice_client.get("/decisions/").context["walk_outs"] == before + 1

import random
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.utils import timezone

from interviews.models import ChecklistAnswer, Dealbreaker
from tests.postgres import requires_postgres

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
T0 = "2026-11-25T10:00:00+00:00"
T1 = "2026-11-25T10:05:00+00:00"


def starter(user, question):
    return Dealbreaker.objects.get(owner=user, question=question)


@pytest.fixture
def boss(alice):
    return starter(alice, "I could work for this boss")  # a mid-phase dealbreaker


@pytest.fixture
def qualified(alice):
    return starter(alice, "I am qualified for this role")  # asked in both phases


def mid_url(interview):
    return f"/interviews/{interview.pk}/checklist/mid/"


def stored(interview):
    return sorted(
        ChecklistAnswer.objects.filter(interview=interview).values_list(
            "dealbreaker_id", "phase", "answer", "note"
        )
    )


def test_new_users_get_the_starter_set(alice):
    questions = list(Dealbreaker.objects.for_user(alice).values_list("question", flat=True))
    assert questions[0] == "I am qualified for this role"
    assert "I would accept an offer today if they made one" in questions
    assert "They introduced me to the team" in questions
    assert len(questions) == 9
    signals = Dealbreaker.objects.for_user(alice).filter(category="their_signals")
    assert {d.severity for d in signals} == {"concern"}


def test_page_lists_the_phases_active_items_in_order(alice_client, alice, interview, boss):
    Dealbreaker.objects.exclude(pk=boss.pk).update(position=F("position") + 10)
    starter(alice, "The role matches the posting").delete()
    Dealbreaker.objects.filter(owner=alice, question="They introduced me to the team").update(
        active=False
    )
    page = alice_client.get(mid_url(interview))
    questions = [item["dealbreaker"].question for item in page.context["items"]]
    assert questions[0] == "I could work for this boss"
    assert "The pay meets my floor" not in questions  # a pre-interview item
    assert "The role matches the posting" not in questions
    assert "They introduced me to the team" not in questions
    assert "I am qualified for this role" in questions  # both phases
    pre = alice_client.get(f"/interviews/{interview.pk}/checklist/pre/")
    assert "The pay meets my floor" in [i["dealbreaker"].question for i in pre.context["items"]]
    assert b'data-verdict="unknown"' in page.content


def test_json_save_returns_the_new_verdict(alice_client, interview, boss):
    response = alice_client.post(
        mid_url(interview), {f"answer_{boss.pk}": "no", "answered_at": T0}, **JSON
    )
    assert response.status_code == 200
    data = response.json()
    assert data["saved"] == [boss.pk]
    assert data["stale"] == []
    assert data["verdict"]["state"] == "dead_end"
    assert data["verdict"]["reasons"] == [
        {"id": boss.pk, "question": "I could work for this boss", "because": "You answered no."}
    ]
    assert data["progress"]["mid"][0] == 1
    row = ChecklistAnswer.objects.get()
    assert (row.answer, row.phase, row.question) == ("no", "mid", "I could work for this boss")
    assert row.answered_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_dead_end_on_mid_page_links_to_the_exit_script(alice_client, interview, boss):
    page = alice_client.get(mid_url(interview)).content.decode()
    assert 'id="exit-link"' in page and 'exit-script/" hidden' in page
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "no"})
    page = alice_client.get(mid_url(interview)).content.decode()
    assert 'data-verdict="dead_end"' in page
    assert f'href="/interviews/{interview.pk}/exit-script/">Read your exit script' in page


def test_replaying_the_same_answer_is_idempotent(alice_client, interview, boss):
    payload = {f"answer_{boss.pk}": "yes", f"note_{boss.pk}": "kind", "answered_at": T0}
    first = alice_client.post(mid_url(interview), payload, **JSON).json()
    again = alice_client.post(mid_url(interview), payload, **JSON).json()
    assert first == again
    assert stored(interview) == [(boss.pk, "mid", "yes", "kind")]


def test_a_replay_of_the_same_key_changes_nothing(alice_client, interview, boss):
    payload = {f"answer_{boss.pk}": "no", "answered_at": T0, "client_key": "k-1"}
    first = alice_client.post(mid_url(interview), payload, **JSON).json()
    row = ChecklistAnswer.objects.get()
    assert (row.answer, row.client_key) == ("no", "k-1")
    again = alice_client.post(mid_url(interview), payload, **JSON).json()
    # Reported saved both times (it is), and the row was not written a second time.
    assert first == again and again["saved"] == [boss.pk] and again["stale"] == []
    assert ChecklistAnswer.objects.get().updated_at == row.updated_at


def test_a_replay_does_not_undo_a_later_answer(alice_client, interview, boss):
    first = {f"answer_{boss.pk}": "no", "answered_at": T0, "client_key": "k-1"}
    alice_client.post(mid_url(interview), first, **JSON)
    alice_client.post(
        mid_url(interview),
        {f"answer_{boss.pk}": "yes", "answered_at": T1, "client_key": "k-2"},
        **JSON,
    )
    late = alice_client.post(mid_url(interview), first, **JSON).json()
    assert late["saved"] == [] and late["stale"] == [boss.pk]
    assert stored(interview) == [(boss.pk, "mid", "yes", "")]


def test_a_malformed_key_is_400_and_changes_nothing(alice_client, interview, boss):
    response = alice_client.post(
        mid_url(interview),
        {f"answer_{boss.pk}": "no", "client_key": "not a key!"},
        **JSON,
    )
    assert response.status_code == 400
    assert stored(interview) == []


def test_older_device_time_loses_to_newer(alice_client, interview, boss):
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "no", "answered_at": T1}, **JSON)
    late = alice_client.post(
        mid_url(interview), {f"answer_{boss.pk}": "yes", "answered_at": T0}, **JSON
    ).json()
    assert late["saved"] == [] and late["stale"] == [boss.pk]
    assert late["verdict"]["state"] == "dead_end"
    assert stored(interview) == [(boss.pk, "mid", "no", "")]
    newer = "2026-11-25T10:06:00+00:00"
    alice_client.post(
        mid_url(interview), {f"answer_{boss.pk}": "yes", "answered_at": newer}, **JSON
    )
    assert stored(interview) == [(boss.pk, "mid", "yes", "")]


def test_a_clock_in_the_future_cannot_freeze_an_answer(alice_client, interview, boss):
    future = (timezone.now() + timedelta(days=365)).isoformat()
    alice_client.post(
        mid_url(interview), {f"answer_{boss.pk}": "no", "answered_at": future}, **JSON
    )
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "yes"}, **JSON)
    assert stored(interview) == [(boss.pk, "mid", "yes", "")]


def test_pre_and_mid_answers_are_separate_rows(alice_client, interview, qualified):
    alice_client.post(
        f"/interviews/{interview.pk}/checklist/pre/", {f"answer_{qualified.pk}": "no"}, **JSON
    )
    data = alice_client.post(mid_url(interview), {f"answer_{qualified.pk}": "yes"}, **JSON).json()
    assert data["verdict"]["state"] == "good"  # mid overrides pre
    assert stored(interview) == [(qualified.pk, "mid", "yes", ""), (qualified.pk, "pre", "no", "")]


def test_two_clients_answering_different_questions_both_keep_them(
    alice, interview, boss, qualified
):
    phone, laptop = Client(), Client()
    phone.force_login(alice)
    laptop.force_login(alice)
    phone.post(mid_url(interview), {f"answer_{boss.pk}": "no", "answered_at": T0}, **JSON)
    laptop.post(mid_url(interview), {f"answer_{qualified.pk}": "yes", "answered_at": T0}, **JSON)
    assert stored(interview) == [(qualified.pk, "mid", "yes", ""), (boss.pk, "mid", "no", "")]


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_to_different_questions_are_all_kept(alice, interview):
    """Several devices at the same instant, each on its own connection."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the concurrent case needs PostgreSQL")
    items = list(Dealbreaker.objects.for_user(alice).for_phase("mid").active())
    barrier = threading.Barrier(len(items))
    failures = []

    def answer(item):
        client = Client()
        client.force_login(alice)
        barrier.wait()
        response = client.post(mid_url(interview), {f"answer_{item.pk}": "yes"}, **JSON)
        if response.status_code != 200:
            failures.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=answer, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert {row[0] for row in stored(interview)} == {item.pk for item in items}


def test_form_post_without_javascript_saves_everything(alice_client, interview, boss, qualified):
    response = alice_client.post(
        mid_url(interview),
        {
            f"answer_{boss.pk}": "no",
            f"note_{boss.pk}": "  shouted at a waiter ",
            f"answer_{qualified.pk}": "unsure",
            f"note_{qualified.pk}": "",
        },
        follow=True,
    )
    assert response.redirect_chain == [(mid_url(interview), 302)]
    assert b"Saved 2 answers." in response.content
    assert stored(interview) == [
        (qualified.pk, "mid", "unsure", ""),
        (boss.pk, "mid", "no", "shouted at a waiter"),
    ]
    assert b'data-verdict="dead_end"' in response.content


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"answer_{boss}": "maybe"}, "“maybe” is not an answer: use yes, no or unsure."),
        ({"answer_{boss}": "yes", "note_{boss}": "x" * 501}, "longer than 500 characters"),
        ({"answer_999999": "yes"}, "There is no question 999999."),
        # Beyond any id the database can hold: still a message, not a server error.
        ({"answer_{boss}": "no", "answer_" + "9" * 20: "yes"}, "There is no question 9999"),
        ({"answer_abc": "yes"}, "“answer_abc” does not name a question."),
        ({"answer_{boss}": "yes", "answered_at": "yesterday"}, "not a date and time"),
        ({"note_{boss}": "no answer"}, "Choose yes, no or unsure for “I could work for this boss”"),
        ({"answer_{pay}": "yes"}, "is not on the mid checklist"),
    ],
)
def test_bad_answers_are_400_and_change_nothing(
    alice_client, alice, interview, boss, payload, message
):
    pay = starter(alice, "The pay meets my floor")
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "yes", "answered_at": T0}, **JSON)
    before = stored(interview)
    data = {
        key.format(boss=boss.pk, pay=pay.pk): value.format(boss=boss.pk) if "{" in value else value
        for key, value in payload.items()
    }
    json_response = alice_client.post(mid_url(interview), data, **JSON)
    assert json_response.status_code == 400
    assert message in " ".join(json_response.json()["errors"])
    form_response = alice_client.post(mid_url(interview), data)
    assert form_response.status_code == 400
    assert message in form_response.content.decode()
    assert "Nothing was saved." in form_response.content.decode()
    assert stored(interview) == before


def test_bad_answer_alongside_good_ones_stores_none(alice_client, interview, boss, qualified):
    response = alice_client.post(
        mid_url(interview), {f"answer_{qualified.pk}": "yes", f"answer_{boss.pk}": "nah"}, **JSON
    )
    assert response.status_code == 400
    assert stored(interview) == []


def test_other_users_interview_is_404_and_unchanged(bob_client, interview, boss):
    for phase in ("pre", "mid"):
        url = f"/interviews/{interview.pk}/checklist/{phase}/"
        assert bob_client.get(url).status_code == 404
        assert bob_client.post(url, {f"answer_{boss.pk}": "no"}, **JSON).status_code == 404
    assert stored(interview) == []


def test_other_users_dealbreaker_is_404_and_unchanged(alice_client, bob, interview):
    theirs = Dealbreaker.objects.for_user(bob).first()
    response = alice_client.post(mid_url(interview), {f"answer_{theirs.pk}": "no"}, **JSON)
    assert response.status_code == 404
    assert stored(interview) == []


def test_an_interview_beyond_any_id_is_404(alice_client, boss):
    url = f"/interviews/{'9' * 20}/checklist/mid/"
    assert alice_client.get(url).status_code == 404
    assert alice_client.post(url, {f"answer_{boss.pk}": "no"}, **JSON).status_code == 404


def test_unknown_phase_is_404(alice_client, interview):
    assert alice_client.get(f"/interviews/{interview.pk}/checklist/post/").status_code == 404


def test_anonymous_is_sent_to_log_in(client, interview, boss):
    response = client.post(mid_url(interview), {f"answer_{boss.pk}": "no"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert stored(interview) == []


def test_rule_from_the_application_shows_and_decides(alice_client, alice, interview):
    pay = starter(alice, "The pay meets my floor")
    pay.rule, pay.salary_floor = "salary_floor", 150_000
    pay.save()
    page = alice_client.get(f"/interviews/{interview.pk}/checklist/pre/")
    assert (
        "The range tops out at 110,000 USD, below your floor of 150,000." in page.content.decode()
    )
    assert page.context["verdict"].state == "dead_end"


def test_editing_a_dealbreaker_keeps_the_question_as_asked(alice_client, interview, boss):
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "no"})
    boss.question = "My manager would be fine"
    boss.save()
    assert ChecklistAnswer.objects.get().question == "I could work for this boss"
    boss.delete()
    answer = ChecklistAnswer.objects.get()
    assert (answer.question, answer.dealbreaker) == ("I could work for this boss", None)


def test_checklist_page_and_save_query_counts(
    alice_client, alice, interview, django_assert_max_num_queries, django_assert_num_queries
):
    Dealbreaker.objects.bulk_create(
        Dealbreaker(owner=alice, question=f"Question {n}", phase="mid", position=100 + n)
        for n in range(30)
    )
    items = list(Dealbreaker.objects.for_user(alice).for_phase("mid"))
    alice_client.post(mid_url(interview), {f"answer_{d.pk}": "yes" for d in items})
    # session, user, interview, dealbreakers, answers
    with django_assert_max_num_queries(5):
        page = alice_client.get(mid_url(interview))
    assert len(page.context["items"]) == len(items)
    # PostgreSQL: session, user, one statement (checklist.save_tap). SQLite: session, user,
    # interview, dealbreakers, the upsert, answers.
    taps = 3 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(taps):
        alice_client.post(mid_url(interview), {f"answer_{items[0].pk}": "no"}, **JSON)
    with django_assert_num_queries(taps):
        alice_client.post(mid_url(interview), {f"answer_{d.pk}": "unsure" for d in items}, **JSON)
    # With the offline queue's idempotency key, replayed: no extra query either time.
    keyed = {f"answer_{items[0].pk}": "yes", "answered_at": T1, "client_key": "k-9"}
    for _ in range(2):
        with django_assert_num_queries(taps):
            alice_client.post(mid_url(interview), keyed, **JSON)


def test_interview_page_shows_progress_and_verdict(alice_client, interview, boss, qualified):
    alice_client.post(
        mid_url(interview), {f"answer_{boss.pk}": "no", f"answer_{qualified.pk}": "yes"}
    )
    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert 'data-verdict="dead_end"' in page
    assert 'During: checklist <span class="count">2/7</span>' in page
    assert 'Before: checklist <span class="count">0/4</span>' in page


def test_no_fit_score_before_the_first_answer(alice_client, interview, boss):
    page = alice_client.get(mid_url(interview)).content.decode()
    assert 'id="verdict-score">0 questions answered<' in page
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "yes", "answered_at": T0})
    page = alice_client.get(mid_url(interview)).content.decode()
    assert 'id="verdict-score">Fit score 100% · 1 question answered<' in page


@requires_postgres
def test_one_statement_taps_answer_as_the_orm_path_does(
    alice_client, alice, make_application, make_interview, monkeypatch
):
    """On PostgreSQL a valid JSON tap takes one statement (checklist.save_tap). The same 300
    random taps, with replays, late device times, notes, empty and bad answers, in both
    phases, give the same responses and the same rows through it as through the ORM path."""
    pay = starter(alice, "The pay meets my floor")
    pay.rule, pay.salary_floor = "salary_floor", 100_000  # the range reaches it
    pay.save()
    mode = starter(alice, "The work location works for me")
    mode.rule, mode.work_modes = "work_mode", "remote"  # the jobs are hybrid
    mode.save()
    Dealbreaker.objects.create(owner=alice, question="Heavy concern", severity="concern", weight=3)
    Dealbreaker.objects.create(owner=alice, question="Not asked", active=False)
    items = list(Dealbreaker.objects.for_user(alice))
    interviews = [
        make_interview(
            make_application(
                alice, company=f"Co {n}", salary_max=120_000, work_mode="hybrid", currency="USD"
            )
        )
        for n in range(2)
    ]
    rng = random.Random(1)
    seen = set()
    values = ["yes"] * 8 + ["unsure", "unsure", "no", "", "maybe"]
    for step in range(300):
        phase = rng.choice(["pre", "mid"])
        payload = {"answered_at": f"2026-11-25T10:{rng.randrange(8):02d}:00+00:00"}
        if rng.random() < 0.6:
            payload["client_key"] = f"k-{rng.randrange(12)}"
        asked = [d for d in items if d.active and d.phase in (phase, "both")]
        for dealbreaker in rng.sample(asked if rng.random() < 0.9 else items, rng.randint(1, 3)):
            payload[f"answer_{dealbreaker.pk}"] = rng.choice(values)
            if rng.random() < 0.2:
                payload[f"note_{dealbreaker.pk}"] = rng.choice(["", "pay unclear", "x" * 501])
        responses = []
        for quick, interview in zip((True, False), interviews, strict=True):
            with monkeypatch.context() as patch:
                if not quick:
                    patch.setattr("interviews.views.checklist.save_tap", lambda *args: None)
                url = f"/interviews/{interview.pk}/checklist/{phase}/"
                response = alice_client.post(url, payload, **JSON)
            responses.append((response.status_code, response.json()))
        assert responses[0] == responses[1], (step, payload)
        status, data = responses[0]
        seen.add(status)
        if status == 200:
            seen.add(data["verdict"]["state"])
            seen.update(("saved",) * bool(data["saved"]) + ("stale",) * bool(data["stale"]))
        rows = [
            list(
                ChecklistAnswer.objects.filter(interview=interview)
                .order_by("dealbreaker_id", "phase")
                .values_list(
                    "dealbreaker_id", "phase", "answer", "note", "answered_at", "client_key"
                )
            )
            for interview in interviews
        ]
        assert rows[0] == rows[1], (step, payload)
    # The walk covered what it is for: taps stored, stale and refused, and each verdict.
    assert seen >= {200, 400, "saved", "stale", "dead_end", "concerns", "good"}


@requires_postgres
def test_a_tap_is_prepared_once_per_connection(alice_client, interview, boss):
    """The tap's statement is planned once per connection (settings: prepare_threshold),
    and Django's own queries, bound on the client, are not prepared at all."""
    for value in ("no", "yes", "unsure"):
        alice_client.post(mid_url(interview), {f"answer_{boss.pk}": value}, **JSON)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        prepared = cursor.fetchall()
    assert [
        (sql.count("interviews_checklistanswer AS stored"), runs) for sql, runs in prepared
    ] == [(1, 3)]

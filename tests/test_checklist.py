import random
import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.utils import timezone

from interviews import verdict
from interviews.checklist import as_facts, as_item
from interviews.models import ChecklistAnswer, Dealbreaker

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


def post_encoded(client, url, data, **headers):
    """A POST form-encoded, as a browser's form and the offline queue send it (the test
    client's default, multipart, would refuse some of these fields before any view)."""
    return client.post(
        url, urlencode(data), content_type="application/x-www-form-urlencoded", **headers
    )


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
    assert (
        f'href="/interviews/{interview.pk}/exit-script/" aria-label="Read your exit script">'
        "Exit script</a>"
    ) in page


def reason_lists(page, list_class):
    """(the dead end's reasons, the concerns) one of the checklist's two places lists, as
    the text of their items; None for a list sent hidden."""

    def items(block):
        if block.split(">", 1)[0].endswith(" hidden"):
            return None
        return [item.split("</li>")[0] for item in block.split("<li")[1:]]

    reasons = page.split(f'<ul class="{list_class} reason-list"', 1)[1].split("</ul>", 1)[0]
    concerns = page.split(f'<div class="{list_class}-concerns', 1)[1].split("</div>", 1)[0]
    return items(reasons), items(concerns)


def test_the_dead_end_lists_its_dealbreakers_and_the_concerns_apart(
    alice, alice_client, interview, boss
):
    team = starter(alice, "They introduced me to the team")  # a concern
    alice_client.post(mid_url(interview), {f"answer_{team.pk}": "no", f"answer_{boss.pk}": "no"})
    page = alice_client.get(mid_url(interview)).content.decode()
    assert 'data-verdict="dead_end"' in page
    for where in ("verdict-reasons", "reasons-below"):  # in the banner, and in full below it
        reasons, concerns = reason_lists(page, where)
        assert reasons == [
            ' class="reason-dealbreaker">I could work for this boss — You answered no.'
        ]
        assert concerns == [
            ' class="reason-concern">They introduced me to the team — You answered no.'
        ]
    assert "Concerns, not dealbreakers:" in page
    # A concern alone: no dead end, and no list of its reasons.
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "yes"})
    page = alice_client.get(mid_url(interview)).content.decode()
    assert 'data-verdict="concerns"' in page
    reasons, concerns = reason_lists(page, "reasons-below")
    assert reasons is None and len(concerns) == 1


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


@pytest.mark.parametrize(
    "when",
    # In UTC, in the user's zone (Europe/Paris), and where UTC is already year 10000.
    ["9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59", "9999-12-31T20:00:00-10:00"],
)
def test_a_time_near_year_9999_is_kept_as_now_and_pages_still_work(
    alice_client, interview, boss, when
):
    before = timezone.now()
    data = {f"answer_{boss.pk}": "no", "answered_at": when}
    assert alice_client.post(mid_url(interview), data, **JSON).json()["saved"] == [boss.pk]
    assert before <= ChecklistAnswer.objects.get().answered_at <= timezone.now()
    for url in (mid_url(interview), f"/interviews/{interview.pk}/", "/", "/export/"):
        assert alice_client.get(url).status_code == 200, url


def test_a_clock_reset_to_1970_still_saves_its_answer(alice_client, interview, boss):
    """A phone whose clock lost its time reads 1970: its answer is kept, and loses to any
    answer given since, as an older device time does."""
    reset = {f"answer_{boss.pk}": "no", "answered_at": "1970-01-01T00:00:00+00:00"}
    assert alice_client.post(mid_url(interview), reset, **JSON).json()["saved"] == [boss.pk]
    assert alice_client.get(mid_url(interview)).status_code == 200
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "yes", "answered_at": T0}, **JSON)
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
        # A tap that names no question at all (it was a server error).
        ({}, "There is nothing to save: no answer or note was sent."),
        ({"answered_at": T0, "client_key": "k-1"}, "There is nothing to save"),
        # Digits to str.isdigit(), not to int(): "²" was a server error, "١٢" read as 12.
        ({"answer_²": "yes"}, "“answer_²” does not name a question."),
        ({"answer_١٢": "yes"}, "“answer_١٢” does not name a question."),
        ({"answer_{boss}\n": "yes"}, "does not name a question."),
        # More digits than int() reads (4,300), and one past the largest id a row can have.
        ({"answer_" + "7" * 5000: "yes"}, "There is no question 77777777777777777777…"),
        ({f"answer_{2**63}": "yes"}, f"There is no question {2**63}."),
        ({f"note_{2**63}": "hm"}, f"There is no question {2**63}."),
        # PostgreSQL refuses NUL in text (it was a server error there): refused before the
        # view, like a control character in any parameter.
        ({"answer_{boss}": "no", "note_{boss}": "rude\x00"}, "“note_{boss}” holds a control"),
        ({"answer_{boss}": "no\x00"}, "“answer_{boss}” holds a control character"),
        # Times that cannot be put in UTC, or that no clock reads: refused, not stored.
        ({"answer_{boss}": "no", "answered_at": "0001-01-01T00:00:00+23:59"}, "1 January 1900"),
        ({"answer_{boss}": "no", "answered_at": "0001-01-01T00:00:00"}, "1 January 1900"),
        ({"answer_{boss}": "no", "answered_at": "1899-12-31T23:59:59+00:00"}, "1 January 1900"),
        ({"answer_{boss}": "no", "answered_at": "2026-11-25T10:00:00\x00"}, "holds a control"),
        # A key one character too long, hidden behind a newline that "$" lets through.
        ({"answer_{boss}": "no", "client_key": "k" * 64 + "\n"}, "key is not one this app"),
    ],
)
def test_bad_answers_are_400_and_change_nothing(
    alice_client, alice, interview, boss, payload, message
):
    pay = starter(alice, "The pay meets my floor")
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "yes", "answered_at": T0}, **JSON)
    before = list(ChecklistAnswer.objects.values())
    data = {
        key.format(boss=boss.pk, pay=pay.pk): value.format(boss=boss.pk) if "{" in value else value
        for key, value in payload.items()
    }
    message = message.format(boss=boss.pk)
    json_response = post_encoded(alice_client, mid_url(interview), data, **JSON)
    assert json_response.status_code == 400
    assert message in " ".join(json_response.json()["errors"])
    form_response = post_encoded(alice_client, mid_url(interview), data)
    assert form_response.status_code == 400
    assert message in form_response.content.decode()
    assert "Nothing was saved" in form_response.content.decode()
    assert list(ChecklistAnswer.objects.values()) == before


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


def test_other_users_dealbreaker_is_answered_as_a_missing_one_and_unchanged(
    alice_client, bob, interview
):
    """Another user's question and one that never existed get the same answer, so the
    answer does not tell whether a question of that number exists."""
    theirs = Dealbreaker.objects.for_user(bob).first()
    missing = Dealbreaker.objects.order_by("-pk").first().pk + 1
    answers = [
        alice_client.post(mid_url(interview), {f"answer_{pk}": "no"}, **JSON)
        for pk in (theirs.pk, missing)
    ]
    assert [response.status_code for response in answers] == [400, 400]
    assert [response.json() for response in answers] == [
        {"errors": [f"There is no question {pk}."]} for pk in (theirs.pk, missing)
    ]
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


# Query budgets, session and user included (issue 14): constant however many questions
# and answers there are, so an N+1 would show with the forty rows below.
PAGE_QUERIES = 8
TAP_QUERIES = 7


def test_checklist_page_and_save_query_counts(
    alice_client, alice, interview, django_assert_max_num_queries
):
    Dealbreaker.objects.bulk_create(
        Dealbreaker(owner=alice, question=f"Question {n}", position=100 + n) for n in range(40)
    )
    items = list(Dealbreaker.objects.for_user(alice).for_phase("mid"))
    for phase in ("pre", "mid"):
        asked = Dealbreaker.objects.for_user(alice).for_phase(phase)
        alice_client.post(
            f"/interviews/{interview.pk}/checklist/{phase}/",
            {f"answer_{d.pk}": "yes" for d in asked},
        )
    assert ChecklistAnswer.objects.filter(interview=interview).count() > 80
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = alice_client.get(mid_url(interview))
    assert len(page.context["items"]) == len(items)
    with django_assert_max_num_queries(TAP_QUERIES):
        one = alice_client.post(mid_url(interview), {f"answer_{items[0].pk}": "no"}, **JSON)
    assert one.json()["saved"] == [items[0].pk]
    with django_assert_max_num_queries(TAP_QUERIES):
        every = alice_client.post(
            mid_url(interview), {f"answer_{d.pk}": "unsure" for d in items}, **JSON
        )
    assert len(every.json()["saved"]) == len(items)
    # With the offline queue's idempotency key, and replayed: no extra query either time.
    now = timezone.now().isoformat()
    keyed = {f"answer_{items[0].pk}": "yes", "answered_at": now, "client_key": "k-9"}
    for _ in range(2):
        with django_assert_max_num_queries(TAP_QUERIES):
            replay = alice_client.post(mid_url(interview), keyed, **JSON)
        assert replay.json()["saved"] == [items[0].pk]
    # A question not on this checklist costs one query more, to tell whose it is.
    pay = starter(alice, "The pay meets my floor")
    with django_assert_max_num_queries(TAP_QUERIES):
        refused = alice_client.post(mid_url(interview), {f"answer_{pay.pk}": "no"}, **JSON)
    assert refused.status_code == 400
    with django_assert_max_num_queries(TAP_QUERIES):
        form = alice_client.post(mid_url(interview), {f"answer_{d.pk}": "no" for d in items})
    assert form.status_code == 302


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
    # "Fit score 100% · 1 question answered"; the words in .verdict-long left out where
    # the line must be short (the sticky bar on a phone).
    assert 'id="verdict-score">0<span class="verdict-long"> questions</span> answered<' in page
    alice_client.post(mid_url(interview), {f"answer_{boss.pk}": "yes", "answered_at": T0})
    page = alice_client.get(mid_url(interview)).content.decode()
    assert (
        'id="verdict-score">Fit<span class="verdict-long"> score</span> 100% · '
        '1<span class="verdict-long"> question</span> answered<'
    ) in page


def test_random_taps_follow_the_rules_of_the_one_write_path(alice_client, alice, interview):
    """150 random taps through the JSON tap, a quarter of them an earlier request sent again,
    with late device times, keys or none, notes, refused answers, in both phases. After each,
    the rows and the response are what record()'s rules say: an older device time loses, a
    replayed key changes nothing (not even updated_at), a refused tap stores nothing; the
    verdict is the one the stored answers give."""
    items = list(Dealbreaker.objects.for_user(alice).active())
    start = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    rng = random.Random(14)
    model = {}  # (dealbreaker id, phase): (answer, note, answered_at, client_key)
    sent_before, seen = [], set()
    for step in range(150):
        if sent_before and rng.random() < 0.25:
            phase, payload = rng.choice(sent_before)
            seen.add("replay")
        else:
            phase = rng.choice(["pre", "mid"])
            asked = [d for d in items if d.phase in (phase, "both")]
            # Mostly later than the taps before, now and then late; often the same minute.
            when = start + timedelta(minutes=step // 3 - rng.randrange(4))
            payload = {"answered_at": when.isoformat()}
            if rng.random() < 0.7:
                payload["client_key"] = f"k-{step}"
            for d in rng.sample(asked, rng.randint(1, 3)):
                payload[f"answer_{d.pk}"] = rng.choice(["yes"] * 6 + ["no", "unsure", "maybe"])
                if rng.random() < 0.3:
                    payload[f"note_{d.pk}"] = rng.choice(["", " pay unclear "])
            sent_before.append((phase, payload))
        updated_before = dict(ChecklistAnswer.objects.values_list("id", "updated_at"))
        url = f"/interviews/{interview.pk}/checklist/{phase}/"
        response = alice_client.post(url, payload, **JSON)

        sent = {int(key[len("answer_") :]) for key in payload if key.startswith("answer_")}
        written = set()
        if any(payload[f"answer_{pk}"] == "maybe" for pk in sent):
            assert response.status_code == 400, (step, payload)
            seen.add("refused")
        else:
            assert response.status_code == 200, (step, payload)
            when = datetime.fromisoformat(payload["answered_at"])
            key = payload.get("client_key", "")
            kept = set()
            for pk in sent:
                row = model.get((pk, phase))
                if row is None or (row[2] <= when and (not key or row[3] != key)):
                    note = payload.get(f"note_{pk}", "").strip()
                    model[pk, phase] = (payload[f"answer_{pk}"], note, when, key)
                    written.add((pk, phase))
                    kept.add(pk)
                elif key and row[3] == key:
                    kept.add(pk)  # this same request, stored when it was first sent
            data = response.json()
            assert (data["saved"], data["stale"]) == (sorted(kept), sorted(sent - kept)), step
            expected = verdict.evaluate(
                [as_item(d) for d in items],
                [verdict.Answer(pk, p, row[0]) for (pk, p), row in model.items()],
                as_facts(interview.application),
                alice.concern_threshold,
            )
            assert data["verdict"] == expected.as_dict(), step
            seen.update([expected.state] + ["stale"] * bool(sent - kept))
        rows = {}
        for row in ChecklistAnswer.objects.values():
            rows[row["dealbreaker_id"], row["phase"]] = (
                row["answer"],
                row["note"],
                row["answered_at"],
                row["client_key"],
            )
            if (row["dealbreaker_id"], row["phase"]) not in written:
                assert row["updated_at"] == updated_before[row["id"]], (step, payload)
        assert rows == model, (step, payload)
    # The walk covered what it is for.
    assert seen >= {"replay", "refused", "stale", "dead_end", "concerns", "good"}

"""Know before you go: the questions that settle each dealbreaker, the prep sheet per
interview, the rounds side by side on the application's page, and the mid checklist's
questions and clock."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from interviews import prep, verdict
from interviews.models import ChecklistAnswer, Contact, Dealbreaker, Interview
from interviews.starter import STARTER_DEALBREAKERS

pytestmark = pytest.mark.django_db

C = Dealbreaker.Category


def item(pk, category=C.INTEREST, ask="anyone", position=0, **extra):
    fields = {
        "pk": pk,
        "question": f"Question {pk}",
        "category": category,
        "ask": ask,
        "position": position,
        "active": True,
        "severity": Dealbreaker.Severity.DEALBREAKER,
        "weight": 1,
        "rule": "",
        "salary_floor": None,
        "salary_currency": "",
        "work_mode_list": [],
        **extra,
    }
    return SimpleNamespace(**fields)


def round_(pk, who, **answers):
    return prep.Round(
        label=f"Round {pk}",
        who=who,
        answers={int(k[1:]): (v, "") for k, v in answers.items()},
    )


# Pure rules --------------------------------------------------------------------------


def test_an_interviews_answer_is_its_mid_answer_with_a_note_from_either_phase():
    rows = [
        (1, "pre", "yes", "pre note"),
        (1, "mid", "no", ""),
        (2, "mid", "unsure", "mid note"),
        (2, "pre", "yes", "pre note"),
        (3, "pre", "bogus", ""),
        (None, "mid", "no", ""),
    ]
    assert prep.effective(rows) == {1: ("no", "pre note"), 2: ("unsure", "mid note")}


@pytest.mark.parametrize(
    ("rounds", "settled", "contradiction", "pattern"),
    [
        ([], None, False, False),
        ([round_(1, "a", q1="unsure")], None, False, False),
        ([round_(1, "a", q1="yes")], "yes", False, False),
        ([round_(1, "a", q1="no"), round_(2, "b", q1="unsure")], "no", False, False),
        ([round_(1, "a", q1="no"), round_(2, "b", q1="no")], "no", False, True),
        # The same person changing their mind: their latest answer settles it.
        ([round_(1, "a", q1="yes"), round_(2, "a", q1="no")], "no", False, False),
        # One person changing their mind to agree with another: settled, no contradiction.
        (
            [round_(1, "a", q1="yes"), round_(2, "a", q1="no"), round_(3, "b", q1="no")],
            "no",
            False,
            True,
        ),
        # Two people disagreeing: a contradiction, still open.
        ([round_(1, "a", q1="yes"), round_(2, "b", q1="no")], None, True, False),
        (
            [round_(1, "a", q1="no"), round_(2, "b", q1="yes"), round_(3, "c", q1="no")],
            None,
            True,
            True,
        ),
        ([round_(1, "a", q2="no"), round_(2, "b", q2="no")], None, False, False),
    ],
)
def test_what_the_rounds_settle(rounds, settled, contradiction, pattern):
    status = prep.status(1, rounds)
    assert (status.settled, status.contradiction, status.pattern) == (
        settled,
        contradiction,
        pattern,
    )
    if settled:  # by the latest yes or no, not by a later "unsure"
        latest = [r for r in rounds if r.answers.get(1, ("",))[0] in ("yes", "no")][-1]
        assert status.settled_by.round == latest


def test_interviewers_are_told_apart_by_name_and_nobody_named_is_someone_new():
    assert prep.interviewer_key(1, " Dana  Reyes ") == prep.interviewer_key(2, "dana reyes")
    assert prep.interviewer_key(1, "") != prep.interviewer_key(2, "")


def test_the_order_suits_the_interviews_kind():
    items = [
        item(1, C.PEOPLE, "hiring_manager", 0),
        item(2, C.ROLE, "teammate", 1),
        item(3, C.COMPENSATION, "recruiter", 2),
        item(4, C.LOGISTICS, "recruiter", 3),
        item(5, C.QUALIFICATION, "hiring_manager", 4),
    ]
    recruiter = prep.prep_sheet(items, [], verdict.Facts(), Interview.Kind.RECRUITER_SCREEN)
    assert [i.dealbreaker.pk for i in recruiter.open][:2] == [3, 4]
    manager = prep.prep_sheet(items, [], verdict.Facts(), Interview.Kind.HIRING_MANAGER)
    assert [i.dealbreaker.pk for i in manager.open][:2] == [1, 2]
    assert [i.for_this_interviewer for i in manager.open] == [True, False, True, False, False]


def test_within_a_category_this_interviewers_questions_come_first():
    items = [
        item(1, C.ROLE, "teammate", 0),
        item(2, C.ROLE, "anyone", 1),
        item(3, C.ROLE, "hiring_manager", 2),
    ]
    sheet = prep.prep_sheet(items, [], verdict.Facts(), Interview.Kind.HIRING_MANAGER)
    assert [i.dealbreaker.pk for i in sheet.open] == [3, 2, 1]


def test_a_rule_settles_only_what_no_round_answered_and_signals_are_to_watch():
    floor = item(1, C.COMPENSATION, rule="salary_floor", salary_floor=100_000)
    modes = item(2, C.LOGISTICS, rule="work_mode", work_mode_list=["remote"])
    signal = item(3, C.THEIR_SIGNALS)
    inactive = item(4, active=False)
    facts = verdict.Facts(salary_max=120_000, currency="EUR", work_mode="")
    sheet = prep.prep_sheet([floor, modes, signal, inactive], [], facts, "recruiter_screen")
    assert [i.dealbreaker.pk for i in sheet.settled] == [1]
    assert "at or above your floor" in sheet.settled[0].rule_note
    assert [i.dealbreaker.pk for i in sheet.open] == [2]  # unknown work mode fails nothing
    assert [i.dealbreaker.pk for i in sheet.watch] == [3]
    # A signal answered no in two rounds is still one to watch: it is about each interview.
    rounds = [round_(1, "a", q3="no"), round_(2, "b", q3="no")]
    sheet = prep.prep_sheet([signal], rounds, facts, "final")
    assert [i.dealbreaker.pk for i in sheet.watch] == [3] and sheet.watch[0].status.pattern


# The questions -----------------------------------------------------------------------


def test_a_new_users_starter_dealbreakers_all_have_questions(alice):
    rows = list(Dealbreaker.objects.for_user(alice))
    assert len(rows) == len(STARTER_DEALBREAKERS)
    for row in rows:
        assert len(row.question_list) >= 1, row.question
        assert all(q.endswith("?") for q in row.question_list), row.question
        assert row.ask in Dealbreaker.Ask.values
    pay = next(r for r in rows if r.category == C.COMPENSATION)
    assert pay.ask == Dealbreaker.Ask.RECRUITER
    clock = [r.question for r in rows if r.suggest == Dealbreaker.Suggest.CLOCK]
    assert clock == ["The interview is running its planned length"]


def test_existing_users_starter_items_get_their_questions_unless_reworded(alice, bob):
    from importlib import import_module

    migration = import_module("interviews.migrations.0012_questions_and_address")
    Dealbreaker.objects.update(questions="", ask="anyone", suggest="")
    Dealbreaker.objects.filter(owner=bob, question="The pay meets my floor").update(
        question="The pay is enough"
    )
    mine = Dealbreaker.objects.create(owner=alice, question="I like the stack")
    migration.give_starter_items_their_questions(apps, None)
    for row in Dealbreaker.objects.exclude(pk=mine.pk).exclude(question="The pay is enough"):
        assert row.question_list, row.question
    pay = Dealbreaker.objects.get(owner=alice, question="The pay meets my floor")
    assert pay.ask == "recruiter" and "budgeted range" in pay.questions
    assert Dealbreaker.objects.get(question="The pay is enough").questions == ""
    mine.refresh_from_db()
    assert mine.questions == "" and mine.ask == "anyone"
    # What the migration wrote is what a new user gets.
    fresh = {d["question"]: d["questions"] for d in STARTER_DEALBREAKERS}
    assert pay.questions == fresh["The pay meets my floor"]


def test_the_dealbreaker_form_takes_questions_one_per_line_and_who_to_ask(alice_client, alice):
    response = alice_client.post(
        "/dealbreakers/new/",
        {
            "question": "The team ships weekly",
            "category": "culture",
            "severity": "concern",
            "phase": "both",
            "weight": "1",
            "active": "on",
            "questions": "How often do you release?\r\n\r\n  What stopped the last release?  \n",
            "ask": "teammate",
        },
    )
    assert response.status_code == 302
    row = Dealbreaker.objects.get(owner=alice, question="The team ships weekly")
    assert row.question_list == ["How often do you release?", "What stopped the last release?"]
    assert row.ask == "teammate"
    page = alice_client.get(f"/dealbreakers/{row.pk}/edit/").content.decode()
    assert 'name="questions"' in page and 'name="ask"' in page


def test_bad_questions_or_asker_change_nothing(alice_client, alice):
    row = Dealbreaker.objects.filter(owner=alice).first()
    before = (row.questions, row.ask)
    base = {
        "question": row.question,
        "category": row.category,
        "severity": row.severity,
        "phase": row.phase,
        "weight": "1",
        "active": "on",
    }
    for bad in ({"ask": "the ceo"}, {"ask": "anyone", "questions": "x" * 2001}):
        response = alice_client.post(f"/dealbreakers/{row.pk}/edit/", {**base, **bad})
        assert response.status_code == 200 and b"Nothing was saved" in response.content
    row.refresh_from_db()
    assert (row.questions, row.ask) == before


# The prep sheet ----------------------------------------------------------------------


def answer(interview, dealbreaker, value, note="", phase="mid"):
    ChecklistAnswer.objects.create(
        interview=interview,
        dealbreaker=dealbreaker,
        phase=phase,
        answer=value,
        note=note,
        question=dealbreaker.question,
        answered_at=timezone.now(),
    )


def starter(user, question):
    return Dealbreaker.objects.get(owner=user, question=question)


def open_ids(page):
    """The ids of the items listed as still open on a prep sheet."""
    import re

    html = page.content.decode()
    section = html.split('id="prep-open"', 1)[1].split("</section>", 1)[0]
    return {int(pk) for pk in re.findall(r'class="prep-item" data-id="(\d+)"', section)}


@pytest.fixture
def two_rounds(alice, application, make_interview):
    start = timezone.now() - timedelta(days=7)
    first = make_interview(
        application, kind="recruiter_screen", starts_at=start, interviewers="Sam Lee, Recruiter"
    )
    second = make_interview(
        application,
        kind="hiring_manager",
        starts_at=start + timedelta(days=7, hours=2),
        interviewers="Dana Reyes, Head of Data",
    )
    return first, second


def test_the_prep_sheet_shrinks_as_the_first_rounds_answers_settle_items(
    alice_client, alice, application, two_rounds
):
    first, second = two_rounds
    # Pay is settled by the application's range (90-110k) only with a floor rule: none here.
    active = Dealbreaker.objects.for_user(alice).exclude(category=C.THEIR_SIGNALS)
    everything = set(active.values_list("pk", flat=True))
    assert open_ids(alice_client.get(f"/interviews/{first.pk}/prep/")) == everything
    assert open_ids(alice_client.get(f"/interviews/{second.pk}/prep/")) == everything

    pay = starter(alice, "The pay meets my floor")
    place = starter(alice, "The work location works for me")
    role = starter(alice, "The role matches the posting")
    answer(first, pay, "yes", "Range is 95-110k", phase="pre")
    answer(first, place, "no", "Four days in the office")
    answer(first, role, "unsure", "They were vague")

    # The first round's own sheet is as before: its answers settle only later rounds.
    assert open_ids(alice_client.get(f"/interviews/{first.pk}/prep/")) == everything
    page = alice_client.get(f"/interviews/{second.pk}/prep/")
    assert open_ids(page) == everything - {pay.pk, place.pk}  # unsure stays open
    html = page.content.decode()
    settled = html.split('id="prep-settled"', 1)[1]
    assert "Range is 95-110k" in settled and "Four days in the office" in settled
    # The open item shows what the earlier round said, and its questions.
    item = html.split(f'class="prep-item" data-id="{role.pk}"', 1)[1].split("</li>\n</li>")[0]
    assert "They were vague" in item and "Has the role changed since the posting went up?" in item


def test_a_cancelled_round_settles_nothing_and_a_rule_settles_pay(
    alice_client, alice, application, two_rounds
):
    first, second = two_rounds
    place = starter(alice, "The work location works for me")
    answer(first, place, "yes")
    first.status = Interview.Status.CANCELLED
    first.save()
    pay = starter(alice, "The pay meets my floor")
    pay.rule, pay.salary_floor = "salary_floor", 100_000
    pay.save()
    page = alice_client.get(f"/interviews/{second.pk}/prep/")
    assert place.pk in open_ids(page) and pay.pk not in open_ids(page)
    assert "at or above your floor of 100,000" in page.content.decode()


def test_the_prep_sheet_orders_by_kind(alice_client, alice, two_rounds):
    first, second = two_rounds
    pay = starter(alice, "The pay meets my floor")
    boss = starter(alice, "I could work for this boss")
    screen = alice_client.get(f"/interviews/{first.pk}/prep/").content.decode()
    manager = alice_client.get(f"/interviews/{second.pk}/prep/").content.decode()

    def position(html, pk):
        return html.index(f'class="prep-item" data-id="{pk}"')

    assert position(screen, pay.pk) < position(screen, boss.pk)
    assert position(manager, boss.pk) < position(manager, pay.pk)


def test_the_prep_sheet_costs_a_fixed_number_of_queries(
    alice_client, alice, application, make_interview, django_assert_max_num_queries
):
    rounds = [
        make_interview(application, starts_at=timezone.now() - timedelta(days=30 - n))
        for n in range(15)
    ]
    contact = Contact.objects.create(owner=alice, name="Dr. Anna Schmidt")
    for interview in rounds:
        contact.interviews.add(interview)
        for d in Dealbreaker.objects.for_user(alice):
            answer(interview, d, "no", "note")
    # session, user, interview, earlier interviews, their contacts, answers, dealbreakers
    with django_assert_max_num_queries(7):
        page = alice_client.get(f"/interviews/{rounds[-1].pk}/prep/")
    assert page.status_code == 200
    assert page.content.decode().count("Pattern: no in two rounds") >= 7


def test_the_prep_sheet_prints_cleanly_and_is_kept_offline(alice_client, interview):
    page = alice_client.get(f"/interviews/{interview.pk}/prep/").content.decode()
    assert 'class="mb-1 no-print"' in page
    css = (settings.BASE_DIR / "static" / "css" / "walkout.css").read_text()
    assert "@media print" in css and ".no-print" in css.split("@media print", 1)[1]
    sw = alice_client.get("/sw.js").content.decode()
    assert r"/^\/interviews\/\d+\/prep\/$/" in sw
    detail = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert f'data-url="/interviews/{interview.pk}/prep/"' in detail
    assert f'href="/interviews/{interview.pk}/prep/"' in detail


# Across rounds -----------------------------------------------------------------------


def test_pattern_and_contradiction_marks_on_an_application_with_three_rounds(
    alice_client, alice, application, make_interview
):
    start = timezone.now() - timedelta(days=20)
    contact = Contact.objects.create(owner=alice, name="Priya Shah")
    first = make_interview(application, kind="recruiter_screen", starts_at=start)
    contact.interviews.add(first)  # picked from contacts: the first round is with Priya
    second = make_interview(
        application, starts_at=start + timedelta(days=5), interviewers="Dana Reyes"
    )
    third = make_interview(
        application, kind="final", starts_at=start + timedelta(days=10), interviewers="Lee Wu"
    )
    place = starter(alice, "The work location works for me")
    boss = starter(alice, "I could work for this boss")
    role = starter(alice, "The role matches the posting")
    answer(first, place, "no", "Five days on site")
    answer(third, place, "no", "Still five days")
    answer(second, boss, "yes", "Seems fair")
    answer(third, boss, "no", "Shouted at an intern")
    answer(first, role, "yes")
    answer(second, role, "yes")

    html = alice_client.get(f"/applications/{application.pk}/").content.decode()
    grid = html.split('id="rounds"', 1)[1].split("</section>", 1)[0]
    assert grid.count('<th scope="col">') == 4  # the dealbreaker, then three rounds
    assert "Priya Shah" in grid and "Dana Reyes" in grid and "Lee Wu" in grid

    def row(pk):
        return grid.split(f'<tr data-id="{pk}"', 1)[1].split("</tr>", 1)[0]

    assert row(place.pk).startswith(" data-pattern>")
    assert "Pattern: no in two rounds" in row(place.pk)
    assert "Five days on site" in row(place.pk) and "Still five days" in row(place.pk)
    assert row(boss.pk).startswith(" data-contradiction>")
    assert "Contradiction to settle" in row(boss.pk) and "Shouted at an intern" in row(boss.pk)
    assert "Pattern" not in row(role.pk) and "Contradiction" not in row(role.pk)
    assert grid.count("<tr data-id=") == 3  # only what some round answered


def test_an_application_without_answers_has_no_rounds_grid(alice_client, application, interview):
    html = alice_client.get(f"/applications/{application.pk}/").content.decode()
    assert 'id="rounds"' not in html


# The mid checklist -------------------------------------------------------------------


def test_unanswered_items_show_their_question_to_ask_folded(alice_client, alice, interview):
    boss = starter(alice, "I could work for this boss")
    html = alice_client.get(f"/interviews/{interview.pk}/checklist/mid/").content.decode()
    box = html.split(f'id="q-{boss.pk}"', 1)[1].split("</fieldset>", 1)[0]
    assert '<details class="ask-questions">' in box
    assert len(boss.question_list) > 1
    assert "<summary>Questions to ask the hiring manager</summary>" in box
    assert "How do you like to hear about a problem" in box
    # One question: said in the singular.
    boss.questions = "How do you like to hear about a problem?"
    boss.save()
    html = alice_client.get(f"/interviews/{interview.pk}/checklist/mid/").content.decode()
    box = html.split(f'id="q-{boss.pk}"', 1)[1].split("</fieldset>", 1)[0]
    assert "<summary>Question to ask the hiring manager</summary>" in box


def test_the_mid_checklist_carries_the_clock_and_the_clocks_suggestion(
    alice_client, alice, interview
):
    length = starter(alice, "The interview is running its planned length")
    html = alice_client.get(f"/interviews/{interview.pk}/checklist/mid/").content.decode()
    import re
    from datetime import datetime

    starts = re.search(r'data-starts-at="([^"]+)"', html)[1]
    # The same moment, to the second, whatever zone it is written in.
    assert abs(datetime.fromisoformat(starts) - interview.starts_at) < timedelta(seconds=1)
    assert f'data-minutes="{interview.duration_minutes}"' in html
    assert f'data-clock-suggest="{length.pk}" hidden' in html
    assert html.count("data-clock-suggest=") == 1
    pre = alice_client.get(f"/interviews/{interview.pk}/checklist/pre/").content.decode()
    assert "interview-clock" not in pre


def test_the_dealbreaker_list_says_how_many_questions_and_for_whom(alice_client):
    html = alice_client.get("/dealbreakers/").content.decode()
    assert "3 questions for the recruiter" in html
    assert "1 question for anyone" in html


def test_today_links_the_next_interviews_prep_sheet(alice_client, interview):
    html = alice_client.get("/").content.decode()
    assert f'href="/interviews/{interview.pk}/prep/">Prep sheet</a>' in html
    assert f'data-url="/interviews/{interview.pk}/prep/"' in html

import re

import pytest

from interviews.models import Dealbreaker

pytestmark = pytest.mark.django_db

VALID = {
    "question": "The team uses code review",
    "category": "culture",
    "severity": "concern",
    "phase": "mid",
    "weight": "2",
    "active": "on",
    "rule": "",
    "salary_floor": "",
    "salary_currency": "",
}


def questions(user):
    return list(Dealbreaker.objects.for_user(user).values_list("question", flat=True))


def test_list_shows_active_and_turned_off(alice_client, alice):
    Dealbreaker.objects.filter(owner=alice, question="They introduced me to the team").update(
        active=False
    )
    page = alice_client.get("/dealbreakers/")
    assert [d.question for d in page.context["inactive"]] == ["They introduced me to the team"]
    assert len(page.context["active"]) == 8


def test_add_goes_to_the_end(alice_client, alice):
    response = alice_client.post("/dealbreakers/new/", VALID, follow=True)
    assert "Added “The team uses code review”." in response.content.decode()
    assert questions(alice)[-1] == "The team uses code review"
    added = Dealbreaker.objects.get(question="The team uses code review")
    assert (added.severity, added.phase, added.weight, added.owner) == ("concern", "mid", 2, alice)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"question": ""}, "question", "This field is required."),
        ({"question": "x" * 10_000}, "question", "at most 200 characters"),
        ({"severity": "fatal"}, "severity", "Select a valid choice."),
        ({"weight": "9"}, "weight", "less than or equal to 5"),
        ({"rule": "salary_floor"}, "salary_floor", "The pay-floor rule needs a floor."),
        ({"rule": "work_mode"}, "work_modes", "needs at least one mode"),
        (
            {"rule": "salary_floor", "salary_floor": "-3"},
            "salary_floor",
            "greater than or equal to 0",
        ),
    ],
)
def test_bad_input_is_explained(alice_client, alice, changes, field, message):
    before = questions(alice)
    response = alice_client.post("/dealbreakers/new/", {**VALID, **changes})
    assert message in " ".join(response.context["form"].errors[field])
    assert questions(alice) == before


def test_a_hidden_rules_fields_neither_block_the_form_nor_change(alice_client, alice):
    """Pay floor typed wrong, then the work-mode rule chosen: the floor's fields are hidden
    with their rule, so their problem is not the user's and their stored values stay."""
    where = Dealbreaker.objects.get(owner=alice, question="The work location works for me")
    Dealbreaker.objects.filter(pk=where.pk).update(salary_floor=70000, salary_currency="EUR")
    response = alice_client.post(
        f"/dealbreakers/{where.pk}/edit/",
        {
            **VALID,
            "question": where.question,
            "rule": "work_mode",
            "work_modes": ["hybrid"],
            "salary_floor": "-100",
            "salary_currency": "not a currency",
        },
    )
    assert response.status_code == 302
    where.refresh_from_db()
    assert (where.rule, where.work_modes) == ("work_mode", "hybrid")
    assert (where.salary_floor, where.salary_currency) == (70000, "EUR")


def test_rules_are_saved(alice_client, alice):
    pay = Dealbreaker.objects.get(owner=alice, question="The pay meets my floor")
    alice_client.post(
        f"/dealbreakers/{pay.pk}/edit/",
        {
            **VALID,
            "question": pay.question,
            "rule": "salary_floor",
            "salary_floor": "85000",
            "salary_currency": "usd",
        },
    )
    pay.refresh_from_db()
    assert (pay.rule, pay.salary_floor, pay.salary_currency) == ("salary_floor", 85000, "USD")
    where = Dealbreaker.objects.get(owner=alice, question="The work location works for me")
    alice_client.post(
        f"/dealbreakers/{where.pk}/edit/",
        {
            **VALID,
            "question": where.question,
            "rule": "work_mode",
            "work_modes": ["remote", "hybrid"],
        },
    )
    where.refresh_from_db()
    assert sorted(where.work_mode_list) == ["hybrid", "remote"]
    page = alice_client.get(f"/dealbreakers/{where.pk}/edit/").content.decode()
    checked = re.findall(r'<input[^>]*name="work_modes"[^>]*>', page)
    assert sorted(re.search(r'value="(\w+)"', tag)[1] for tag in checked if "checked" in tag) == [
        "hybrid",
        "remote",
    ]


def test_move_up_and_down(alice_client, alice):
    first, second = Dealbreaker.objects.for_user(alice)[:2]
    alice_client.post(f"/dealbreakers/{second.pk}/move/", {"direction": "up"})
    assert questions(alice)[:2] == [second.question, first.question]
    alice_client.post(f"/dealbreakers/{second.pk}/move/", {"direction": "down"})
    assert questions(alice)[:2] == [first.question, second.question]
    last = Dealbreaker.objects.for_user(alice).last()
    alice_client.post(f"/dealbreakers/{last.pk}/move/", {"direction": "down"})  # already last
    assert questions(alice)[-1] == last.question
    response = alice_client.post(
        f"/dealbreakers/{first.pk}/move/", {"direction": "sideways"}, follow=True
    )
    assert "Move it up or down." in response.content.decode()
    assert questions(alice)[0] == first.question


def test_toggle_turns_off_and_on(alice_client, alice):
    item = Dealbreaker.objects.for_user(alice).first()
    alice_client.post(f"/dealbreakers/{item.pk}/toggle/")
    item.refresh_from_db()
    assert not item.active
    alice_client.post(f"/dealbreakers/{item.pk}/toggle/")
    item.refresh_from_db()
    assert item.active


def test_state_changes_refuse_get(alice_client, alice):
    item = Dealbreaker.objects.for_user(alice).first()
    assert alice_client.get(f"/dealbreakers/{item.pk}/toggle/").status_code == 405
    assert alice_client.get(f"/dealbreakers/{item.pk}/move/").status_code == 405
    item.refresh_from_db()
    assert item.active


def test_delete_asks_first(alice_client, alice):
    item = Dealbreaker.objects.for_user(alice).first()
    page = alice_client.get(f"/dealbreakers/{item.pk}/delete/")
    assert b"Delete this question?" in page.content
    assert Dealbreaker.objects.filter(pk=item.pk).exists()
    alice_client.post(f"/dealbreakers/{item.pk}/delete/")
    assert not Dealbreaker.objects.filter(pk=item.pk).exists()


def test_delete_says_past_answers_stay(alice_client, alice, interview):
    item = Dealbreaker.objects.for_user(alice).first()
    item.answers.create(
        interview=interview,
        phase="pre",
        answer="yes",
        question=item.question,
        answered_at=interview.starts_at,
    )
    page = alice_client.get(f"/dealbreakers/{item.pk}/delete/").content.decode()
    assert "The 1 answer you already gave stays in those interviews' history." in page
    assert f'href="/dealbreakers/#dealbreaker-{item.pk}">turn it off</a>' in page


@pytest.mark.parametrize("suffix", ["edit/", "delete/", "toggle/", "move/"])
def test_other_users_dealbreaker_is_404(bob_client, alice, suffix):
    item = Dealbreaker.objects.for_user(alice).first()
    before = Dealbreaker.objects.values().get(pk=item.pk)
    url = f"/dealbreakers/{item.pk}/{suffix}"
    if suffix in ("edit/", "delete/"):
        assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, {**VALID, "direction": "down"}).status_code == 404
    assert Dealbreaker.objects.values().get(pk=item.pk) == before


@pytest.mark.parametrize("url", ["/dealbreakers/", "/dealbreakers/new/"])
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_list_query_count(alice_client, alice, django_assert_max_num_queries):
    Dealbreaker.objects.bulk_create(
        Dealbreaker(owner=alice, question=f"Q{n}", position=20 + n) for n in range(40)
    )
    with django_assert_max_num_queries(3):
        alice_client.get("/dealbreakers/")


def test_move_steps_over_turned_off_items(alice_client, alice):
    first, second, third = Dealbreaker.objects.for_user(alice)[:3]
    alice_client.post(f"/dealbreakers/{second.pk}/toggle/")  # turn the middle one off
    alice_client.post(f"/dealbreakers/{third.pk}/move/", {"direction": "up"})
    active = list(Dealbreaker.objects.for_user(alice).active().values_list("question", flat=True))
    assert active[:2] == [third.question, first.question]


def test_give_your_floor_opens_the_form_with_the_floor_rule_chosen(alice_client, alice):
    pay = Dealbreaker.objects.get(owner=alice, question="The pay meets my floor")
    listing = alice_client.get("/dealbreakers/").content.decode()
    link = f"/dealbreakers/{pay.pk}/edit/?rule=salary_floor#id_salary_floor"
    assert f'href="{link}">give your floor</a>' in listing
    page = alice_client.get(link.split("#")[0]).content.decode()
    assert re.search(r'<option value="salary_floor" selected>', page)
    # Anything else in the address is no rule to choose.
    page = alice_client.get(f"/dealbreakers/{pay.pk}/edit/?rule=bogus").content.decode()
    assert not re.search(r'<option value="salary_floor" selected>', page)

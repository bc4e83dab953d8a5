"""The verdict: table tests for every rule, and properties that must hold for any input."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interviews.verdict import (
    CONCERN,
    CONCERNS,
    DEAD_END,
    DEALBREAKER,
    GOOD,
    MID,
    PRE,
    SALARY_FLOOR,
    UNKNOWN,
    WORK_MODE,
    Answer,
    Facts,
    Item,
    effective_answers,
    evaluate,
    rule_outcome,
)

QUALIFIED = Item(1, "I am qualified", DEALBREAKER)
INTERESTED = Item(2, "I am interested", DEALBREAKER)
TEAM = Item(3, "They introduced me to the team", CONCERN)
PAY = Item(4, "The pay meets my floor", DEALBREAKER, rule=SALARY_FLOOR, salary_floor=80_000)
MODE = Item(5, "The location works", DEALBREAKER, rule=WORK_MODE, work_modes=("remote", "hybrid"))
ITEMS = [QUALIFIED, INTERESTED, TEAM]


def a(item, value, phase=MID):
    return Answer(item.id, phase, value)


@pytest.mark.parametrize(
    ("answers", "state", "score", "reasons"),
    [
        ([], UNKNOWN, None, []),
        ([a(QUALIFIED, "yes")], GOOD, 100, []),
        ([a(QUALIFIED, "yes"), a(INTERESTED, "yes"), a(TEAM, "yes")], GOOD, 100, []),
        ([a(QUALIFIED, "no")], DEAD_END, 0, ["I am qualified"]),
        (
            [a(QUALIFIED, "no"), a(INTERESTED, "no")],
            DEAD_END,
            0,
            ["I am qualified", "I am interested"],
        ),
        ([a(QUALIFIED, "yes"), a(TEAM, "no")], CONCERNS, 50, []),
        ([a(QUALIFIED, "unsure")], CONCERNS, 50, []),  # below the 70% threshold
        ([a(QUALIFIED, "unsure"), a(INTERESTED, "unsure")], CONCERNS, 50, []),
        ([a(QUALIFIED, "yes"), a(INTERESTED, "yes"), a(TEAM, "unsure")], GOOD, 83, []),
        # Mid overrides pre, in either order of arrival.
        ([a(QUALIFIED, "no", PRE), a(QUALIFIED, "yes", MID)], GOOD, 100, []),
        ([a(QUALIFIED, "yes", MID), a(QUALIFIED, "no", PRE)], GOOD, 100, []),
        ([a(QUALIFIED, "yes", PRE), a(QUALIFIED, "no", MID)], DEAD_END, 0, ["I am qualified"]),
        ([a(QUALIFIED, "no", PRE)], DEAD_END, 0, ["I am qualified"]),
        # An answer to a question that is not in the list counts for nothing.
        ([Answer(99, MID, "no")], UNKNOWN, None, []),
        # A malformed value is ignored rather than trusted.
        ([Answer(QUALIFIED.id, MID, "maybe")], UNKNOWN, None, []),
    ],
)
def test_verdict_table(answers, state, score, reasons):
    verdict = evaluate(ITEMS, answers)
    assert verdict.state == state
    assert verdict.score == score
    assert [r.question for r in verdict.reasons] == reasons


def test_threshold_is_the_users():
    answers = [a(QUALIFIED, "yes"), a(INTERESTED, "unsure")]  # 75%
    assert evaluate(ITEMS, answers, threshold=70).state == GOOD
    assert evaluate(ITEMS, answers, threshold=80).state == CONCERNS
    assert evaluate(ITEMS, answers, threshold=0).state == GOOD


def test_weights_shape_the_score():
    heavy = Item(1, "heavy", CONCERN, weight=3)
    light = Item(2, "light", CONCERN, weight=1)
    verdict = evaluate([heavy, light], [a(heavy, "yes"), a(light, "no")])
    assert verdict.score == 75
    assert verdict.state == CONCERNS  # a concern answered no
    assert [r.question for r in verdict.concerns] == ["light"]


def test_inactive_items_never_count():
    off = Item(1, "off", DEALBREAKER, active=False)
    verdict = evaluate([off, INTERESTED], [a(off, "no"), a(INTERESTED, "yes")])
    assert verdict.state == GOOD
    assert verdict.total == 1


def test_reason_says_why():
    [reason] = evaluate(ITEMS, [a(QUALIFIED, "no")]).reasons
    assert reason.because == "You answered no."


@pytest.mark.parametrize(
    ("facts", "outcome"),
    [
        (Facts(), None),  # unknown data never fails a rule
        (Facts(salary_max=60_000, currency="USD"), "no"),
        (Facts(salary_max=80_000, currency="USD"), "yes"),
        (Facts(salary_min=50_000, salary_max=90_000, currency="USD"), "yes"),
        (Facts(salary_min=85_000, currency="USD"), "yes"),
        (Facts(salary_min=50_000, currency="USD"), None),  # the top may still reach the floor
    ],
)
def test_salary_floor_rule(facts, outcome):
    assert rule_outcome(PAY, facts)[0] == outcome


def test_salary_floor_ignores_another_currency():
    euros = Item(
        4, "pay", DEALBREAKER, rule=SALARY_FLOOR, salary_floor=80_000, salary_currency="EUR"
    )
    assert rule_outcome(euros, Facts(salary_max=10, currency="USD"))[0] is None
    assert rule_outcome(euros, Facts(salary_max=10, currency="EUR"))[0] == "no"


@pytest.mark.parametrize(
    ("mode", "outcome"),
    [("", None), ("remote", "yes"), ("hybrid", "yes"), ("onsite", "no")],
)
def test_work_mode_rule(mode, outcome):
    assert rule_outcome(MODE, Facts(work_mode=mode))[0] == outcome


def test_failing_rule_is_a_dead_end_with_no_answers():
    verdict = evaluate([PAY, QUALIFIED], [], Facts(salary_max=50_000, currency="USD"))
    assert verdict.state == DEAD_END
    [reason] = verdict.reasons
    assert reason.because == "The range tops out at 50,000 USD, below your floor of 80,000."


def test_your_answer_overrides_the_rule():
    """A range below the floor may be negotiable: the user's yes stands, and their no too."""
    facts = Facts(salary_max=50_000, currency="USD")
    verdict = evaluate([PAY], [a(PAY, "yes")], facts)
    assert verdict.state == GOOD
    assert verdict.rule_notes[PAY.id].startswith("The range tops out at 50,000 USD")
    generous = Facts(salary_max=500_000, currency="USD")
    [reason] = evaluate([PAY], [a(PAY, "no")], generous).reasons
    assert reason.because == "You answered no."
    assert evaluate([PAY], [a(PAY, "unsure")], facts).state != DEAD_END


def test_passing_rule_alone_is_still_unknown():
    verdict = evaluate([PAY, QUALIFIED], [], Facts(salary_max=90_000, currency="USD"))
    assert verdict.state == UNKNOWN
    assert verdict.rule_notes[PAY.id].startswith("The range reaches 90,000 USD")


def test_failing_concern_rule_shows_concerns():
    cheap = Item(6, "pay", CONCERN, rule=SALARY_FLOOR, salary_floor=100)
    assert evaluate([cheap], [], Facts(salary_max=50)).state == CONCERNS


def test_effective_answers_prefers_mid():
    answers = [Answer(1, PRE, "no"), Answer(1, MID, "unsure"), Answer(2, PRE, "yes")]
    assert effective_answers(answers) == {1: "unsure", 2: "yes"}


# Properties -----------------------------------------------------------------------

items_strategy = st.lists(
    st.builds(
        Item,
        id=st.integers(1, 12),
        question=st.just("q"),
        severity=st.sampled_from([DEALBREAKER, CONCERN]),
        weight=st.integers(1, 5),
        active=st.booleans(),
    ),
    max_size=10,
    unique_by=lambda item: item.id,
)
values = st.sampled_from(["yes", "no", "unsure"])
answers_strategy = st.lists(
    st.builds(Answer, item_id=st.integers(1, 12), phase=st.sampled_from([PRE, MID]), value=values),
    max_size=20,
)
thresholds = st.integers(0, 100)


@given(
    items_strategy, st.lists(st.tuples(st.integers(1, 12), st.sampled_from([PRE, MID]))), thresholds
)
def test_unsure_never_makes_a_dead_end(items, keys, threshold):
    answers = [Answer(item_id, phase, "unsure") for item_id, phase in keys]
    assert evaluate(items, answers, threshold=threshold).state != DEAD_END


@given(items_strategy, answers_strategy, thresholds, st.data())
def test_a_no_to_an_active_dealbreaker_is_always_a_dead_end(items, answers, threshold, data):
    candidates = [i for i in items if i.active and i.severity == DEALBREAKER]
    if not candidates:
        return
    item = data.draw(st.sampled_from(candidates))
    verdict = evaluate(items, [*answers, Answer(item.id, MID, "no")], threshold=threshold)
    assert verdict.state == DEAD_END
    assert item.id in {r.item_id for r in verdict.reasons}


@given(items_strategy, answers_strategy, thresholds, st.data())
def test_answering_yes_never_lowers_the_score(items, answers, threshold, data):
    if not items:
        return
    before = evaluate(items, answers, threshold=threshold)
    item = data.draw(st.sampled_from(items))
    after = evaluate(items, [*answers, Answer(item.id, MID, "yes")], threshold=threshold)
    if before.score is not None:
        assert after.score >= before.score


@given(items_strategy, answers_strategy, thresholds)
def test_inactive_items_never_change_the_verdict(items, answers, threshold):
    active_only = [i for i in items if i.active]
    assert evaluate(items, answers, threshold=threshold) == evaluate(
        active_only, answers, threshold=threshold
    )


@given(items_strategy, answers_strategy, thresholds)
def test_score_is_a_percentage_and_state_is_consistent(items, answers, threshold):
    verdict = evaluate(items, answers, threshold=threshold)
    assert verdict.score is None or 0 <= verdict.score <= 100
    assert (verdict.state == DEAD_END) == bool(verdict.reasons)
    if verdict.state == GOOD:
        assert verdict.score >= threshold and not verdict.concerns
    if verdict.state == UNKNOWN:
        assert verdict.answered == 0

"""The verdict: one table of cases (verdict_cases.json, which the phone's verdict runs too),
the rules on their own, and properties that must hold for any input."""

import json
from pathlib import Path

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

CASES = json.loads(Path(__file__).with_name("verdict_cases.json").read_text())["cases"]


def case_inputs(case):
    """(items, answers, facts, threshold) for verdict.evaluate from one case of the table."""
    items = [
        Item(**{**item, "work_modes": tuple(item.get("work_modes", ()))}) for item in case["items"]
    ]
    answers = [Answer(item_id, phase, value) for item_id, phase, value in case["answers"]]
    return items, answers, Facts(**case.get("facts", {})), case.get("threshold", 70)


def case_result(verdict):
    """What a case expects of a verdict: the same shape the phone's verdict is read in."""

    def said(reasons):
        return [{"question": r.question, "because": r.because} for r in reasons]

    return {
        "state": verdict.state,
        "score": verdict.score,
        "answered": verdict.answered,
        "reasons": said(verdict.reasons),
        "concerns": said(verdict.concerns),
    }


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_verdict_case(case):
    items, answers, facts, threshold = case_inputs(case)
    verdict = evaluate(items, answers, facts, threshold)
    assert case_result(verdict) == case["expect"]
    assert verdict.total == sum(item.active for item in items)


def test_the_table_covers_every_state_and_rule():
    """So that trimming verdict_cases.json cannot quietly drop what it is there for."""

    def states(where):
        """The states of the cases `where(items, answers, facts, threshold)` is true of."""
        return {case["expect"]["state"] for case in CASES if where(*case_inputs(case))}

    def ruled_by(rule):
        return states(lambda items, *_: any(i.rule == rule and i.active for i in items))

    def both_phases(answers, first):
        return any(
            [a.phase for a in answers if a.item_id == b.item_id]
            == [first, MID if first == PRE else PRE]
            for b in answers
        )

    assert states(lambda *_: True) == {DEAD_END, CONCERNS, GOOD, UNKNOWN}
    assert ruled_by(SALARY_FLOOR) >= {DEAD_END, CONCERNS, GOOD, UNKNOWN}
    assert ruled_by(WORK_MODE) >= {DEAD_END, CONCERNS, GOOD}
    assert states(lambda _, answers, *__: any(a.value == "unsure" for a in answers)) >= {
        CONCERNS,
        GOOD,
    }
    # During overriding before, whichever arrives first.
    assert states(lambda _, answers, *__: both_phases(answers, PRE)) >= {DEAD_END, GOOD}
    assert states(lambda _, answers, *__: both_phases(answers, MID)) >= {GOOD}
    assert states(lambda items, *_: any(not i.active for i in items)) >= {GOOD, UNKNOWN}
    assert states(lambda items, *_: any(i.weight > 1 for i in items)) >= {CONCERNS, GOOD}
    assert {case.get("threshold", 70) for case in CASES} >= {0, 70, 75, 80}
    # A dead end beside concerns answered no, and beside a concern's failing rule: the
    # reasons name the dealbreakers alone (a trial saw the concerns listed with them).
    dead_ends_with_concerns = [
        case for case in CASES if case["expect"]["state"] == DEAD_END and case["expect"]["concerns"]
    ]
    assert any(
        item.get("severity") == CONCERN and item.get("rule")
        for case in dead_ends_with_concerns
        for item in case["items"]
    )
    assert any(
        answer[2] == "no" and item["id"] == answer[0] and item.get("severity") == CONCERN
        for case in dead_ends_with_concerns
        for answer in case["answers"]
        for item in case["items"]
    )


# Beyond the table: what only the server sees ----------------------------------------

QUALIFIED = Item(1, "I am qualified", DEALBREAKER)
INTERESTED = Item(2, "I am interested", DEALBREAKER)
TEAM = Item(3, "They introduced me to the team", CONCERN)
PAY = Item(4, "The pay meets my floor", DEALBREAKER, rule=SALARY_FLOOR, salary_floor=80_000)
MODE = Item(5, "The location works", DEALBREAKER, rule=WORK_MODE, work_modes=("remote", "hybrid"))
ITEMS = [QUALIFIED, INTERESTED, TEAM]


def a(item, value, phase=MID):
    return Answer(item.id, phase, value)


def test_a_malformed_value_is_ignored_rather_than_trusted():
    # The phone only ever holds answers the server stored, so this case is the server's.
    verdict = evaluate(ITEMS, [Answer(QUALIFIED.id, MID, "maybe")])
    assert (verdict.state, verdict.score, verdict.answered) == (UNKNOWN, None, 0)


def test_rule_notes_explain_the_data_whatever_the_answer():
    """The page shows what the application says beside the question, answered or not."""
    facts = Facts(salary_max=50_000, currency="USD")
    answered = evaluate([PAY], [a(PAY, "yes")], facts)
    assert answered.rule_notes[PAY.id].startswith("The range tops out at 50,000 USD")
    passing = evaluate([PAY, QUALIFIED], [], Facts(salary_max=90_000, currency="USD"))
    assert passing.rule_notes[PAY.id].startswith("The range reaches 90,000 USD")
    assert evaluate([QUALIFIED], [a(QUALIFIED, "no")]).rule_notes == {}


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

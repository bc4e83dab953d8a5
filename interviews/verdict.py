"""The verdict on an interview: pure functions, no request and no database.

From the user's dealbreakers, the answers given before and during the interview, and the
application's own data, decide whether the job is a dead end:

- ``dead_end``: an active dealbreaker-severity item is answered “no”, or — while it is
  unanswered — its rule fails on the application's data. The article's bar is *beyond a
  shadow of a doubt*, so “unsure” never makes a dead end, and unknown data never fails a
  rule.
- ``concerns``: no dead end, but a concern-severity item is “no”, or the weighted fit
  score is below the user's threshold.
- ``good``: answered, and nothing failing.
- ``unknown``: nothing answered yet.

A mid-interview answer overrides the pre-interview answer to the same question.
"""

from dataclasses import dataclass, field

DEAD_END = "dead_end"
CONCERNS = "concerns"
GOOD = "good"
UNKNOWN = "unknown"

LABELS = {
    DEAD_END: "Dead end",
    CONCERNS: "Concerns",
    GOOD: "Good fit so far",
    UNKNOWN: "Not answered yet",
}

YES, NO, UNSURE = "yes", "no", "unsure"
ANSWER_VALUES = {YES: 1.0, UNSURE: 0.5, NO: 0.0}

DEALBREAKER, CONCERN = "dealbreaker", "concern"
SALARY_FLOOR, WORK_MODE = "salary_floor", "work_mode"
PRE, MID = "pre", "mid"


@dataclass(frozen=True)
class Item:
    """A dealbreaker as the verdict sees it."""

    id: int
    question: str
    severity: str = DEALBREAKER
    weight: int = 1
    active: bool = True
    rule: str = ""
    salary_floor: int | None = None
    salary_currency: str = ""
    work_modes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    item_id: int
    phase: str
    value: str


@dataclass(frozen=True)
class Facts:
    """What the application itself says; None or "" when not known."""

    salary_min: int | None = None
    salary_max: int | None = None
    currency: str = ""
    work_mode: str = ""


@dataclass(frozen=True)
class Reason:
    item_id: int
    question: str
    severity: str
    # Why it failed: the user's own "no", or what the application's data says.
    because: str

    def as_dict(self):
        return {"id": self.item_id, "question": self.question, "because": self.because}


@dataclass(frozen=True)
class Verdict:
    state: str
    score: int | None
    reasons: tuple[Reason, ...] = ()
    concerns: tuple[Reason, ...] = ()
    answered: int = 0
    total: int = 0
    rule_notes: dict = field(default_factory=dict)

    @property
    def label(self):
        return LABELS[self.state]

    def as_dict(self):
        return {
            "state": self.state,
            "label": self.label,
            "score": self.score,
            "reasons": [reason.as_dict() for reason in self.reasons],
            "concerns": [reason.as_dict() for reason in self.concerns],
            "answered": self.answered,
            "total": self.total,
        }


def rule_outcome(item, facts):
    """(YES / NO / None, explanation) for an item's rule on the application's data."""
    if item.rule == SALARY_FLOOR and item.salary_floor is not None:
        if item.salary_currency and facts.currency and item.salary_currency != facts.currency:
            return None, ""
        floor = f"{item.salary_floor:,}{' ' + item.salary_currency if item.salary_currency else ''}"
        if facts.salary_max is not None:
            top = f"{facts.salary_max:,} {facts.currency}".strip()
            if facts.salary_max < item.salary_floor:
                return NO, f"The range tops out at {top}, below your floor of {floor}."
            return YES, f"The range reaches {top}, at or above your floor of {floor}."
        if facts.salary_min is not None and facts.salary_min >= item.salary_floor:
            bottom = f"{facts.salary_min:,} {facts.currency}".strip()
            return YES, f"The range starts at {bottom}, at or above your floor of {floor}."
        return None, ""
    if item.rule == WORK_MODE and item.work_modes and facts.work_mode:
        if facts.work_mode in item.work_modes:
            return YES, f"The job is {facts.work_mode}, which you accept."
        return NO, f"The job is {facts.work_mode}; you accept {', '.join(item.work_modes)}."
    return None, ""


def as_item(dealbreaker):
    """The Item for a dealbreaker (any object with its fields: a row or a test's stand-in)."""
    return Item(
        id=dealbreaker.pk,
        question=dealbreaker.question,
        severity=dealbreaker.severity,
        weight=dealbreaker.weight,
        active=dealbreaker.active,
        rule=dealbreaker.rule,
        salary_floor=dealbreaker.salary_floor,
        salary_currency=dealbreaker.salary_currency,
        work_modes=tuple(dealbreaker.work_mode_list),
    )


def effective_answers(answers):
    """Each item's answer, the mid-interview one winning over the pre-interview one."""
    chosen = {}
    for answer in answers:
        if answer.value not in ANSWER_VALUES:
            continue
        if answer.item_id not in chosen or answer.phase == MID:
            chosen[answer.item_id] = answer.value
    return chosen


def evaluate(items, answers, facts=Facts(), threshold=70):  # noqa: B008 - Facts is frozen
    """The verdict for one interview. `threshold` is the fit score (0–100) below which
    an interview has concerns."""
    items = [item for item in items if item.active]
    given = effective_answers(answers)
    reasons, concerns, rule_notes = [], [], {}
    earned = possible = 0.0
    answered = 0
    for item in items:
        ruled, because = rule_outcome(item, facts)
        if because:
            rule_notes[item.id] = because
        answer = given.get(item.id)
        if answer is not None:
            answered += 1
        # The user's own answer stands (a range may be negotiable); the application's data
        # decides only what they have not answered.
        outcome = answer or ruled
        if outcome is None:
            continue
        earned += ANSWER_VALUES[outcome] * item.weight
        possible += item.weight
        if outcome == NO:
            why = "You answered no." if answer == NO else because
            reason = Reason(item.id, item.question, item.severity, why)
            (reasons if item.severity == DEALBREAKER else concerns).append(reason)

    score = round(100 * earned / possible) if possible else None
    if reasons:
        state = DEAD_END
    elif not answered and not concerns:
        state = UNKNOWN
    elif concerns or (score is not None and score < threshold):
        state = CONCERNS
    else:
        state = GOOD
    return Verdict(
        state=state,
        score=score,
        reasons=tuple(reasons),
        concerns=tuple(concerns),
        answered=answered,
        total=len(items),
        rule_notes=rule_notes,
    )

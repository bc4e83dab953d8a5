"""Knowing before you go: what each round of interviews settled, and what is still open.
Pure functions over rows already fetched: no request, no query.

- An interview's answer to an item is its mid-interview answer, else its pre-interview one
  (as in the verdict), with the note given with it.
- An item is **settled** by earlier rounds when they answered it yes or no (the latest such
  answer counts); "unsure" settles nothing. Answered yes by one interviewer and no by
  another, it is a **contradiction** to settle, and stays open. With no yes or no, a rule
  on the application's data (pay floor, work modes) settles it as the verdict would.
- A "no" in two rounds or more is a **pattern**.
- The hiring side's signals (their conduct in one interview) are never settled by another
  round: the prep sheet lists them apart, to watch for.
"""

from dataclasses import dataclass, field

from . import verdict
from .models import Dealbreaker, Interview

YES, NO, UNSURE = verdict.YES, verdict.NO, verdict.UNSURE
Category = Dealbreaker.Category
Kind = Interview.Kind
Ask = Dealbreaker.Ask

# What to raise first with each kind of interviewer: pay and logistics with a recruiter,
# the boss and the role with the hiring manager, the work itself with future teammates.
DEFAULT_ORDER = (
    Category.QUALIFICATION,
    Category.INTEREST,
    Category.PEOPLE,
    Category.ROLE,
    Category.CULTURE,
    Category.COMPENSATION,
    Category.LOGISTICS,
    Category.THEIR_SIGNALS,
)
KIND_ORDER = {
    Kind.RECRUITER_SCREEN: (
        Category.COMPENSATION,
        Category.LOGISTICS,
        Category.ROLE,
        Category.INTEREST,
        Category.CULTURE,
        Category.QUALIFICATION,
        Category.PEOPLE,
    ),
    Kind.HIRING_MANAGER: (
        Category.PEOPLE,
        Category.ROLE,
        Category.QUALIFICATION,
        Category.INTEREST,
        Category.CULTURE,
        Category.COMPENSATION,
        Category.LOGISTICS,
    ),
    Kind.TECHNICAL: (
        Category.QUALIFICATION,
        Category.ROLE,
        Category.CULTURE,
        Category.PEOPLE,
        Category.INTEREST,
    ),
    Kind.PANEL: (Category.CULTURE, Category.ROLE, Category.PEOPLE, Category.QUALIFICATION),
    Kind.ONSITE: (Category.CULTURE, Category.PEOPLE, Category.ROLE, Category.LOGISTICS),
    Kind.FINAL: (Category.INTEREST, Category.COMPENSATION, Category.PEOPLE, Category.ROLE),
}
# Who sits across the table in each kind of interview: their questions come first within
# a category.
AUDIENCE = {
    Kind.RECRUITER_SCREEN: Ask.RECRUITER,
    Kind.HIRING_MANAGER: Ask.HIRING_MANAGER,
    Kind.TECHNICAL: Ask.TEAMMATE,
    Kind.PANEL: Ask.TEAMMATE,
    Kind.ONSITE: Ask.TEAMMATE,
    Kind.FINAL: Ask.HIRING_MANAGER,
}


@dataclass(frozen=True)
class Round:
    """One interview as the rounds see it: whom it was with, and its answers
    ({dealbreaker id: (answer, note)})."""

    label: str
    who: str
    answers: dict = field(default_factory=dict)
    interview: object = None  # the row, for the pages that show it


@dataclass(frozen=True)
class Said:
    round: Round
    answer: str
    note: str


@dataclass(frozen=True)
class Status:
    said: tuple  # what each round said, oldest first (Said)
    settled: str | None  # YES or NO when settled by an answer, else None
    contradiction: bool
    pattern: bool
    settled_by: Said | None = None  # the answer that settled it


@dataclass
class PrepItem:
    dealbreaker: object
    status: Status
    rule_note: str = ""
    for_this_interviewer: bool = False


@dataclass
class PrepSheet:
    open: list
    settled: list
    watch: list


def effective(rows):
    """{dealbreaker id: (answer, note)} for one interview's rows of (dealbreaker id, phase,
    answer, note): the mid-interview answer wins; a note missing from it is taken from the
    other phase."""
    chosen = {}
    for pk, phase, answer, note in rows:
        if pk is None or answer not in verdict.ANSWER_VALUES:
            continue
        if pk not in chosen or phase == verdict.MID:
            previous_note = chosen.get(pk, ("", ""))[1]
            chosen[pk] = (answer, note or previous_note)
        elif not chosen[pk][1] and note:
            chosen[pk] = (chosen[pk][0], note)
    return chosen


def interviewer_key(interview_id, name):
    """Who an interview was with, for telling interviewers apart: their name ignoring case
    and spacing; an interview with nobody named counts as someone of its own."""
    name = " ".join(name.split()).casefold()
    return name or f"#{interview_id}"


def status(item_id, rounds):
    """What the rounds (oldest first) said about one item."""
    said = tuple(Said(r, *r.answers[item_id]) for r in rounds if item_id in r.answers)
    decided = [s for s in said if s.answer in (YES, NO)]
    # Each interviewer's latest yes or no: one person saying both is a change of mind, and
    # the latest counts. Two people whose latest answers differ disagree.
    latest = {s.round.who: s.answer for s in decided}
    contradiction = len(set(latest.values())) == 2
    settled_by = decided[-1] if decided and not contradiction else None
    pattern = sum(s.answer == NO for s in said) >= 2
    return Status(
        said=said,
        settled=settled_by.answer if settled_by else None,
        contradiction=contradiction,
        pattern=pattern,
        settled_by=settled_by,
    )


def order_key(kind):
    """Sort key for the items of an interview of `kind`: by category in the order that suits
    it, then those best asked of this interviewer (or anyone), then the user's order."""
    ranks = {}
    for category in (*KIND_ORDER.get(kind, ()), *DEFAULT_ORDER):
        ranks.setdefault(category, len(ranks))
    audience = AUDIENCE.get(kind)

    def key(dealbreaker):
        rank = ranks.get(dealbreaker.category, len(ranks))
        asked_here = 0 if dealbreaker.ask == audience else 1 if dealbreaker.ask == Ask.ANYONE else 2
        return (rank, asked_here, dealbreaker.position, dealbreaker.pk)

    return key


def prep_sheet(dealbreakers, earlier_rounds, facts, kind):
    """The prep sheet for an interview of `kind`: the active items still open after the
    earlier rounds (oldest first) and the application's data (verdict.Facts), in the order
    that suits the kind; those settled, with why; and the signals to watch for."""
    audience = AUDIENCE.get(kind)
    sheet = PrepSheet(open=[], settled=[], watch=[])
    for dealbreaker in sorted(dealbreakers, key=order_key(kind)):
        if not dealbreaker.active:
            continue
        known = status(dealbreaker.pk, earlier_rounds)
        item = PrepItem(
            dealbreaker,
            known,
            for_this_interviewer=dealbreaker.ask in (audience, Ask.ANYONE),
        )
        if dealbreaker.category == Category.THEIR_SIGNALS:
            sheet.watch.append(item)
            continue
        if known.settled:
            sheet.settled.append(item)
            continue
        if not known.contradiction:
            ruled, because = verdict.rule_outcome(verdict.as_item(dealbreaker), facts)
            item.rule_note = because
            if ruled:
                sheet.settled.append(item)
                continue
        sheet.open.append(item)
    return sheet


def grid(dealbreakers, rounds):
    """The application's rounds side by side: [(dealbreaker, [(answer, note) or None per
    round], Status)] for each item any round answered, in the user's order."""
    rows = []
    for dealbreaker in dealbreakers:
        cells = [r.answers.get(dealbreaker.pk) for r in rounds]
        if any(cells):
            rows.append((dealbreaker, cells, status(dealbreaker.pk, rounds)))
    return rows

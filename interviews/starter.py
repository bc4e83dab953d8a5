"""The dealbreakers a new user starts with, editable like any they write themselves."""

from .models import Dealbreaker

# The article's three reasons (not qualified, not interested, a boss you could not work
# for), its test (would you take it if offered?), and what a hiring manager does when an
# interview is going nowhere: cuts it short and introduces nobody.
STARTER_DEALBREAKERS = [
    {
        "question": "I am qualified for this role",
        "category": Dealbreaker.Category.QUALIFICATION,
        "phase": Dealbreaker.Phase.BOTH,
    },
    {
        "question": "I am interested in this job as they describe it",
        "category": Dealbreaker.Category.INTEREST,
        "phase": Dealbreaker.Phase.BOTH,
    },
    {
        "question": "I could work for this boss",
        "category": Dealbreaker.Category.PEOPLE,
        "phase": Dealbreaker.Phase.MID,
    },
    {
        "question": "The role matches the posting",
        "category": Dealbreaker.Category.ROLE,
        "phase": Dealbreaker.Phase.MID,
    },
    {
        "question": "The pay meets my floor",
        "category": Dealbreaker.Category.COMPENSATION,
        "phase": Dealbreaker.Phase.PRE,
        "ask_floor": True,
    },
    {
        "question": "The work location works for me",
        "category": Dealbreaker.Category.LOGISTICS,
        "phase": Dealbreaker.Phase.PRE,
    },
    {
        "question": "I would accept an offer today if they made one",
        "category": Dealbreaker.Category.INTEREST,
        "phase": Dealbreaker.Phase.MID,
        "weight": 2,
    },
    {
        "question": "They introduced me to the team",
        "category": Dealbreaker.Category.THEIR_SIGNALS,
        "severity": Dealbreaker.Severity.CONCERN,
        "phase": Dealbreaker.Phase.MID,
    },
    {
        "question": "The interview is running its planned length",
        "category": Dealbreaker.Category.THEIR_SIGNALS,
        "severity": Dealbreaker.Severity.CONCERN,
        "phase": Dealbreaker.Phase.MID,
    },
]

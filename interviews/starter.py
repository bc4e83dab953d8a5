"""The dealbreakers a new user starts with, editable like any they write themselves."""

from .models import Dealbreaker

Ask = Dealbreaker.Ask

# The article's three reasons (not qualified, not interested, a boss you could not work
# for), its test (would you take it if offered?), and what a hiring manager does when an
# interview is going nowhere: cuts it short and introduces nobody.
#
# Each comes with questions that would settle it, asked the way one colleague asks another:
# open, curious, never an accusation, and asking for examples, because an example is hard
# to dress up and easy to judge.
STARTER_DEALBREAKERS = [
    {
        "question": "I am qualified for this role",
        "category": Dealbreaker.Category.QUALIFICATION,
        "phase": Dealbreaker.Phase.BOTH,
        "ask": Ask.HIRING_MANAGER,
        "questions": (
            "What would someone in this role need to have done in their first three months "
            "for you to say it is going well?\n"
            "Could you walk me through a recent problem the team solved that this person "
            "would have owned?\n"
            "Which of the skills in the posting matter most day to day, and which are nice "
            "to have?"
        ),
    },
    {
        "question": "I am interested in this job as they describe it",
        "category": Dealbreaker.Category.INTEREST,
        "phase": Dealbreaker.Phase.BOTH,
        "ask": Ask.HIRING_MANAGER,
        "questions": (
            "What did the last person in this role spend most of their week on?\n"
            "What is a project this role would pick up in the next six months?\n"
            "What do people on the team enjoy most about the work, and what do they put up "
            "with?"
        ),
    },
    {
        "question": "I could work for this boss",
        "category": Dealbreaker.Category.PEOPLE,
        "phase": Dealbreaker.Phase.MID,
        "ask": Ask.HIRING_MANAGER,
        "questions": (
            "Could you tell me about a time someone on your team disagreed with you? "
            "How did it end?\n"
            "How do you like to hear about a problem: straight away, or once there is a "
            "plan?\n"
            "What does a typical one-to-one with you look like?"
        ),
    },
    {
        "question": "The role matches the posting",
        "category": Dealbreaker.Category.ROLE,
        "phase": Dealbreaker.Phase.MID,
        "ask": Ask.TEAMMATE,
        "questions": (
            "How close is the posting to what the job is really like day to day?\n"
            "What does a normal week look like for the people doing this work now?\n"
            "Has the role changed since the posting went up?"
        ),
    },
    {
        "question": "The pay meets my floor",
        "category": Dealbreaker.Category.COMPENSATION,
        "phase": Dealbreaker.Phase.PRE,
        "ask": Ask.RECRUITER,
        "questions": (
            "So that neither of us spends time on a mismatch, what is the budgeted range "
            "for this role?\n"
            "How is the package made up: base, bonus, equity? What did a typical bonus pay "
            "out last year?\n"
            "When did pay for this team last get reviewed?"
        ),
        "ask_floor": True,
    },
    {
        "question": "The work location works for me",
        "category": Dealbreaker.Category.LOGISTICS,
        "phase": Dealbreaker.Phase.PRE,
        "ask": Ask.RECRUITER,
        "questions": (
            "How many days a week are people on the team in the office, in practice?\n"
            "Where do the people I would work with most sit?\n"
            "How much travel did this role involve over the last year?"
        ),
    },
    {
        "question": "I would accept an offer today if they made one",
        "category": Dealbreaker.Category.INTEREST,
        "phase": Dealbreaker.Phase.MID,
        "weight": 2,
        "ask": Ask.ANYONE,
        "questions": (
            "What do you see as the hardest part of this job?\n"
            "Why did you join, and what has kept you here?\n"
            "What would you want the next person in this role to do differently?"
        ),
    },
    {
        "question": "They introduced me to the team",
        "category": Dealbreaker.Category.THEIR_SIGNALS,
        "severity": Dealbreaker.Severity.CONCERN,
        "phase": Dealbreaker.Phase.MID,
        "ask": Ask.HIRING_MANAGER,
        "questions": (
            "Will I get to meet some of the people I would work with?\n"
            "Who on the team would I work with most closely?"
        ),
    },
    {
        "question": "The interview is running its planned length",
        "category": Dealbreaker.Category.THEIR_SIGNALS,
        "severity": Dealbreaker.Severity.CONCERN,
        "phase": Dealbreaker.Phase.MID,
        "ask": Ask.ANYONE,
        "suggest": Dealbreaker.Suggest.CLOCK,
        "questions": "What are the next steps, and when should I expect to hear from you?",
    },
]

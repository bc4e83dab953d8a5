from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from interviews.models import (
    Application,
    ChecklistAnswer,
    Contact,
    Dealbreaker,
    Decision,
    Interview,
)
from interviews.people import contacts_for, parse_people

DEMO_USERNAME = "demo"
# A published demo account, not a secret (ruff S105).
DEMO_PASSWORD = "walkout-demo"  # noqa: S105

S = Application.Status
# company, priority, tags: a few, so that the list's filters have something to filter
DEMO_TAGS = [
    ("Northwind Analytics", 5, ["dream job", "data"]),
    ("Lumen Health", 4, ["remote", "health"]),
    ("Blue Harbor Logistics", 3, ["data"]),
    ("Quarry & Co", 4, ["leadership"]),
]
# company, role, status, work mode, salary range, source, days since applying
APPLICATIONS = [
    (
        "Northwind Analytics",
        "Senior Data Engineer",
        S.INTERVIEWING,
        "hybrid",
        (95_000, 120_000),
        "LinkedIn",
        12,
    ),
    (
        "Blue Harbor Logistics",
        "Platform Engineer",
        S.INTERVIEWING,
        "onsite",
        (70_000, 80_000),
        "Referral",
        9,
    ),
    (
        "Lumen Health",
        "Backend Developer",
        S.SCREENING,
        "remote",
        (90_000, 110_000),
        "Company site",
        6,
    ),
    ("Quarry & Co", "Engineering Manager", S.OFFER, "hybrid", (130_000, 150_000), "Recruiter", 30),
    ("Tidewater Bank", "Python Developer", S.APPLIED, "onsite", (None, None), "Indeed", 3),
    # Applied four weeks ago and never heard back: Today suggests it may be ghosted.
    ("Granite Works", "DevOps Engineer", S.APPLIED, "hybrid", (85_000, 95_000), "LinkedIn", 28),
    ("Fernleaf Studio", "Full-stack Developer", S.WISHLIST, "remote", (None, None), "", 0),
    (
        "Copperline Energy",
        "Data Platform Lead",
        S.REJECTED,
        "hybrid",
        (110_000, 125_000),
        "LinkedIn",
        40,
    ),
    (
        "Marigold Retail",
        "Site Reliability Engineer",
        S.NO_RESPONSE,
        "onsite",
        (None, None),
        "Indeed",
        50,
    ),
    (
        "Oakridge Insurance",
        "Integration Developer",
        S.WITHDRAWN,
        "onsite",
        (60_000, 65_000),
        "Agency",
        35,
    ),
    (
        "Helix Robotics",
        "Software Engineer",
        S.WALKED_OUT,
        "onsite",
        (55_000, 60_000),
        "Job fair",
        20,
    ),
    ("Saltmarsh Media", "Staff Engineer", S.ACCEPTED, "remote", (140_000, 160_000), "Referral", 60),
]


class Command(BaseCommand):
    help = (
        "Create a demo user with applications in every status and interviews past, today and ahead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo user first and start again."
        )

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        User = get_user_model()
        existing = User.objects.filter(username=DEMO_USERNAME)
        if existing.exists():
            if not reset:
                self.stdout.write(f"Demo user exists: log in as {DEMO_USERNAME} / {DEMO_PASSWORD}")
                return
            existing.delete()
        user = User.objects.create_user(
            DEMO_USERNAME,
            email="demo@example.com",
            # example.com is reserved (RFC 2606): nobody's mailbox, so the demo's reminders
            # may print to the development console without a link to open first.
            email_confirmed=True,
            password=DEMO_PASSWORD,
            display_name="Sam Demo",
            time_zone="Europe/London",
        )
        today = timezone.localdate()
        now = timezone.now().replace(second=0, microsecond=0)
        by_company = {}
        for company, role, status, mode, (low, high), source, age in APPLICATIONS:
            by_company[company] = Application.objects.create(
                owner=user,
                company=company,
                role=role,
                status=status,
                work_mode=mode,
                salary_min=low,
                salary_max=high,
                currency="USD",
                source=source,
                location="" if mode == "remote" else "Springfield",
                applied_on=None if status == S.WISHLIST else today - timedelta(days=age),
                posting_url=f"https://jobs.example.com/{company.split()[0].lower()}/{age}",
                notes="",
                # Each reached its status when it was sent: the timeline and "ghosted?" say so.
                status_changed_at=now - timedelta(days=age),
            )
        by_company["Tidewater Bank"].next_action = "Follow up with the recruiter"
        by_company["Tidewater Bank"].next_action_on = today
        by_company["Tidewater Bank"].save()
        for company, priority, tags in DEMO_TAGS:
            by_company[company].priority = priority
            by_company[company].save(update_fields=["priority"])
            by_company[company].set_tags(tags)

        iv = Interview
        interviews = [
            # company, kind, start offset, minutes, format, status, interviewers
            (
                "Northwind Analytics",
                iv.Kind.RECRUITER_SCREEN,
                timedelta(days=-5),
                30,
                iv.Format.PHONE,
                iv.Status.DONE,
                "Priya Nair, Recruiter",
            ),
            (
                "Northwind Analytics",
                iv.Kind.HIRING_MANAGER,
                timedelta(minutes=-20),
                60,
                iv.Format.IN_PERSON,
                iv.Status.IN_PROGRESS,
                "Dana Reyes, Head of Data\nTom Becker, Staff Engineer",
            ),
            (
                "Blue Harbor Logistics",
                iv.Kind.TECHNICAL,
                timedelta(hours=3),
                90,
                iv.Format.VIDEO,
                iv.Status.SCHEDULED,
                "Alex Kim, Engineering Lead",
            ),
            (
                "Lumen Health",
                iv.Kind.RECRUITER_SCREEN,
                timedelta(days=2, hours=1),
                30,
                iv.Format.PHONE,
                iv.Status.SCHEDULED,
                "Morgan Lee, Talent Partner",
            ),
            (
                "Quarry & Co",
                iv.Kind.FINAL,
                timedelta(days=-3),
                120,
                iv.Format.IN_PERSON,
                iv.Status.DONE,
                "Chris Okafor, CTO",
            ),
            (
                "Helix Robotics",
                iv.Kind.HIRING_MANAGER,
                timedelta(days=-8),
                60,
                iv.Format.IN_PERSON,
                iv.Status.DONE,
                "Jordan Vale, Engineering Manager",
            ),
            (
                "Copperline Energy",
                iv.Kind.PANEL,
                timedelta(days=-20),
                90,
                iv.Format.VIDEO,
                iv.Status.DONE,
                "Sky Patel, Director\nRui Costa, Architect",
            ),
        ]
        made = {}
        for company, kind, offset, minutes, fmt, status, people in interviews:
            made[(company, kind)] = interview = Interview.objects.create(
                application=by_company[company],
                kind=kind,
                starts_at=now + offset,
                duration_minutes=minutes,
                format=fmt,
                status=status,
                location="https://meet.example.com/abc" if fmt == iv.Format.VIDEO else "",
            )
            # Interviewers are contacts, as the interview form makes them.
            interview.set_interviewers(
                contacts_for(user, by_company[company], parse_people(people), Contact.objects)
            )
        self.answer_and_decide(user, made, now)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: log in as {DEMO_USERNAME} / {DEMO_PASSWORD}")
        )

    def answer_and_decide(self, user, made, now):
        """The seed story: a live interview going nowhere, and a walk-out to look back on."""
        items = {d.question: d for d in Dealbreaker.objects.for_user(user)}
        pay = items["The pay meets my floor"]
        pay.rule, pay.salary_floor, pay.salary_currency = "salary_floor", 65_000, "USD"
        pay.ask_floor = False
        pay.save()
        iv = Interview
        live = made[("Northwind Analytics", iv.Kind.HIRING_MANAGER)]
        ChecklistAnswer.objects.record(
            live,
            [
                (items["I am qualified for this role"], "pre", "yes", "", now - timedelta(days=1)),
                (
                    items["I am interested in this job as they describe it"],
                    "pre",
                    "yes",
                    "",
                    now - timedelta(days=1),
                ),
                (
                    items["I am qualified for this role"],
                    "mid",
                    "yes",
                    "",
                    now - timedelta(minutes=15),
                ),
                (
                    items["The role matches the posting"],
                    "mid",
                    "no",
                    "It is mostly on-call support",
                    now - timedelta(minutes=10),
                ),
                (
                    items["They introduced me to the team"],
                    "mid",
                    "unsure",
                    "",
                    now - timedelta(minutes=5),
                ),
            ],
        )
        # The screen before it: the application's page shows the two rounds side by side,
        # the role's "no" in both a pattern, and the prep sheet what is still open.
        screen = made[("Northwind Analytics", iv.Kind.RECRUITER_SCREEN)]
        said = screen.starts_at + timedelta(minutes=25)
        ChecklistAnswer.objects.record(
            screen,
            [
                (items["The work location works for me"], "pre", "yes", "Two days in", said),
                (
                    items["The role matches the posting"],
                    "mid",
                    "no",
                    "Half the week is support tickets",
                    said,
                ),
                (items["I am qualified for this role"], "mid", "unsure", "", said),
            ],
        )
        helix = made[("Helix Robotics", iv.Kind.HIRING_MANAGER)]
        Decision.objects.create(
            interview=helix,
            choice=Decision.Choice.WALKED_OUT,
            decided_at=helix.starts_at + timedelta(minutes=25),
            reasons="I could work for this boss\nThe pay meets my floor",
            minutes_saved=35,
            script_shown="Jordan Vale, it doesn't sound like I would be a good fit for what "
            "you're looking for in this Software Engineer position.",
        )
        copperline = made[("Copperline Energy", iv.Kind.PANEL)]
        Decision.objects.create(
            interview=copperline,
            choice=Decision.Choice.STAYED,
            decided_at=copperline.ends_at,
            right_call=Decision.RightCall.YES,
            reflection_note="Glad I stayed: the panel was the best part of the process.",
            reflected_at=copperline.ends_at + timedelta(days=8),
        )

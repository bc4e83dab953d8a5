"""Seed one benchmark database: one user with N applications and their history.

`python -m bench.seed N` with DATABASE_URL (an empty, migrated database) and the same
settings (bench.settings) and SECRET_KEY as the servers; prints one JSON object: the ids,
the session and the calendar feed's token the benchmark requests with, and how many rows
of each kind were made. Run by bench/run.py.

The data is what years of job hunting leave behind, in these proportions (deterministic:
a fixed random seed per size):
- applications spread over max(30, N / 8) days; the last 30 days are mostly open, older
  ones mostly closed (rejected, no response, withdrawn, a few percent walked out), and a
  few old ones were never closed (they come up as "ghosted");
- interviews by how far an application went (none before screening, one to four after),
  about 1.5 per application; the open ones have interviews coming up;
- checklist answers on most past interviews, before and during;
- decisions on a third of past interviews, a walk-out on every walked-out application,
  most of the older ones reflected on;
- every status move in the timeline, and a contact for about one application in three,
  who took part in its first interview when it had one.

Four fixtures are the same at every size, so the pages measured do the same work whatever
N is: an interview in progress now (the mid checklist and the answer save), its
application (the application page), a walk-out awaiting reflection (its interview is a
dead end: the exit script), a follow-up due and a ghosted application. They count in N.

Everything is written with bulk_create, which bypasses Application.save(): the status
changes it would record are made here.
"""

import json
import os
import random
import sys
from datetime import timedelta

import django

BATCH = 2000
OPEN_WINDOW = 30  # days: applications younger than this are mostly still open
UPCOMING = 5  # interviews coming up in the next two weeks, besides the fixtures'

COMPANY_WORDS = [
    "North",
    "Blue",
    "Lumen",
    "Quarry",
    "Tide",
    "Fern",
    "Copper",
    "Marigold",
    "Oak",
    "Helix",
    "Salt",
    "Granite",
    "Harbor",
    "Cedar",
    "Silver",
    "Iron",
    "Maple",
    "Summit",
    "River",
    "Aurora",
    "Beacon",
    "Cobalt",
    "Delta",
    "Ember",
    "Falcon",
    "Glacier",
    "Juniper",
    "Kestrel",
    "Lantern",
    "Meridian",
    "Nimbus",
    "Orchid",
    "Pioneer",
    "Quartz",
    "Raven",
    "Sierra",
    "Tundra",
    "Vertex",
    "Willow",
]
COMPANY_KINDS = [
    "Analytics",
    "Logistics",
    "Health",
    "Bank",
    "Studio",
    "Energy",
    "Retail",
    "Insurance",
    "Robotics",
    "Media",
    "Labs",
    "Systems",
    "Software",
    "Foods",
    "Travel",
    "Games",
    "Security",
    "Cloud",
    "Mobility",
    "Finance",
]
ROLES = (
    "Backend Developer",
    "Senior Data Engineer",
    "Platform Engineer",
    "Python Developer",
    "Site Reliability Engineer",
    "Full-stack Developer",
    "Engineering Manager",
    "Staff Engineer",
    "Software Engineer",
    "Data Platform Lead",
)
SOURCES = ("LinkedIn", "Referral", "Company site", "Indeed", "Recruiter", "Job fair", "")
NOTES = ("", "", "", "Friendly recruiter.", "Asked about on-call.", "Salary not posted.")
PEOPLE = ("Dana Reyes", "Priya Nair", "Alex Kim", "Morgan Lee", "Chris Okafor", "Jordan Vale")


def main(size):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.db import transaction

    with transaction.atomic():
        result = Seeder(size).run()
    print(json.dumps(result))


class Seeder:
    def __init__(self, size):
        from django.utils import timezone

        self.size = size
        self.rng = random.Random(size)  # test data, not secrets
        self.now = timezone.now().replace(microsecond=0)
        self.span = max(OPEN_WINDOW, size // 8)
        self.applications, self.interviews, self.moves = [], [], []
        self.answers, self.decisions = [], []
        # A person has a handful of interviews coming up, however long they have searched.
        self.upcoming_left = UPCOMING

    def run(self):
        from django.contrib.auth import get_user_model
        from django.test import Client

        from interviews.models import Dealbreaker

        user = get_user_model().objects.create_user(
            "bench",
            email="bench@example.com",
            password=None,
            display_name="Sam Bench",
            time_zone="Europe/London",
        )
        self.user = user
        # The post_save signal gave the user the 9 starter dealbreakers; one gets a rule,
        # as in the demo, so the verdict evaluates rules too.
        self.dealbreakers = list(Dealbreaker.objects.for_user(user))
        pay = next(d for d in self.dealbreakers if d.rule == "" and d.category == "compensation")
        pay.rule, pay.salary_floor, pay.salary_currency = "salary_floor", 65_000, "USD"
        pay.save()
        fixtures = self.plan_fixtures()
        while len(self.applications) < self.size:
            self.plan_application()
        self.write()
        featured = fixtures["featured"]
        current = fixtures["current"]
        user.new_calendar_token()
        client = Client()
        client.force_login(user)
        from django.conf import settings

        mid = [d.pk for d in self.dealbreakers if d.phase in ("mid", "both") and d.active]
        return {
            "size": self.size,
            "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "application": featured.pk,
            "interview": current.pk,
            "dead_end_interview": fixtures["dead_end"].pk,
            "calendar_token": user.calendar_token,
            "mid_dealbreakers": mid,
            "rows": self.counts(),
        }

    # Planning: build unsaved objects; write() saves them in batches.

    def company(self):
        pool = max(3, self.size // 3)  # people apply to some companies more than once
        n = self.rng.randrange(pool)
        return (
            f"{COMPANY_WORDS[n % len(COMPANY_WORDS)]} "
            f"{COMPANY_KINDS[(n // len(COMPANY_WORDS)) % len(COMPANY_KINDS)]}"
            + (f" {n // (len(COMPANY_WORDS) * len(COMPANY_KINDS))}" if n >= 800 else "")
        )

    def new_application(self, age_days, status, **fields):
        from interviews.models import Application

        applied = self.now - timedelta(days=age_days)
        low = self.rng.choice((None, 60_000, 80_000, 100_000, 120_000))
        application = Application(
            owner=self.user,
            company=fields.pop("company", None) or self.company(),
            role=fields.pop("role", None) or self.rng.choice(ROLES),
            source=self.rng.choice(SOURCES),
            status=status,
            location=self.rng.choice(("", "Springfield", "Shelbyville")),
            work_mode=self.rng.choice(("onsite", "hybrid", "remote", "")),
            salary_min=low,
            salary_max=None if low is None else low + self.rng.choice((0, 10_000, 20_000)),
            currency="USD",
            applied_on=None if status == "wishlist" else applied.date(),
            posting_url=f"https://jobs.example.com/{len(self.applications)}",
            notes=self.rng.choice(NOTES),
            status_changed_at=applied,
            **fields,
        )
        application.applied_at = applied  # for the timeline and interview dates below
        self.applications.append(application)
        return application

    def new_interview(self, application, starts_at, status, kind="hiring_manager", **fields):
        from interviews.models import Interview

        fields.setdefault("interviewers", f"{self.rng.choice(PEOPLE)}, Hiring Manager")
        interview = Interview(
            application=application,
            kind=kind,
            starts_at=starts_at,
            duration_minutes=self.rng.choice((30, 45, 60, 60, 90)),
            format=self.rng.choice(("phone", "video", "video", "in_person")),
            status=status,
            **fields,
        )
        self.interviews.append(interview)
        return interview

    def move(self, application, path, until):
        """The timeline: "" → path[0] at applying, then each step, the last at `until`."""
        from interviews.models import StatusChange

        start = application.applied_at
        steps = len(path)
        previous = ""
        for n, status in enumerate(path):
            when = start + (until - start) * (n / max(1, steps - 1)) if n else start
            self.moves.append(
                StatusChange(
                    application=application,
                    from_status=previous,
                    to_status=status,
                    changed_at=when,
                )
            )
            previous = status
        application.status_changed_at = until if steps > 1 else start

    def answer(self, interview, phase, at, no=()):
        """Answers to most of the phase's questions; `no` are answered "no"."""
        from interviews.models import ChecklistAnswer

        for d in self.dealbreakers:
            if d.phase not in (phase, "both") or d.rule:
                continue
            if d not in no and self.rng.random() > 0.85:
                continue
            value = "no" if d in no else self.rng.choices(("yes", "unsure", "no"), (75, 15, 10))[0]
            if value == "no" and d.severity == "dealbreaker" and d not in no:
                value = "unsure"  # a "no" to a dealbreaker is a walk-out: planned below
            self.answers.append(
                ChecklistAnswer(
                    interview=interview,
                    dealbreaker=d,
                    phase=phase,
                    answer=value,
                    note="Came up twice." if self.rng.random() < 0.1 else "",
                    question=d.question,
                    answered_at=at,
                )
            )

    def decide(self, interview, choice, at, reasons=()):
        from interviews.models import Decision

        reflected = at < self.now - timedelta(days=14) and self.rng.random() < 0.7
        self.decisions.append(
            Decision(
                interview=interview,
                choice=choice,
                decided_at=at,
                reasons="\n".join(d.question for d in reasons),
                script_shown="It doesn't sound like I would be a good fit." if reasons else "",
                minutes_saved=self.rng.choice((15, 25, 35, 45)) if choice == "walked_out" else 0,
                right_call=(
                    self.rng.choices(("yes", "no", "unsure"), (80, 10, 10))[0] if reflected else ""
                ),
                reflection_note="Glad I did." if reflected else "",
                reflected_at=at + timedelta(days=9) if reflected else None,
            )
        )

    def past_interviews(self, application, count, until, walk_out=()):
        """`count` done interviews between applying and `until`, most answered, some
        decided; with `walk_out` reasons, the last one ended in a walk-out over them."""
        made = []
        start = application.applied_at
        for n in range(count):
            at = start + (until - start) * ((n + 1) / (count + 1))
            last = n == count - 1
            cancelled = not (walk_out and last) and self.rng.random() < 0.04
            interview = self.new_interview(
                application,
                at,
                "cancelled" if cancelled else "done",
                kind=("recruiter_screen", "hiring_manager", "technical", "final")[min(n, 3)],
            )
            made.append(interview)
            if walk_out and last:
                self.answer(interview, "pre", at - timedelta(hours=20))
                self.answer(interview, "mid", at + timedelta(minutes=20), no=walk_out)
                self.decide(interview, "walked_out", at + timedelta(minutes=25), walk_out)
            elif not cancelled and self.rng.random() < 0.85:
                self.answer(interview, "pre", at - timedelta(hours=20))
                self.answer(interview, "mid", at + timedelta(minutes=20))
                roll = self.rng.random()
                if roll < 0.30:
                    self.decide(interview, "stayed", interview.ends_at)
                elif roll < 0.35:
                    self.decide(interview, "they_ended", at + timedelta(minutes=30))
        return made

    def plan_fixtures(self):
        """The same four stories at every size."""
        hours = timedelta(hours=1)
        featured = self.new_application(
            12, "interviewing", company="Northwind Analytics", role="Senior Data Engineer"
        )
        self.move(featured, ["applied", "screening", "interviewing"], self.now - 5 * 24 * hours)
        self.past_interviews(featured, 1, self.now - 4 * 24 * hours)
        current = self.new_interview(
            featured,
            self.now - timedelta(minutes=20),
            "in_progress",
            interviewers="Dana Reyes, Head of Data\nTom Becker, Staff Engineer",
        )
        boss = next(d for d in self.dealbreakers if d.question == "I could work for this boss")
        self.answer(current, "pre", self.now - 24 * hours)
        self.answer(current, "mid", self.now - timedelta(minutes=5))
        self.new_interview(featured, self.now + 50 * hours, "scheduled", kind="technical")

        helix = self.new_application(20, "walked_out", company="Helix Robotics")
        walked = self.new_interview(helix, self.now - 8 * 24 * hours, "done")
        self.answer(walked, "mid", walked.starts_at + timedelta(minutes=20), no=[boss])
        self.decide(walked, "walked_out", walked.starts_at + timedelta(minutes=25), [boss])
        self.move(helix, ["applied", "screening", "interviewing", "walked_out"], walked.starts_at)

        followup = self.new_application(
            3,
            "applied",
            company="Tidewater Bank",
            next_action="Follow up with the recruiter",
            next_action_on=self.now.date(),
        )
        self.move(followup, ["applied"], followup.applied_at)
        ghost = self.new_application(40, "applied", company="Marigold Retail")
        self.move(ghost, ["applied"], ghost.applied_at)
        return {"featured": featured, "current": current, "dead_end": walked}

    def plan_application(self):
        rng = self.rng
        age = rng.uniform(0, self.span)
        if age < OPEN_WINDOW:
            status = rng.choices(
                ("wishlist", "applied", "screening", "interviewing", "offer", "rejected"),
                (10, 42, 20, 18, 4, 6),
            )[0]
        else:
            status = rng.choices(
                (
                    "rejected",
                    "no_response",
                    "withdrawn",
                    "walked_out",
                    "accepted",
                    "applied",
                    "screening",
                ),
                (50, 26, 9, 4, 1, 7, 3),
            )[0]
        fields = {}
        closed = ("accepted", "rejected", "no_response", "withdrawn", "walked_out")
        if status not in closed and rng.random() < 0.3:
            fields["next_action"] = "Send a thank-you note"
            fields["next_action_on"] = (self.now + timedelta(days=rng.randint(-10, 10))).date()
        application = self.new_application(age, status, **fields)
        applied = application.applied_at
        days = timedelta(days=1)
        # How far it went, and when it stopped: an old application's last move is within
        # two months of applying.
        end = min(self.now - days, applied + rng.uniform(7, 60) * days)
        if status == "wishlist":
            self.move(application, ["wishlist"], applied)
        elif status == "applied":
            self.move(application, ["applied"], applied)
        elif status == "screening":
            self.move(application, ["applied", "screening"], end)
            self.future_or_past(application, 1)
        elif status == "interviewing":
            self.move(application, ["applied", "screening", "interviewing"], end)
            self.past_interviews(application, 1, end)
            self.future_or_past(application, 1)
        elif status == "offer":
            self.move(application, ["applied", "screening", "interviewing", "offer"], end)
            self.past_interviews(application, 3, end)
        elif status == "accepted":
            path = ["applied", "screening", "interviewing", "offer", "accepted"]
            self.move(application, path, end)
            self.past_interviews(application, 4, end)
        elif status == "rejected":
            count = rng.choices((1, 2, 3, 4), (20, 35, 30, 15))[0]
            path = ["applied", "screening", "interviewing"][: 1 + min(count, 2)] + ["rejected"]
            self.move(application, path, end)
            self.past_interviews(application, count, end)
        elif status == "no_response":
            count = 1 if rng.random() < 0.3 else 0
            path = ["applied", "screening", "no_response"] if count else ["applied", "no_response"]
            self.move(application, path, end)
            self.past_interviews(application, count, end)
        elif status == "withdrawn":
            self.move(application, ["applied", "screening", "withdrawn"], end)
            self.past_interviews(application, 1, end)
        elif status == "walked_out":
            reasons = rng.sample([d for d in self.dealbreakers if d.severity == "dealbreaker"], 1)
            self.past_interviews(application, rng.choice((1, 2)), end, walk_out=reasons)
            self.move(application, ["applied", "screening", "interviewing", "walked_out"], end)

    def future_or_past(self, application, count):
        """Interviews for an open application: coming up in the next two weeks when it is
        recent (a handful at most), else past (and then it is waiting on them)."""
        for _ in range(count):
            recent = application.applied_at > self.now - timedelta(days=OPEN_WINDOW)
            if recent and self.upcoming_left:
                self.upcoming_left -= 1
                at = self.now + timedelta(hours=self.rng.uniform(2, 14 * 24))
                self.new_interview(application, at.replace(second=0), "scheduled")
            else:
                self.past_interviews(application, 1, application.status_changed_at)

    # Writing

    def write(self):
        from django.db.models import F

        from interviews.models import (
            Application,
            ChecklistAnswer,
            Contact,
            Decision,
            Interview,
            StatusChange,
        )

        Application.objects.bulk_create(self.applications, batch_size=BATCH)
        # created_at and updated_at are auto fields, set to now by bulk_create: date them
        # as the history says (updated when last moved).
        Application.objects.for_user(self.user).update(
            created_at=F("status_changed_at"), updated_at=F("status_changed_at")
        )
        for move in self.moves:
            move.application_id = move.application.pk
        StatusChange.objects.bulk_create(self.moves, batch_size=BATCH)
        for interview in self.interviews:
            interview.application_id = interview.application.pk
        Interview.objects.bulk_create(self.interviews, batch_size=BATCH)
        for row in (*self.answers, *self.decisions):
            row.interview_id = row.interview.pk
        ChecklistAnswer.objects.bulk_create(self.answers, batch_size=BATCH)
        Decision.objects.bulk_create(self.decisions, batch_size=BATCH)

        # A contact for about one application in three: the recruiter, who also took part
        # in its first interview when it had one.
        first_interview = {}
        for interview in self.interviews:
            first_interview.setdefault(interview.application_id, interview)
        contacts, linked = [], []
        for application in self.applications:
            if self.rng.random() >= 0.3:
                continue
            name = self.rng.choice(PEOPLE)
            contacts.append(
                Contact(
                    owner=self.user,
                    name=name,
                    title="Recruiter",
                    company=application.company,
                    email=(
                        f"{name.split()[0].lower()}.{len(contacts)}@example.com"
                        if self.rng.random() < 0.5
                        else ""
                    ),
                )
            )
            linked.append((application, first_interview.get(application.pk)))
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        ToApplication = Contact.applications.through
        ToApplication.objects.bulk_create(
            (
                ToApplication(contact_id=c.pk, application_id=a.pk)
                for c, (a, _) in zip(contacts, linked, strict=True)
            ),
            batch_size=BATCH,
        )
        ToInterview = Contact.interviews.through
        self.contact_interviews = [
            ToInterview(contact_id=c.pk, interview_id=i.pk)
            for c, (_, i) in zip(contacts, linked, strict=True)
            if i is not None
        ]
        ToInterview.objects.bulk_create(self.contact_interviews, batch_size=BATCH)
        self.contacts = contacts

    def counts(self):
        return {
            "applications": len(self.applications),
            "interviews": len(self.interviews),
            "interviews_per_application": round(len(self.interviews) / len(self.applications), 2),
            "answers": len(self.answers),
            "decisions": len(self.decisions),
            "walk_outs": sum(d.choice == "walked_out" for d in self.decisions),
            "status_changes": len(self.moves),
            "contacts": len(self.contacts),
            "contacts_in_interviews": len(self.contact_interviews),
        }


if __name__ == "__main__":
    main(int(sys.argv[1]))

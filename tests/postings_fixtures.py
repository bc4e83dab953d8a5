"""The fixture job postings (tests/fixtures/postings/) and what each one should fill in.

Shared by the parser's unit tests, the paste tests and the bookmarklet's Chromium tests.
"""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "postings"

# The page each fixture stands for, and the form fields it should fill.
EXPECTED = {
    "greenhouse": {
        "address": "https://job-boards.greenhouse.io/northwind/jobs/4012345",
        "fields": {
            "role": "Data Engineer",
            "company": "Northwind Analytics",
            "posting_url": "https://job-boards.greenhouse.io/northwind/jobs/4012345",
            "location": "Berlin, DE",
            "work_mode": "",
            "salary_min": "",
            "salary_max": "",
            "notes": "Posted on 2026-11-20.",
        },
        "description_starts": "You will build the pipelines behind our & our customers'",
        "description_ends": "Berlin office, 2 days a week.",
    },
    "lever": {
        "address": "https://jobs.lever.co/quarry/5b6f1c2e-8d4a-4c1e-9f3b-2a7d6e9c0b11",
        "fields": {
            "role": "Platform Engineer",
            "company": "Quarry",
            "posting_url": "https://jobs.lever.co/quarry/5b6f1c2e-8d4a-4c1e-9f3b-2a7d6e9c0b11",
            "work_mode": "remote",
            "salary_min": "70000",
            "salary_max": "85000",
            "currency": "EUR",
            "notes": "",
        },
        "description_starts": "Remote (Europe). Salary: €70,000–85,000.",
        "description_ends": "you will run our Kubernetes platform.",
        "hint": "without saying per what",
    },
    "workday": {
        "address": "https://copperline.wd5.myworkdayjobs.com/en-US/Careers/job/Chicago-IL/"
        "Risk-Analyst-II_R-104233",
        "fields": {
            "role": "Risk Analyst II",
            "company": "Copperline Bank",
            "posting_url": "https://copperline.wd5.myworkdayjobs.com/en-US/Careers/job/Chicago-IL/"
            "Risk-Analyst-II_R-104233",
            "location": "Chicago, IL, US; New York, NY, US",
            "salary_min": "",
            "notes": "Posted on 2026-11-30.",
        },
        "description_starts": "About the role\nYou will model credit risk",
        "description_ends": "3+ years of SQL.",
    },
    "personio": {
        "address": "https://tannery.jobs.personio.de/job/1634022",
        "fields": {
            "role": "Werkstudent*in Marketing",
            "company": "Tannery GmbH",
            "posting_url": "https://tannery.jobs.personio.de/job/1634022",
            "location": "Hamburg, Deutschland",
            "salary_min": "",
            "salary_max": "",
            "currency": "EUR",
            "notes": "Pay in the posting: 1,500–1,800 EUR a month.\nPosted on 2026-12-01.",
        },
        "description_starts": "Du unterstützt unser Marketing-Team 20 Stunden pro Woche.",
        "description_ends": "20 Stunden pro Woche.",
        "hint": "1,500–1,800 EUR a month: kept in the notes",
    },
    "stepstone": {
        "address": "https://www.stepstone.de/stellenangebote--Senior-Backend-Developer-m-w-d-"
        "Koeln-Lindqvist-Logistik-AG--11223344-inline.html",
        "fields": {
            "role": "Senior Backend Developer (m/w/d)",
            "company": "Lindqvist Logistik AG",
            "source": "StepStone",
            "location": "Köln, DE; Düsseldorf, DE",
            "salary_min": "65000",
            "salary_max": "80000",
            "currency": "EUR",
            "notes": "Posted on 2026-11-28.",
        },
        "description_starts": "Ihre Aufgaben\n\n• Go und PostgreSQL",
        "description_ends": "• Go und PostgreSQL",
    },
    "indeed": {
        "address": "https://www.indeed.com/viewjob?jk=8c2d1f0e9a7b6c5d",
        "fields": {
            "role": "Customer Support Specialist",
            "company": "Brightwater Health",
            "posting_url": "https://www.indeed.com/viewjob?jk=8c2d1f0e9a7b6c5d",
            "source": "Indeed",
            "location": "US",
            "work_mode": "remote",
            "salary_min": "",
            "salary_max": "",
            "currency": "USD",
            "notes": "Pay in the posting: 45–55 USD an hour.\nPosted on 2026-12-02.",
        },
        "description_starts": "Section 1: You will answer customers' questions",
        "description_ends": "The end of the posting.",
        "hint": "45–55 USD an hour: kept in the notes",
    },
}


def fixture_source(name):
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8")

"""Reading a job posting (interviews/postings.py): JSON-LD, HTML and plain text. Pure."""

import json
from decimal import Decimal

import pytest

from interviews.models import MAX_SALARY
from interviews.postings import (
    from_html,
    from_json_ld,
    from_share,
    html_to_text,
    number,
    prefill,
    read_posting,
    read_title,
    salary_in,
    work_mode_in,
)
from tests.postings_fixtures import EXPECTED, fixture_source


def posting_node(**fields):
    return {"@context": "https://schema.org", "@type": "JobPosting", **fields}


# --- JSON-LD ----------------------------------------------------------------------------


def test_a_plain_job_posting():
    posting = from_json_ld(
        posting_node(
            title="Data Engineer",
            hiringOrganization={"@type": "Organization", "name": "Northwind"},
            url="https://jobs.example.com/1",
            datePosted="2026-11-20T09:00:00Z",
            description="Build pipelines.",
        )
    )
    assert (posting.role, posting.company, posting.posting_url) == (
        "Data Engineer",
        "Northwind",
        "https://jobs.example.com/1",
    )
    assert posting.date_posted == "2026-11-20"
    assert posting.description == "Build pipelines."
    assert posting.found_in == "JobPosting data"


def test_graph_with_the_organization_by_id_and_type_as_a_list():
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "#page", "name": "Careers"},
            {"@type": "Organization", "@id": "#org", "name": "Tannery GmbH"},
            {
                "@type": ["JobPosting", "Thing"],
                "title": "Designer",
                "hiringOrganization": {"@id": "#org"},
            },
        ],
    }
    posting = from_json_ld(data)
    assert (posting.role, posting.company) == ("Designer", "Tannery GmbH")


def test_an_array_of_documents_takes_the_first_job_posting():
    data = [
        {"@type": "BreadcrumbList", "itemListElement": []},
        posting_node(title="First"),
        posting_node(title="Second"),
    ]
    assert from_json_ld(data).role == "First"


@pytest.mark.parametrize(
    "kind", ["JobPosting", "schema:JobPosting", "http://schema.org/JobPosting"]
)
def test_type_spelled_in_full_or_prefixed(kind):
    assert from_json_ld({"@type": kind, "title": "Analyst"}).role == "Analyst"


def test_a_posting_nested_in_a_page():
    data = {"@type": "WebPage", "mainEntity": posting_node(title="Nested")}
    assert from_json_ld(data).role == "Nested"


def test_no_job_posting_reads_nothing():
    assert not from_json_ld({"@type": "Organization", "name": "Acme"})
    assert not from_json_ld([])
    assert not from_json_ld("text")


def test_missing_fields_stay_empty():
    posting = from_json_ld(posting_node(title="Only a title"))
    assert posting.role == "Only a title"
    assert posting.company == posting.location == posting.posting_url == posting.description == ""
    assert posting.salary_min is None and posting.salary_max is None
    assert posting.salary_unit == posting.currency == posting.work_mode == ""


def test_organization_as_a_plain_string_and_title_as_a_list():
    posting = from_json_ld(posting_node(title=["Engineer"], hiringOrganization="Acme"))
    assert (posting.role, posting.company) == ("Engineer", "Acme")


def test_html_escaped_description_becomes_text():
    escaped = (
        "&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;"
        "&lt;ul&gt;&lt;li&gt;One&lt;/li&gt;&lt;li&gt;Two&lt;/li&gt;&lt;/ul&gt;"
    )
    posting = from_json_ld(posting_node(title="X", description=escaped))
    assert posting.description == "Hello & welcome\n\n• One\n• Two"


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p>Line<br>break</p>", "Line\nbreak"),
        ("<ul>\n  <li>A</li>\n  <li>B</li>\n</ul>", "• A\n• B"),
        ("<h2>Title</h2>Text <strong>bold</strong>", "Title\n\nText bold"),
        ("Plain &amp; simple", "Plain & simple"),
        ("Plain\ntext", "Plain\ntext"),
        ("<p>a</p><script>alert(1)</script><style>p{}</style><p>b</p>", "a\n\nb"),
        ("", ""),
    ],
)
def test_html_to_text(source, text):
    assert html_to_text(source) == text


def test_several_locations():
    posting = from_json_ld(
        posting_node(
            title="X",
            jobLocation=[
                {
                    "@type": "Place",
                    "address": {
                        "addressLocality": "Chicago",
                        "addressRegion": "IL",
                        "addressCountry": "US",
                    },
                },
                {
                    "@type": "Place",
                    "address": {
                        "addressLocality": "New York",
                        "addressCountry": {"@type": "Country", "name": "US"},
                    },
                },
                {"@type": "Place", "address": "Remote, Anywhere"},
                {
                    "@type": "Place",
                    "address": {
                        "addressLocality": "Chicago",
                        "addressRegion": "IL",
                        "addressCountry": "US",
                    },
                },
            ],
        )
    )
    assert posting.location == "Chicago, IL, US; New York, US; Remote, Anywhere"


def test_a_place_named_without_an_address_and_a_repeated_region():
    posting = from_json_ld(
        posting_node(
            title="X",
            jobLocation=[
                {"@type": "Place", "name": "HQ"},
                {"address": {"addressLocality": "Berlin", "addressRegion": "Berlin"}},
            ],
        )
    )
    assert posting.location == "HQ; Berlin"


def test_telecommute_is_remote_and_the_applicant_country_the_place():
    posting = from_json_ld(
        posting_node(
            title="Support",
            jobLocationType="TELECOMMUTE",
            applicantLocationRequirements=[
                {"@type": "Country", "name": "US"},
                {"@type": "Country", "name": "CA"},
            ],
        )
    )
    assert posting.work_mode == "remote"
    assert posting.location == "US; CA"


def test_hybrid_in_the_title_is_hybrid():
    assert from_json_ld(posting_node(title="Designer (Hybrid)")).work_mode == "hybrid"


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        (
            {
                "@type": "MonetaryAmount",
                "currency": "USD",
                "value": {
                    "@type": "QuantitativeValue",
                    "minValue": 45,
                    "maxValue": 55,
                    "unitText": "HOUR",
                },
            },
            (45, 55, "USD", "HOUR"),
        ),
        (
            {"currency": "EUR", "value": {"value": 4000, "unitText": "MONTH"}},
            (4000, 4000, "EUR", "MONTH"),
        ),
        (
            {"currency": "GBP", "value": {"minValue": 300, "unitText": "DAY"}},
            (300, 300, "GBP", "DAY"),
        ),
        (
            {"currency": "USD", "value": {"maxValue": 900, "unitText": "WEEK"}},
            (900, 900, "USD", "WEEK"),
        ),
        (
            {
                "currency": "USD",
                "value": {"minValue": "90,000", "maxValue": "120000.00", "unitText": "YEAR"},
            },
            (90000, 120000, "USD", "YEAR"),
        ),
        (
            {
                "currency": "EUR",
                "value": {"minValue": "65.000", "maxValue": "80.000", "unitText": "year"},
            },
            (65000, 80000, "EUR", "YEAR"),
        ),
        ({"currency": "USD", "value": 100000}, (100000, 100000, "USD", "")),
        (
            {"currency": "USD", "value": {"value": "$100,000"}, "unitText": "YEAR"},
            (100000, 100000, "USD", "YEAR"),
        ),
        ({"value": {"value": "€52.000", "unitText": "YEAR"}}, (52000, 52000, "EUR", "YEAR")),
        (
            {"currency": "USD", "value": {"minValue": 80, "maxValue": 60, "unitText": "HOUR"}},
            (60, 80, "USD", "HOUR"),
        ),
        (
            [{"currency": "CHF", "value": {"minValue": 9000, "unitText": "MONTH"}}],
            (9000, 9000, "CHF", "MONTH"),
        ),
    ],
)
def test_base_salary_keeps_its_unit(salary, expected):
    posting = from_json_ld(posting_node(title="X", baseSalary=salary))
    assert (
        posting.salary_min,
        posting.salary_max,
        posting.currency,
        posting.salary_unit,
    ) == expected


@pytest.mark.parametrize(
    "salary",
    [
        {"currency": "USD", "value": {"minValue": "competitive"}},
        {"currency": "USD", "value": {"minValue": -5}},
        {"currency": "USD", "value": {"minValue": MAX_SALARY + 1}},
        {"currency": "USD", "value": {"minValue": True}},
        {"currency": "USD", "value": {"minValue": float("inf")}},
        "not an amount",
        None,
    ],
)
def test_salary_that_is_no_amount_is_left_out(salary):
    posting = from_json_ld(posting_node(title="X", baseSalary=salary))
    assert posting.salary_min is None and posting.salary_max is None


def test_estimated_salary_when_there_is_no_base_salary():
    posting = from_json_ld(
        posting_node(
            title="X",
            estimatedSalary={"currency": "USD", "value": {"minValue": 70000, "unitText": "YEAR"}},
        )
    )
    assert (posting.salary_min, posting.salary_unit) == (70000, "YEAR")


def test_a_posting_url_must_be_a_web_address():
    assert from_json_ld(posting_node(title="X", url="javascript:alert(1)")).posting_url == ""
    assert from_json_ld(posting_node(title="X", url="/relative/1")).posting_url == ""


# --- HTML -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_page(name):
    expected = EXPECTED[name]
    initial, hints = prefill(read_posting(fixture_source(name)))
    for field, value in expected["fields"].items():
        assert str(initial.get(field, "")) == value, field
    assert initial["job_description"].startswith(expected["description_starts"])
    assert initial["job_description"].endswith(expected["description_ends"])
    assert "&lt;" not in initial["job_description"] and "<p>" not in initial["job_description"]
    if "hint" in expected:
        assert any(expected["hint"] in hint for hint in hints)
    else:
        assert hints == []


def test_json_ld_in_html_fills_in_from_the_title_what_it_lacks():
    page = (
        "<html><head><title>Engineer at Acme | LinkedIn</title>"
        '<script type="application/ld+json">{"@type": "JobPosting", "title": "Engineer"}</script>'
        "</head></html>"
    )
    posting = from_html(page)
    assert (posting.role, posting.company, posting.source) == ("Engineer", "Acme", "LinkedIn")


def test_broken_json_ld_falls_back_to_meta_tags():
    page = (
        '<html><head><script type="application/ld+json">{"@type": "JobPosting", oops}</script>'
        '<meta property="og:title" content="Analyst at Quarry">'
        '<meta property="og:description" content="Hybrid, $80,000 - $95,000 a year">'
        '<meta property="og:url" content="https://quarry.example/jobs/7"></head></html>'
    )
    posting = from_html(page)
    assert (posting.role, posting.company) == ("Analyst", "Quarry")
    assert posting.posting_url == "https://quarry.example/jobs/7"
    assert posting.work_mode == "hybrid"
    assert (posting.salary_min, posting.salary_max, posting.currency, posting.salary_unit) == (
        80000,
        95000,
        "USD",
        "YEAR",
    )
    assert posting.found_in == "the page's title and meta tags"


def test_json_ld_with_raw_line_breaks_in_strings_is_read():
    page = (
        '<script type="application/ld+json">'
        '{"@type": "JobPosting", "title": "A", "description": "one\ntwo"}</script>'
    )
    assert from_html(page).description == "one\ntwo"


def test_title_only_page():
    posting = read_posting(
        "<html><head><title>Senior Engineer - Acme | Indeed</title></head><body></body></html>"
    )
    assert (posting.role, posting.company, posting.source) == ("Senior Engineer", "Acme", "Indeed")


# --- Titles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("Senior Engineer at Acme", "", ("Senior Engineer", "Acme", "", "")),
        ("Senior Engineer at Acme | LinkedIn", "", ("Senior Engineer", "Acme", "LinkedIn", "")),
        ("Senior Engineer - Acme | Indeed", "", ("Senior Engineer", "Acme", "Indeed", "")),
        (
            "Senior Engineer – Acme — Berlin | StepStone",
            "",
            ("Senior Engineer", "Acme", "StepStone", "Berlin"),
        ),
        ("Acme is hiring a Senior Engineer", "", ("Senior Engineer", "Acme", "", "")),
        ("Acme is hiring an Analyst", "", ("Analyst", "Acme", "", "")),
        (
            "Acme hiring Senior Engineer in Berlin, Germany | LinkedIn",
            "",
            ("Senior Engineer", "Acme", "LinkedIn", "Berlin, Germany"),
        ),
        ("Acme is hiring: Data Engineer", "", ("Data Engineer", "Acme", "", "")),
        (
            "Backend Developer (m/w/d) bei Tannery GmbH",
            "",
            ("Backend Developer (m/w/d)", "Tannery GmbH", "", ""),
        ),
        (
            "Job Application for Data Engineer at Northwind",
            "",
            ("Data Engineer", "Northwind", "", ""),
        ),
        ("Check out this job at Acme: Senior Engineer", "", ("Senior Engineer", "Acme", "", "")),
        ("Check out this job: Analyst at Quarry", "", ("Analyst", "Quarry", "", "")),
        (
            "Quarry - Platform Engineer",
            "https://jobs.lever.co/quarry/abc",
            ("Platform Engineer", "Quarry", "", ""),
        ),
        (
            "Platform Engineer - Quarry",
            "https://jobs.lever.co/quarry/abc",
            ("Platform Engineer", "Quarry", "", ""),
        ),
        ("Just a role", "", ("Just a role", "", "", "")),
        ("", "", ("", "", "", "")),
        ("LinkedIn", "", ("LinkedIn", "", "", "")),
    ],
)
def test_title_shapes(title, url, expected):
    assert read_title(title, url) == expected


def test_a_huge_title_is_cut_not_slow():
    role, company, _, _ = read_title("a " * 500_000 + "at Acme")
    assert len(role) <= 300


# --- Plain text, salaries, work mode ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salary: €70,000–85,000", (70000, 85000, "EUR", "")),
        ("$45/hour", (45, 45, "USD", "HOUR")),
        ("$45 an hour", (45, 45, "USD", "HOUR")),
        ("$45.50 per hour", (Decimal("45.50"), Decimal("45.50"), "USD", "HOUR")),
        ("£50k - £60k per annum", (50000, 60000, "GBP", "YEAR")),
        ("£50k-60k", (50000, 60000, "GBP", "")),
        ("70.000 € - 85.000 € pro Jahr", (70000, 85000, "EUR", "YEAR")),
        ("USD 120,000 - 140,000 a year", (120000, 140000, "USD", "YEAR")),
        ("CHF 9,500 monthly", (9500, 9500, "CHF", "MONTH")),
        ("€350 per day", (350, 350, "EUR", "DAY")),
        ("$1,200/week", (1200, 1200, "USD", "WEEK")),
        ("between $100,000 to $120,000 p.a.", (100000, 120000, "USD", "YEAR")),
        ("Work 40 hours, 2 days remote, 100 % fun", None),
        ("no money here", None),
        ("", None),
    ],
)
def test_salary_in_text(text, expected):
    assert salary_in(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("70000", 70000),
        ("70,000", 70000),
        ("70.000", 70000),
        ("70 000", 70000),
        ("70k", 70000),
        ("1,234.50", 1234.5),
        ("1.234,50", 1234.5),
        ("45.5", 45.5),
        (45, 45),
        ("none", None),
        (True, None),
    ],
)
def test_numbers(text, value):
    result = number(text)
    assert (result if result is None else float(result)) == value


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Fully remote within the EU", "remote"),
        ("Hybrid: 2 days in the Berlin office", "hybrid"),
        ("Remote or hybrid", "hybrid"),
        ("On-site in Austin", "onsite"),
        ("This role is not remote", ""),
        ("no remote work", ""),
        ("Remotely interesting", ""),
        ("", ""),
    ],
)
def test_work_mode_in_text(text, mode):
    assert work_mode_in(text) == mode


def test_plain_text_posting():
    text = (
        "Data Analyst at Quarry\n"
        "Location: Leeds, UK\n"
        "Hybrid, £40,000–48,000 a year.\n"
        "Apply: https://quarry.example/jobs/9?utm_source=x\n"
        "You will analyse rocks."
    )
    initial, hints = prefill(read_posting(text))
    assert initial["role"] == "Data Analyst" and initial["company"] == "Quarry"
    assert initial["location"] == "Leeds, UK"
    assert initial["work_mode"] == "hybrid"
    assert (initial["salary_min"], initial["salary_max"], initial["currency"]) == (
        40000,
        48000,
        "GBP",
    )
    assert initial["posting_url"] == "https://quarry.example/jobs/9?utm_source=x"
    assert "https://" not in initial["job_description"]
    assert initial["job_description"].endswith("You will analyse rocks.")
    assert hints == []


def test_pasted_json_ld_alone():
    text = json.dumps(posting_node(title="Engineer", hiringOrganization={"name": "Acme"}))
    assert (read_posting(text).role, read_posting(text).company) == ("Engineer", "Acme")


@pytest.mark.parametrize(
    "text", ["", "   ", "{", "[[[[", "<", "<html>", "\n\n", "[" * 100_000, '{"a":' * 50_000]
)
def test_nothing_or_nonsense_reads_as_nothing_without_failing(text):
    posting = read_posting(text)
    assert posting.salary_min is None


# --- Shares -----------------------------------------------------------------------------


def test_share_with_title_text_and_url():
    posting = from_share(
        title="Senior Engineer - Acme | Indeed",
        text="Pay: $45–55 an hour. Hybrid in Austin.",
        url="https://www.indeed.com/viewjob?jk=1",
    )
    assert (posting.role, posting.company, posting.source) == ("Senior Engineer", "Acme", "Indeed")
    assert posting.posting_url == "https://www.indeed.com/viewjob?jk=1"
    assert posting.description == "Pay: $45–55 an hour. Hybrid in Austin."
    assert (posting.salary_min, posting.salary_max, posting.salary_unit) == (45, 55, "HOUR")
    assert posting.work_mode == "hybrid"


def test_share_with_the_link_in_the_text():
    posting = from_share(
        text="Check out this job at Acme: Senior Engineer https://www.linkedin.com/jobs/view/123"
    )
    assert (posting.role, posting.company) == ("Senior Engineer", "Acme")
    assert posting.posting_url == "https://www.linkedin.com/jobs/view/123"
    assert posting.description == ""


def test_share_with_a_link_only():
    posting = from_share(url="https://jobs.example.com/7")
    assert posting.posting_url == "https://jobs.example.com/7"
    assert posting.role == posting.company == ""


def test_share_url_that_is_not_a_web_address_is_dropped():
    assert from_share(title="X at Y", url="javascript:alert(1)").posting_url == ""


# --- Into the form ----------------------------------------------------------------------


def test_yearly_pay_fills_the_salary_fields():
    initial, hints = prefill(
        from_json_ld(
            posting_node(
                title="X",
                baseSalary={
                    "currency": "EUR",
                    "value": {"minValue": 60000, "maxValue": 70000, "unitText": "YEAR"},
                },
            )
        )
    )
    assert (initial["salary_min"], initial["salary_max"], initial["currency"]) == (
        60000,
        70000,
        "EUR",
    )
    assert hints == [] and "notes" not in initial


@pytest.mark.parametrize(
    ("unit", "words"),
    [("HOUR", "an hour"), ("DAY", "a day"), ("WEEK", "a week"), ("MONTH", "a month")],
)
def test_pay_by_a_shorter_period_is_never_read_as_yearly(unit, words):
    initial, hints = prefill(
        from_json_ld(
            posting_node(
                title="X",
                baseSalary={
                    "currency": "USD",
                    "value": {"minValue": 2000, "maxValue": 2500, "unitText": unit},
                },
            )
        )
    )
    assert "salary_min" not in initial and "salary_max" not in initial
    assert initial["notes"] == f"Pay in the posting: 2,000–2,500 USD {words}."
    assert any("not as a yearly salary" in hint for hint in hints)


def test_pay_without_a_period_is_filled_in_with_a_hint_to_check():
    initial, hints = prefill(read_posting("Engineer at Acme\n€70,000–85,000"))
    assert (initial["salary_min"], initial["salary_max"]) == (70000, 85000)
    assert hints == [
        "The posting gives 70,000–85,000 EUR without saying per what: "
        "read as a year's salary. Check it."
    ]


def test_a_small_amount_without_a_period_goes_to_the_notes():
    initial, _ = prefill(read_posting("Engineer at Acme\nPay: $45"))
    assert "salary_min" not in initial
    assert "Pay in the posting: 45 USD (period not given)." in initial["notes"]


def test_prefill_cuts_values_to_the_fields_lengths():
    posting = from_json_ld(
        posting_node(title="R" * 500, hiringOrganization="C" * 500, description="d" * 60_000)
    )
    initial, _ = prefill(posting)
    assert len(initial["role"]) == 200 and len(initial["company"]) == 200
    assert len(initial["job_description"]) == 50_000


def test_hourly_pay_keeps_its_cents_in_the_notes():
    initial, _ = prefill(
        from_json_ld(
            posting_node(
                title="X",
                baseSalary={
                    "currency": "EUR",
                    "value": {"minValue": 14.5, "maxValue": 16, "unitText": "HOUR"},
                },
            )
        )
    )
    assert initial["notes"] == "Pay in the posting: 14.50–16 EUR an hour."
    initial, _ = prefill(read_posting("Barista at Café Nord. 13.75 € pro Stunde."))
    assert "Pay in the posting: 13.75 EUR an hour." in initial["notes"]

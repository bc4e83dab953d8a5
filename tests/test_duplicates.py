"""Adding an application you already have: warned, linked to it, and still allowed."""

import pytest

from interviews.duplicates import find_duplicates, normalise_url
from interviews.models import Application, normalise_name

BASE = "https://jobs.example.com/postings/123"


@pytest.mark.parametrize(
    "variant",
    [
        BASE,
        BASE + "/",
        "HTTPS://Jobs.Example.COM/postings/123",
        "http://jobs.example.com/postings/123",
        "https://jobs.example.com:443/postings/123/",
        BASE + "?utm_source=linkedin&utm_medium=social&utm_campaign=x",
        BASE + "/?gclid=abc&fbclid=def",
        BASE + "?ref=hn",
        BASE + "?UTM_Source=news#apply",
        "  " + BASE + "  ",
    ],
)
def test_same_posting_in_other_clothes(variant):
    assert normalise_url(variant) == normalise_url(BASE) == "jobs.example.com/postings/123"


@pytest.mark.parametrize(
    "other",
    [
        "https://jobs.example.com/postings/124",
        "https://jobs.example.com/Postings/123",  # paths are case-sensitive
        "https://example.com/postings/123",
        "https://jobs.example.com:8443/postings/123",
        BASE + "?id=7",
    ],
)
def test_different_postings_stay_different(other):
    assert normalise_url(other) != normalise_url(BASE)


def test_meaningful_query_parameters_are_kept_in_any_order():
    a = normalise_url("https://www.indeed.com/viewjob?jk=abc&from=serp&utm_source=x")
    b = normalise_url("https://www.indeed.com/viewjob?from=serp&jk=abc")
    assert a == b == "www.indeed.com/viewjob?from=serp&jk=abc"
    assert normalise_url("https://www.indeed.com/viewjob?jk=abd") != a


def test_empty_and_odd_urls():
    assert normalise_url("") == ""
    assert normalise_url(None) == ""
    assert normalise_url("http://[::1") == "http://[::1"  # unparseable: compared as typed


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme Corp", "acme corp"),
        ("  Acme   Corp ", "ACME CORP"),
        ("Acme\tCorp", "Acme Corp"),
        ("Acme\xa0Corp", "acme corp"),
        ("Straße", "STRASSE"),
    ],
)
def test_names_ignore_case_and_spacing(a, b):
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.django_db
class TestFindDuplicates:
    def test_same_url_or_same_company_and_role(self, alice, bob, make_application):
        by_url = make_application(alice, company="Acme", role="Baker", posting_url=BASE + "/")
        by_name = make_application(alice, company="  Northwind   Traders", role="Data  Engineer")
        make_application(alice, company="Northwind Traders", role="Data Analyst")
        make_application(bob, company="Acme", role="Cook", posting_url=BASE)
        found = find_duplicates(alice, company="Other", role="Other", posting_url=BASE + "?ref=x")
        assert found == [(by_url, "the same posting link")]
        found = find_duplicates(alice, company="northwind traders", role="DATA ENGINEER")
        assert found == [(by_name, "the same company and role")]
        assert find_duplicates(alice, company="Northwind Traders", role="Data Scientist") == []
        assert find_duplicates(alice, company="", role="", posting_url="") == []

    def test_company_with_odd_whitespace_in_the_database(self, alice, make_application):
        stored = make_application(alice, company="Acme\xa0Corp", role="Baker\tChef")
        found = find_duplicates(alice, company="acme corp", role="baker chef")
        assert found == [(stored, "the same company and role")]

    def test_one_query(self, alice, make_application, django_assert_num_queries):
        Application.objects.bulk_create(
            Application(
                owner=alice,
                company=f"Company {n}",
                role="Engineer",
                posting_url=f"https://jobs.example.com/{n}",
            )
            for n in range(1000)
        )
        with django_assert_num_queries(1):
            found = find_duplicates(
                alice,
                company="company 7",
                role="engineer",
                posting_url="https://jobs.example.com/999?utm_source=x",
            )
        assert sorted(a.company for a, _ in found) == ["Company 7", "Company 999"]


FORM = {
    "company": "Northwind",
    "role": "Data Engineer",
    "status": "applied",
    "posting_url": "https://Jobs.Example.com/postings/123/?utm_source=linkedin",
    "currency": "USD",
}


@pytest.mark.django_db
def test_adding_a_duplicate_warns_and_links_to_it(alice_client, alice, make_application):
    existing = make_application(alice, company="Northwind", role="Analyst", posting_url=BASE)
    response = alice_client.post("/applications/new/", FORM)
    assert response.status_code == 200
    page = response.content.decode()
    assert "You may already have this application." in page
    assert f'<a href="/applications/{existing.pk}/">Analyst at Northwind</a>' in page
    assert "has the same posting link" in page
    assert 'name="save_anyway"' in page
    assert 'value="Data Engineer"' in page  # what was typed is kept
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_save_anyway_adds_it(alice_client, alice, make_application):
    make_application(alice, company="northwind ", role="data  engineer")
    response = alice_client.post("/applications/new/", {**FORM, "save_anyway": "1"})
    assert response.status_code == 302
    assert Application.objects.filter(owner=alice).count() == 2


@pytest.mark.django_db
def test_no_warning_for_a_new_posting_or_another_users(alice_client, bob, make_application):
    make_application(bob, company="Northwind", role="Data Engineer", posting_url=BASE)
    response = alice_client.post("/applications/new/", FORM)
    assert response.status_code == 302
    assert Application.objects.count() == 2


@pytest.mark.django_db
def test_editing_does_not_warn_about_itself(alice_client, alice, make_application):
    app = make_application(alice, company="Northwind", role="Data Engineer", posting_url=BASE)
    response = alice_client.post(f"/applications/{app.pk}/edit/", {**FORM, "notes": "edited"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_other_errors_come_before_the_duplicate_check(alice_client, alice, make_application):
    make_application(alice, company="Northwind", role="Data Engineer")
    response = alice_client.post("/applications/new/", {**FORM, "salary_min": "-1"})
    page = response.content.decode()
    assert "Please fix the problems marked below. Nothing was saved." in page
    assert "You may already have this application." not in page

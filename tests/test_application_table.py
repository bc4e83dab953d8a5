"""The application list as a sortable, filterable table, and its bulk actions."""

from datetime import date
from http.cookies import SimpleCookie

import pytest
from django.test import Client

from interviews.models import Application, Interview, StatusChange, Tag
from tests.concurrency import at_once
from tests.postgres import requires_postgres

pytestmark = pytest.mark.django_db


def names(response):
    assert response.status_code == 200
    return [a.company for a in response.context["page"].object_list]


def page_text(response):
    return response.content.decode()


@pytest.fixture
def rows(alice, bob, make_application):
    """Four of Alice's applications that sort differently on every column, and Bob's."""
    made = {
        "Acme": make_application(
            alice,
            company="acme",
            role="Zookeeper",
            status="offer",
            applied_on=date(2026, 3, 1),
            next_action_on=date(2026, 4, 2),
            salary_min=50_000,
            priority=2,
            work_mode="remote",
            source="LinkedIn",
        ),
        "Borealis": make_application(
            alice,
            company="Borealis",
            role="analyst",
            status="wishlist",
            applied_on=date(2026, 1, 15),
            salary_min=70_000,
            salary_max=90_000,
            priority=5,
            work_mode="hybrid",
            source="Referral",
        ),
        "Copper": make_application(
            alice,
            company="Copper",
            role="Manager",
            status="rejected",
            applied_on=None,
            next_action_on=date(2026, 3, 30),
            priority=None,
            source="linkedin",
        ),
        "Delta": make_application(
            alice,
            company="Delta",
            role="Baker",
            status="applied",
            applied_on=date(2026, 2, 10),
            salary_max=60_000,
            priority=4,
            work_mode="remote",
        ),
    }
    made["Acme"].set_tags(["Remote", "dream job"])
    made["Borealis"].set_tags(["dream job"])
    made["Delta"].set_tags(["remote"])
    bobs = make_application(bob, company="Bob's", role="Baker", priority=5, work_mode="remote")
    bobs.set_tags(["remote"])
    # Last change: Delta, Copper, Borealis, Acme (newest first).
    for n, name in enumerate(["Acme", "Borealis", "Copper", "Delta"]):
        Application.objects.filter(pk=made[name].pk).update(
            updated_at=f"2026-05-0{n + 1}T12:00:00Z"
        )
    return made


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Delta", "Copper", "Borealis", "acme"]),
        ("company", ["acme", "Borealis", "Copper", "Delta"]),  # ignoring case
        ("-company", ["Delta", "Copper", "Borealis", "acme"]),
        ("role", ["Borealis", "Delta", "Copper", "acme"]),
        ("status", ["Borealis", "Delta", "acme", "Copper"]),  # the pipeline's order
        ("-status", ["Copper", "acme", "Delta", "Borealis"]),
        ("applied_on", ["Borealis", "Delta", "acme", "Copper"]),  # no date: last
        ("-applied_on", ["acme", "Delta", "Borealis", "Copper"]),  # last either way
        ("next_action_on", ["Copper", "acme", "Borealis", "Delta"]),  # then by age
        ("salary", ["acme", "Delta", "Borealis", "Copper"]),  # 50k, 60k, 90k, none
        ("-salary", ["Borealis", "Delta", "acme", "Copper"]),
        ("priority", ["acme", "Delta", "Borealis", "Copper"]),
        ("-priority", ["Borealis", "Delta", "acme", "Copper"]),
        ("updated_at", ["acme", "Borealis", "Copper", "Delta"]),
        ("-updated_at", ["Delta", "Copper", "Borealis", "acme"]),
    ],
)
def test_the_list_sorts_by_each_column(alice_client, rows, sort, expected):
    response = alice_client.get(f"/applications/?sort={sort}")
    assert names(response) == expected
    assert "not a way to sort" not in page_text(response)


@pytest.mark.parametrize("sort", ["shoe_size", "-owner", "--company", "company,role", "id"])
def test_an_unknown_sort_is_the_default_sort_with_a_word(alice_client, rows, sort):
    response = alice_client.get("/applications/", {"sort": sort})
    assert names(response) == ["Delta", "Copper", "Borealis", "acme"]
    assert "is not a way to sort the list; sorted by last change" in page_text(response)


def test_a_column_heading_sorts_and_turns_the_sort_round(alice_client, rows):
    text = page_text(alice_client.get("/applications/?status=open&sort=company"))
    assert '<th scope="col" aria-sort="ascending"><a href="?status=open&amp;sort=-company">' in (
        text
    )
    # Another column's first click: dates newest first, names A to Z; the filter stays.
    assert 'href="?status=open&amp;sort=-applied_on"' in text
    assert 'href="?status=open&amp;sort=role"' in text
    assert page_text(alice_client.get("/applications/")).count('aria-sort="descending"') == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag=remote", ["Delta", "acme"]),
        ("tag=REMOTE", ["Delta", "acme"]),  # a tag's name in any case
        ("tag=dream+job", ["Borealis", "acme"]),
        ("tag=nothing", []),
        ("priority=5", ["Borealis"]),
        ("priority=4&tag=remote", ["Delta"]),
        ("work_mode=remote", ["Delta", "acme"]),
        ("source=linkedin", ["Copper", "acme"]),  # in any case
        ("from=2026-02-01", ["Delta", "acme"]),
        ("to=2026-02-10", ["Delta", "Borealis"]),
        ("from=2026-02-01&to=2026-02-28", ["Delta"]),
        ("status=open&sort=company", ["acme", "Borealis", "Delta"]),
        ("status=closed", ["Copper"]),
        ("q=ACME&tag=remote", ["acme"]),
    ],
)
def test_the_list_filters(alice_client, rows, query, expected):
    assert names(alice_client.get(f"/applications/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("priority=abc", "“abc” is not a priority (1 to 5); showing every priority."),
        ("priority=9", "“9” is not a priority (1 to 5); showing every priority."),
        ("work_mode=moon", "“moon” is not a work mode"),
        ("from=someday", "“someday” is not a date from 1900 to 2100"),
        ("to=9999-12-31", "“9999-12-31” is not a date from 1900 to 2100"),
        ("status=bogus", "“bogus” is not a status; showing every status."),
    ],
)
def test_a_bad_filter_value_is_cleared_with_a_word(alice_client, rows, query, message):
    response = alice_client.get(f"/applications/?{query}")
    assert sorted(names(response)) == ["Borealis", "Copper", "Delta", "acme"]
    assert message in page_text(response)


def test_filters_keep_each_other_and_the_sort_across_pages(alice_client, alice, make_application):
    for n in range(30):
        make_application(alice, company=f"Co {n:02}", priority=3, work_mode="remote")
    make_application(alice, company="Other", priority=1)
    first = alice_client.get("/applications/?priority=3&sort=company")
    assert len(names(first)) == 25
    assert 'href="?priority=3&amp;sort=company&amp;page=2"' in page_text(first)
    second = alice_client.get("/applications/?priority=3&sort=company&page=2")
    assert names(second) == [f"Co {n}" for n in range(25, 30)]


def test_the_old_addresses_still_work(alice_client, rows):
    Application.objects.filter(pk=rows["Delta"].pk).update(resume_version="v2")
    assert names(alice_client.get("/applications/?resume=v2")) == ["Delta"]
    assert names(alice_client.get("/applications/?status=open")) == ["Delta", "Borealis", "acme"]
    assert names(alice_client.get("/applications/?q=borealis")) == ["Borealis"]


def test_any_resume_keeps_the_other_filters_and_the_sort(alice_client, rows):
    Application.objects.filter(pk=rows["Delta"].pk).update(resume_version="v2")
    text = page_text(alice_client.get("/applications/?resume=v2&priority=5&sort=company&q=d"))
    assert 'href="?q=d&amp;priority=5&amp;sort=company">any résumé</a>' in text


def selected_options(text, name):
    select = text.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]
    return [
        part.split('"', 1)[0]
        for part in select.split('<option value="')[1:]
        if part.split(">", 1)[0].endswith(" selected")
    ]


def test_a_filter_spelled_in_another_case_selects_one_option(alice_client, alice, rows):
    Application.objects.create(owner=alice, company="Eta", role="R", source="linkedin")
    text = page_text(alice_client.get("/applications/?source=LINKEDIN&tag=DREAM%20JOB"))
    assert selected_options(text, "source") == ["LinkedIn"]
    assert selected_options(text, "tag") == ["dream job"]
    # Each source once, whatever its case; a bookmark's source the user no longer has
    # still shows as chosen.
    assert text.count('<option value="linkedin"') + text.count('<option value="LinkedIn"') == 1
    text = page_text(alice_client.get("/applications/?source=Old%20board"))
    assert selected_options(text, "source") == ["Old board"]


def test_another_users_tags_and_sources_are_not_offered(alice_client, rows, bob):
    Application.objects.create(owner=bob, company="B2", role="R", source="Bob's board")
    Tag.objects.named(bob, ["bob only"])
    text = page_text(alice_client.get("/applications/"))
    assert "bob only" not in text and "Bob&#x27;s board" not in text
    assert '<option value="dream job">dream job</option>' in text
    assert '<option value="LinkedIn">LinkedIn</option>' in text


def test_the_list_query_count_is_fixed_with_many_rows_and_tags(
    alice, alice_client, make_application, django_assert_max_num_queries
):
    for n in range(120):
        application = make_application(
            alice, priority=n % 5 + 1, source=f"Board {n % 9}", work_mode="remote"
        )
        application.set_tags([f"t{n % 30}", f"u{n % 7}", "all"])
    # session, user, count, the page's rows, their tags, the tags and sources offered
    for query in ("", "?sort=-priority", "?tag=all&sort=company", "?priority=3&source=board+1"):
        with django_assert_max_num_queries(7):
            response = alice_client.get(f"/applications/{query}")
        assert response.status_code == 200
    assert names(alice_client.get("/applications/?tag=all")).__len__() == 25
    # Each row shows its own tags, in their order.
    page = alice_client.get("/applications/").content.decode()
    assert page.count('<a class="tag" href="?tag=all">all</a> ') == 25
    newest = '<a class="tag" href="?tag=all">all</a> <a class="tag" href="?tag=t29">t29</a> '
    assert f'<td class="tags">{newest}<a class="tag" href="?tag=u0">u0</a> </td>' in page


# Bulk actions


def bulk(client, ids, follow=True, **fields):
    return client.post(
        "/applications/bulk/",
        {"ids": [str(pk) for pk in ids], "next": "/applications/?sort=company", **fields},
        follow=follow,
    )


def statuses(*applications):
    return [Application.objects.get(pk=a.pk).status for a in applications]


def test_bulk_status_moves_each_with_a_timeline_entry(alice_client, rows):
    chosen = [rows["Acme"], rows["Borealis"], rows["Delta"]]
    response = bulk(alice_client, [a.pk for a in chosen], action="status", status="offer")
    assert response.redirect_chain == [("/applications/?sort=company", 302)]
    text = page_text(response)
    assert "Moved 2 applications to Offer." in text
    assert "1 was already Offer." in text
    assert statuses(*chosen) == ["offer", "offer", "offer"]
    assert statuses(rows["Copper"]) == ["rejected"]
    moves = StatusChange.objects.moves().filter(to_status="offer").exclude(from_status="")
    assert sorted(moves.values_list("from_status", flat=True)) == ["applied", "wishlist"]


def test_bulk_no_response_notes_the_silence_as_the_board_does(alice_client, rows):
    bulk(alice_client, [rows["Delta"].pk], action="status", status="no_response")
    change = StatusChange.objects.filter(application=rows["Delta"]).last()
    assert change.note.startswith("No answer for ")


def test_bulk_add_and_remove_a_tag(alice_client, alice, rows):
    ids = [rows["Acme"].pk, rows["Copper"].pk]
    text = page_text(bulk(alice_client, ids, action="add_tag", tag="  dream   JOB "))
    assert "Tagged 1 application “dream job”." in text
    assert "1 already had the tag “dream job”." in text
    assert Tag.objects.get(owner=alice, key="dream job").applications.count() == 3
    text = page_text(bulk(alice_client, ids, action="add_tag", tag="Urgent"))
    assert "Tagged 2 applications “Urgent”." in text
    text = page_text(bulk(alice_client, ids, action="remove_tag", tag="urgent"))
    assert "Removed the tag “Urgent” from 2 applications." in text
    assert not Tag.objects.filter(owner=alice, key="urgent").exists()  # on nothing now
    text = page_text(bulk(alice_client, ids, action="remove_tag", tag="never"))
    assert "None of the selected applications has the tag “never”." in text


def test_bulk_tagging_stops_at_the_most_tags(alice_client, alice, make_application):
    full = make_application(alice)
    full.set_tags([f"t{n}" for n in range(20)])
    text = page_text(bulk(alice_client, [full.pk], action="add_tag", tag="one more"))
    assert "already has 20 tags" in text
    assert full.tags.count() == 20


def test_bulk_delete_asks_first_naming_the_count(alice_client, rows, make_interview):
    make_interview(rows["Acme"])
    ids = [rows["Acme"].pk, rows["Borealis"].pk]
    response = bulk(alice_client, ids, follow=False, action="delete")
    assert response.status_code == 200
    text = page_text(response)
    assert "Delete 2 applications?" in text
    assert "with 1 interview and their checklists" in text
    assert Application.objects.filter(pk__in=ids).count() == 2  # nothing yet
    response = bulk(alice_client, ids, action="delete", confirmed="1")
    assert "Deleted 2 applications and their interviews." in page_text(response)
    assert not Application.objects.filter(pk__in=ids).exists()
    assert not Interview.objects.filter(application_id__in=ids).exists()
    assert not Tag.objects.filter(key="dream job").exists()  # was on those two only
    assert Application.objects.filter(pk=rows["Copper"].pk).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "status", "status": "offer"},
        {"action": "add_tag", "tag": "mine"},
        {"action": "remove_tag", "tag": "remote"},
        {"action": "delete", "confirmed": "1"},
    ],
)
def test_another_users_ids_are_refused_and_nothing_changes(alice_client, alice, bob, rows, fields):
    bobs = Application.objects.get(owner=bob)
    before = (
        list(Application.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        list(
            Tag.applications.through.objects.order_by("pk").values_list("tag_id", "application_id")
        ),
    )
    response = bulk(alice_client, [rows["Acme"].pk, bobs.pk], **fields)
    assert "Nothing was changed: One of the selected applications no longer exists." in (
        page_text(response)
    )
    after = (
        list(Application.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        list(
            Tag.applications.through.objects.order_by("pk").values_list("tag_id", "application_id")
        ),
    )
    assert after == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ids": [], "action": "status", "status": "offer"}, "Select at least one application"),
        ({"action": "status", "status": "hired"}, "Select a valid choice. hired is not one"),
        ({"action": "status"}, "Choose the new status."),
        ({"action": "fly"}, "Select a valid choice. fly is not one"),
        ({"action": "add_tag", "tag": ""}, "A tag needs a name."),
        ({"action": "add_tag", "tag": "a,b"}, "cannot hold a comma"),
        ({"ids": ["abc"], "action": "delete"}, "no longer exists"),
        ({"ids": [str(2**63)], "action": "delete"}, "no longer exists"),
        ({"ids": [str(n) for n in range(501)], "action": "delete"}, "at most 500 applications"),
    ],
)
def test_bad_bulk_input_is_explained_and_nothing_changes(alice_client, rows, fields, message):
    fields = {"ids": [rows["Acme"].pk], **fields}
    before = list(Application.objects.values_list("pk", "status", "updated_at"))
    response = alice_client.post(
        "/applications/bulk/", {"next": "/applications/", **fields}, follow=True
    )
    assert message in page_text(response)
    assert list(Application.objects.values_list("pk", "status", "updated_at")) == before


def test_bulk_is_post_only_and_never_redirects_elsewhere(alice_client, rows, client):
    assert alice_client.get("/applications/bulk/").status_code == 405
    response = alice_client.post(
        "/applications/bulk/",
        {
            "ids": [rows["Acme"].pk],
            "action": "status",
            "status": "offer",
            "next": "//evil.example/",
        },
    )
    assert response.url == "/applications/"
    anonymous = client.post("/applications/bulk/", {"ids": [rows["Acme"].pk], "action": "delete"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    assert statuses(rows["Acme"]) == ["offer"]


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_one_bulk_move_sent_four_times_at_once_moves_each_once(alice, make_application):
    """A double tap with several app servers: each application joins its timeline once."""
    chosen = [make_application(alice, company=f"Co {n}") for n in range(3)]
    first = Client()
    first.force_login(alice)
    clients = [first] + [Client() for _ in range(3)]
    for client in clients[1:]:
        client.cookies = SimpleCookie(first.cookies.output(header=""))
    at_once(clients, lambda c: bulk(c, [a.pk for a in chosen], action="status", status="offer"))
    for application in chosen:
        assert list(application.status_changes.values_list("from_status", "to_status")) == [
            ("", "applied"),
            ("applied", "offer"),
        ]

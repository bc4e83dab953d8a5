"""Tags and priority: the form, the application's page, the CSV export and import."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from interviews.models import Application, Tag
from interviews.tags import check_names, parse_tags, tag_key
from tests.test_import_csv import confirm as confirm_as_shown

pytestmark = pytest.mark.django_db


def form_data(**fields):
    data = {"company": "Northwind", "role": "Data Engineer", "status": "applied"}
    data["currency"] = "EUR"
    return {**data, **fields}


def tags_of(application):
    return sorted(tag.name for tag in application.tags.all())


def test_tags_and_priority_from_the_form(alice_client, alice):
    response = alice_client.post(
        "/applications/new/", form_data(tags=" remote,  Dream   job , REMOTE,", priority="4")
    )
    assert response.status_code == 302
    application = Application.objects.get(owner=alice)
    assert application.priority == 4
    assert tags_of(application) == ["Dream job", "remote"]
    page = alice_client.get(application.get_absolute_url()).content.decode()
    assert "4 of 5" in page
    assert 'href="/applications/?tag=Dream%20job"' in page
    edit = alice_client.get(f"/applications/{application.pk}/edit/").content.decode()
    assert 'value="Dream job, remote"' in edit
    assert '<option value="4" selected>4</option>' in edit


def test_a_tag_is_the_users_own_and_one_per_name_in_any_case(alice_client, alice, bob):
    other = Application.objects.create(owner=bob, company="B", role="R")
    other.set_tags(["Remote"])
    alice_client.post("/applications/new/", form_data(tags="Remote"))
    alice_client.post("/applications/new/", form_data(company="Quarry", tags="REMOTE, Straße"))
    assert Tag.objects.filter(owner=alice).count() == 2
    assert Tag.objects.filter(owner=bob).count() == 1
    quarry = Application.objects.get(owner=alice, company="Quarry")
    assert tags_of(quarry) == ["Remote", "Straße"]  # the existing spelling
    assert {t.owner_id for t in quarry.tags.all()} == {alice.pk}


def test_removing_a_tag_from_its_last_application_drops_it(alice_client, alice):
    alice_client.post("/applications/new/", form_data(tags="remote, later"))
    application = Application.objects.get(owner=alice)
    alice_client.post(f"/applications/{application.pk}/edit/", form_data(tags="remote"))
    assert list(Tag.objects.filter(owner=alice).values_list("name", flat=True)) == ["remote"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"priority": "6"}, "Select a valid choice. 6 is not one of the available choices."),
        ({"priority": "abc"}, "Select a valid choice."),
        ({"tags": "x" * 41}, "is longer than 40 characters"),
        ({"tags": ",".join(f"t{n}" for n in range(21))}, "At most 20 tags on one application"),
    ],
)
def test_bad_tags_or_priority_are_explained_and_nothing_stored(alice_client, fields, message):
    response = alice_client.post("/applications/new/", form_data(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()
    assert not Tag.objects.exists()


def test_parse_tags():
    assert parse_tags("") == []
    assert parse_tags(" , ,") == []
    assert parse_tags("a, b ,A,  c  d ") == ["a", "b", "c d"]
    assert parse_tags("x" * 40) == ["x" * 40]
    with pytest.raises(ValidationError):
        parse_tags("x" * 41)
    with pytest.raises(ValidationError):
        check_names(["a,b"])
    with pytest.raises(ValidationError):
        check_names([""])
    with pytest.raises(ValidationError, match="control characters"):
        parse_tags("bad\x01tag")
    assert tag_key("Straße  Köln") == tag_key("STRASSE köln")


def upload(client, text):
    return client.post("/import/", {"file": SimpleUploadedFile("a.csv", text.encode(), "text/csv")})


def confirm(client, user, mode="valid"):
    """Confirm the preview as its form sends it (its column mapping included)."""
    return confirm_as_shown(client, mode=mode)


def test_tags_and_priority_round_trip_through_the_csv(alice_client, alice, bob, bob_client):
    north = Application.objects.create(owner=alice, company="Northwind", role="R", priority=5)
    north.set_tags(["Dream job", "remote"])
    quarry = Application.objects.create(owner=alice, company="Quarry", role="R")
    quarry.set_tags(["Remote"])
    Application.objects.create(owner=alice, company="Plain", role="R")
    exported = alice_client.get("/export/applications.csv").content.decode("utf-8-sig")
    assert ',5,"Dream job, remote",' in exported
    upload(bob_client, exported)
    assert "3 ready" in bob_client.get("/import/preview/").content.decode()
    confirm(bob_client, bob)
    imported = {
        a.company: (a.priority, tags_of(a))
        for a in Application.objects.filter(owner=bob).prefetch_related("tags")
    }
    assert imported == {
        "Northwind": (5, ["Dream job", "remote"]),
        "Quarry": (None, ["remote"]),
        "Plain": (None, []),
    }
    assert Tag.objects.filter(owner=bob).count() == 2


def test_bad_tags_or_priority_in_a_csv_are_problems_on_their_line(alice_client, alice):
    upload(
        alice_client,
        "Company,Role,Priority,Tags\nA,R,9,\nB,R,high,\nC,R,2," + "x" * 41 + "\nD,R,1,ok\n",
    )
    text = alice_client.get("/import/preview/").content.decode()
    assert "Priority “9” is not a number from 1 to 5." in text
    assert "Priority “high” is not a number from 1 to 5." in text
    assert "is longer than 40 characters" in text
    confirm(alice_client, alice)
    [imported] = Application.objects.filter(owner=alice)
    assert (imported.company, imported.priority, tags_of(imported)) == ("D", 1, ["ok"])


def test_board_cards_show_tags_and_priority_in_a_fixed_number_of_queries(
    alice, alice_client, django_assert_max_num_queries
):
    for n in range(60):
        application = Application.objects.create(
            owner=alice, company=f"Company {n}", role="R", priority=n % 5 + 1
        )
        application.set_tags([f"tag {n % 7}", "shared"])
    # session, user, counts per status, the cards, their tags
    with django_assert_max_num_queries(5):
        response = alice_client.get("/board/")
    page = response.content.decode()
    assert page.count('<span class="tag">shared</span>') == 25  # the column's 25 cards
    assert '<span aria-hidden="true">P5</span><span class="visually-hidden">priority 5 of 5' in page

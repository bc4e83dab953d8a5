"""The tags page: each tag with its count, rename, merge by renaming, delete."""

import pytest

from interviews.models import Application, Tag

pytestmark = pytest.mark.django_db


def page_text(response):
    return response.content.decode()


@pytest.fixture
def tagged(alice, make_application):
    """Alice's tags: “remote” on two applications, “Dream job” on one, “Remote-first” on
    one that also carries “remote”."""
    a = make_application(alice, company="Acme")
    b = make_application(alice, company="Borealis")
    c = make_application(alice, company="Corvid")
    tags = {t.name: t for t in Tag.objects.named(alice, ["remote", "Dream job", "Remote-first"])}
    tags["remote"].applications.add(a, b)
    tags["Dream job"].applications.add(c)
    tags["Remote-first"].applications.add(a, c)
    return {"apps": (a, b, c), **tags}


def test_the_page_lists_each_tag_with_its_count_and_a_link_to_its_applications(
    alice_client, tagged
):
    text = page_text(alice_client.get("/tags/"))
    assert "3 tags." in text
    assert '<a href="/applications/?tag=Dream%20job"><span class="tag">Dream job</span></a>' in text
    assert '<span class="meta">2 applications</span>' in text
    assert '<span class="meta">1 application</span>' in text
    assert '<label for="tag-name-' in text


def test_no_tags_yet_says_what_tags_are(alice_client):
    text = page_text(alice_client.get("/tags/"))
    assert "No tags yet" in text


def test_rename_keeps_the_applications(alice_client, tagged):
    tag = tagged["Dream job"]
    response = alice_client.post(f"/tags/{tag.pk}/rename/", {"name": "  Dream   JOB!  "})
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.key) == ("Dream JOB!", "dream job!")
    assert list(tag.applications.all()) == [tagged["apps"][2]]
    text = page_text(alice_client.get(response.url))
    assert "Renamed “Dream job” to “Dream JOB!”." in text


def test_renaming_to_another_tags_name_merges_the_two(alice_client, alice, tagged):
    first = tagged["Remote-first"]
    # Asked first: merging cannot be undone.
    text = page_text(alice_client.post(f"/tags/{first.pk}/rename/", {"name": "REMOTE"}))
    assert "Merge “Remote-first” into “remote”?" in text
    assert "puts it on the 2 applications tagged <strong>Remote-first</strong>" in text
    assert Tag.objects.filter(pk=first.pk).exists()
    response = alice_client.post(f"/tags/{first.pk}/rename/", {"name": "REMOTE", "merge": "1"})
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=first.pk).exists()
    remote = tagged["remote"]
    # Acme carried both: it keeps one link; Corvid joins.
    assert sorted(remote.applications.values_list("company", flat=True)) == [
        "Acme",
        "Borealis",
        "Corvid",
    ]
    assert sorted(Tag.objects.for_user(alice).values_list("name", flat=True)) == [
        "Dream job",
        "remote",
    ]
    text = page_text(alice_client.get(response.url))
    assert "Merged “Remote-first” into “remote”, which 3 applications now carry." in text


def test_a_new_spelling_of_the_same_name_is_a_rename_not_a_merge(alice_client, tagged):
    remote = tagged["remote"]
    alice_client.post(f"/tags/{remote.pk}/rename/", {"name": "Remote"})
    remote.refresh_from_db()
    assert remote.name == "Remote"
    assert remote.applications.count() == 2


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "A tag needs a name."),
        ("a, b", "a tag&#x27;s name cannot hold a comma."),
        ("x" * 41, "is longer than 40 characters"),
        # Refused before the view, as everywhere: the middleware's word for it.
        ("bad\x07bell", "holds a control character"),
    ],
)
def test_a_bad_name_is_explained_beside_its_tag_and_nothing_changes(
    alice_client, tagged, name, message
):
    tag = tagged["Dream job"]
    response = alice_client.post(f"/tags/{tag.pk}/rename/", {"name": name})
    assert response.status_code == 400
    text = page_text(response)
    assert message in text
    if "control" not in message:
        assert f'id="tag-problem-{tag.pk}"' in text
    tag.refresh_from_db()
    assert tag.name == "Dream job"


def test_delete_asks_first_naming_the_count_then_keeps_the_applications(alice_client, tagged):
    remote = tagged["remote"]
    text = page_text(alice_client.get(f"/tags/{remote.pk}/delete/"))
    assert "Delete this tag?" in text
    assert "<strong>remote</strong> will be taken off 2 applications and deleted." in text
    assert Tag.objects.filter(pk=remote.pk).exists()
    response = alice_client.post(f"/tags/{remote.pk}/delete/")
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=remote.pk).exists()
    assert Application.objects.filter(pk__in=[a.pk for a in tagged["apps"]]).count() == 3
    assert "Deleted the tag “remote”; the applications stay." in page_text(
        alice_client.get(response.url)
    )


@pytest.mark.parametrize("action", ["rename", "delete"])
def test_another_users_tag_is_404_and_stays(bob_client, tagged, action):
    tag = tagged["remote"]
    assert bob_client.post(f"/tags/{tag.pk}/{action}/", {"name": "mine"}).status_code == 404
    tag.refresh_from_db()
    assert tag.name == "remote"


@pytest.mark.parametrize("address", ["/tags/", "/tags/1/delete/"])
def test_anonymous_visitors_are_sent_to_log_in(client, address):
    response = client.get(address)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_rename_is_post_only(alice_client, tagged):
    assert alice_client.get(f"/tags/{tagged['remote'].pk}/rename/").status_code == 405


def test_other_methods_are_refused_and_change_nothing(alice_client, tagged):
    remote = tagged["remote"]
    assert alice_client.post("/tags/").status_code == 405
    assert alice_client.delete(f"/tags/{remote.pk}/delete/").status_code == 405
    assert alice_client.put(f"/tags/{remote.pk}/delete/").status_code == 405
    remote.refresh_from_db()


def test_the_tags_page_costs_the_same_queries_with_many_tags(
    alice_client, alice, make_application, django_assert_max_num_queries
):
    apps = [make_application(alice, company=f"C{n}") for n in range(30)]
    for tag in Tag.objects.named(alice, [f"tag {n}" for n in range(60)]):
        tag.applications.add(*apps[:5])
    with django_assert_max_num_queries(5):
        response = alice_client.get("/tags/")
    assert page_text(response).count('class="tag-row"') == 50  # one page

"""The full JSON export, and its restore: export → import → export gives the same document."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from interviews import json_archive
from interviews.models import (
    Application,
    ChecklistAnswer,
    Contact,
    Dealbreaker,
    Decision,
    Interview,
    ScriptTemplate,
    StatusChange,
    Tag,
)

pytestmark = pytest.mark.django_db


def export(client):
    response = client.get("/export/walkout.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="walkout-export-')
    return json.loads(response.content)


def without_ids(document):
    """The document with each id replaced by its place among its kind, references too:
    two exports of the same data in different accounts then compare equal."""
    document = json.loads(json.dumps(document))
    places = {}

    def number(kind, old):
        return places.setdefault(kind, {}).setdefault(old, len(places.get(kind, {})))

    for application in document["applications"]:
        application["id"] = number("applications", application["id"])
        for change in application["timeline"]:
            change["id"] = number("timeline", change["id"])
        for interview in application["interviews"]:
            interview["id"] = number("interviews", interview["id"])
            for answer in interview["answers"]:
                answer["id"] = number("answers", answer["id"])
            if interview["decision"]:
                interview["decision"]["id"] = number("decisions", interview["decision"]["id"])
    old_dealbreakers = {}
    for dealbreaker in document["dealbreakers"]:
        old_dealbreakers[dealbreaker["id"]] = number("dealbreakers", dealbreaker["id"])
        dealbreaker["id"] = old_dealbreakers[dealbreaker["id"]]
    for template in document["script_templates"]:
        template["id"] = number("scripts", template["id"])
    for application in document["applications"]:
        for interview in application["interviews"]:
            for answer in interview["answers"]:
                if answer["dealbreaker"] is not None:
                    answer["dealbreaker"] = old_dealbreakers[answer["dealbreaker"]]
    for contact in document["contacts"]:
        contact["id"] = number("contacts", contact["id"])
        contact["applications"] = [places["applications"][i] for i in contact["applications"]]
        contact["interviews"] = [places["interviews"][i] for i in contact["interviews"]]
    for application in document["applications"]:
        for interview in application["interviews"]:
            interview["contacts"] = [places["contacts"][c] for c in interview.get("contacts", [])]
    return document


def restore(client, document, name="walkout-export.json"):
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(
        "/import/restore/",
        {"file": SimpleUploadedFile(name, data, "application/json")},
        follow=True,
    )


def owned_counts(user):
    return {
        "applications": Application.objects.filter(owner=user).count(),
        "timeline": StatusChange.objects.filter(application__owner=user).count(),
        "interviews": Interview.objects.filter(application__owner=user).count(),
        "answers": ChecklistAnswer.objects.filter(interview__application__owner=user).count(),
        "decisions": Decision.objects.filter(interview__application__owner=user).count(),
        "contacts": Contact.objects.filter(owner=user).count(),
        "dealbreakers": Dealbreaker.objects.filter(owner=user).count(),
        "scripts": ScriptTemplate.objects.filter(owner=user).count(),
    }


def test_export_holds_everything_the_user_owns(alice, alice_client, fill_account):
    fill_account(alice)
    document = export(alice_client)
    assert document["schema"] == 3
    assert document["profile"] == {
        "display_name": "Zoë O'Brien",
        "time_zone": "America/New_York",
        "currency": "CAD",
        "concern_threshold": 55,
        "ghost_after_days": 14,
        "interview_reminders": False,
        "reminder_leads": "2880,15",
        "digest": True,
        "digest_hour": 7,
    }
    assert len(document["dealbreakers"]) == 11  # 9 starters + 2 of hers (one was deleted)
    assert [t["name"] for t in document["script_templates"]] == ["Mine", "Short"]
    north = document["applications"][0]
    assert north["company"] == "Northwind Café"
    assert north["notes"] == '=HYPERLINK("http://evil.example","x")'
    assert [(c["from_status"], c["to_status"]) for c in north["timeline"]] == [
        ("", "applied"),
        ("applied", "interviewing"),
        ("interviewing", "interviewing"),
        ("interviewing", "walked_out"),
    ]
    interview = north["interviews"][0]
    assert interview["starts_at"] == "2027-03-01T09:00:00Z"
    assert len(interview["answers"]) == 4
    assert [a["dealbreaker"] for a in interview["answers"]][-1] is None  # deleted since
    assert interview["decision"]["right_call"] == "yes"
    assert interview["decision"]["reflection_note"] == "Glad I left."
    dana = document["contacts"][0]
    assert dana["applications"] == [
        document["applications"][0]["id"],
        document["applications"][1]["id"],
    ]
    assert dana["interviews"] == [interview["id"]]
    assert "password" not in json.dumps(document)
    assert "alice" not in json.dumps(document)  # the login stays with the account


def test_export_names_every_field_of_every_model():
    """A field added to a model later must be added to the export (or excluded here)."""
    # client_key: the idempotency key of the device request that wrote an answer, not data.
    # import_batch: which CSV import made an application, to undo it; a restore is no import.
    # file: where a document's bytes are stored, the server's business (the zip export
    # names each file's path in the zip instead).
    not_data = {
        "file",
        "id",
        "owner",
        "application",
        "interview",
        "dealbreaker",
        "client_key",
        "import_batch",
    }
    for model, fields in json_archive.FIELDS.items():
        stored = {f.name for f in model._meta.concrete_fields} - not_data
        assert stored == set(fields), model


def test_round_trip_gives_the_same_document(alice, alice_client, make_user, fill_account):
    fill_account(alice)
    first = export(alice_client)

    carol = make_user("carol")
    client = type(alice_client)()
    client.force_login(carol)
    response = restore(client, first)
    assert "Restored 3 applications, 2 interviews and 2 contacts" in response.content.decode()
    second = export(client)

    assert without_ids(second) == without_ids(first)
    assert owned_counts(carol) == owned_counts(alice)
    carol.refresh_from_db()
    assert (carol.display_name, carol.time_zone, carol.username) == (
        "Zoë O'Brien",
        "America/New_York",
        "carol",
    )
    # New rows, not Alice's: ids were mapped.
    north = Application.objects.get(owner=carol, company="Northwind Café")
    dana = Contact.objects.get(owner=carol, name="Dana Reyes")
    assert {a.owner_id for a in dana.applications.all()} == {carol.pk}
    answer = ChecklistAnswer.objects.get(interview__application=north, answer="no")
    assert answer.dealbreaker.owner == carol
    assert Application.objects.filter(owner=alice).count() == 3


def tag_and_prioritise(user):
    """Tags and priorities on fill_account's applications, with a tag on two of them."""
    north = Application.objects.get(owner=user, company="Northwind Café")
    north.set_tags(["Remote", "Dream job"])
    north.priority = 5
    north.save()
    quarry = Application.objects.get(owner=user, company="Quarry")
    quarry.set_tags(["remote", "Ünïcode ß"])  # the same tag as Northwind's, in another case
    return north, quarry


def tags_of(user):
    return {
        a.company: (a.priority, sorted(t.name for t in a.tags.all()))
        for a in Application.objects.filter(owner=user).prefetch_related("tags")
    }


def test_tags_and_priority_round_trip(alice, alice_client, make_user, fill_account):
    fill_account(alice)
    tag_and_prioritise(alice)
    first = export(alice_client)
    north = next(a for a in first["applications"] if a["company"] == "Northwind Café")
    assert north["priority"] == 5
    assert north["tags"] == ["Dream job", "Remote"]  # in name order
    quarry = next(a for a in first["applications"] if a["company"] == "Quarry")
    assert quarry["tags"] == ["Remote", "Ünïcode ß"]  # one tag, spelt as it was first
    carol = make_user("carol")
    client = type(alice_client)()
    client.force_login(carol)
    restore(client, first)
    assert without_ids(export(client)) == without_ids(first)
    assert tags_of(carol) == tags_of(alice)
    assert Tag.objects.filter(owner=carol).count() == 3
    assert not Tag.objects.filter(owner=carol, applications__owner=alice).exists()


def test_a_schema_1_file_still_restores(alice, alice_client, make_user, fill_account):
    """A file exported before tags and priority: no such keys, schema 1."""
    fill_account(alice)
    document = export(alice_client)
    document["schema"] = 1
    for application in document["applications"]:
        del application["tags"], application["priority"]
    carol = make_user("carol")
    client = type(alice_client)()
    client.force_login(carol)
    response = restore(client, document)
    assert "Restored 3 applications, 2 interviews and 2 contacts" in response.content.decode()
    assert owned_counts(carol) == owned_counts(alice)
    again = export(client)
    assert again["schema"] == 3
    assert {a["priority"] for a in again["applications"]} == {None}
    assert {tuple(a["tags"]) for a in again["applications"]} == {()}


def test_a_schema_2_file_still_restores(alice, alice_client, make_user, fill_account):
    """A file exported before documents: no such key, schema 2."""
    fill_account(alice)
    document = export(alice_client)
    document["schema"] = 2
    for application in document["applications"]:
        del application["documents"]
    carol = make_user("carol")
    client = type(alice_client)()
    client.force_login(carol)
    restore(client, document)
    assert owned_counts(carol) == owned_counts(alice)
    again = export(client)
    assert {tuple(a["documents"]) for a in again["applications"]} == {()}


def test_the_confirmed_address_is_neither_exported_nor_restored(alice_client, make_user):
    """Whether an address is confirmed is a fact about the address, not a preference: a
    file cannot vouch for it (nor carry the address: see PROFILE_FIELDS)."""
    document = export(alice_client)
    assert "email_confirmed" not in document["profile"]
    document["profile"]["email_confirmed"] = True
    carol = make_user("carol", email_confirmed=False)
    client = type(alice_client)()
    client.force_login(carol)
    assert "Restored 0 applications" in restore(client, document).content.decode()
    carol.refresh_from_db()
    assert not carol.email_confirmed


def test_restore_into_an_account_with_leftover_tags(alice, alice_client, bob, bob_client):
    """Bob's tag outlived his applications: the restore's tag of the same name replaces it."""
    application = Application.objects.create(owner=bob, company="Gone", role="R")
    application.set_tags(["remote"])
    Application.objects.filter(owner=bob).delete()  # a plain delete leaves the tag
    mine = Application.objects.create(owner=alice, company="Kept", role="R")
    mine.set_tags(["Remote"])
    restore(bob_client, export(alice_client))
    assert tags_of(bob) == {"Kept": (None, ["Remote"])}


def test_restore_replaces_the_starter_dealbreakers(alice, alice_client, make_user):
    Dealbreaker.objects.filter(owner=alice).exclude(position=0).delete()
    Dealbreaker.objects.create(owner=alice, question="Only mine", position=1)
    document = export(alice_client)
    carol = make_user("carol")
    assert Dealbreaker.objects.filter(owner=carol).count() == 9  # the starter set
    client = type(alice_client)()
    client.force_login(carol)
    restore(client, document)
    assert list(
        Dealbreaker.objects.filter(owner=carol)
        .order_by("position")
        .values_list("question", flat=True)
    ) == ["I am qualified for this role", "Only mine"]


def test_an_empty_accounts_export_restores(alice_client, bob, bob_client):
    document = export(alice_client)
    response = restore(bob_client, document)
    assert "Restored 0 applications" in response.content.decode()
    assert without_ids(export(bob_client)) == without_ids(document)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: b"{not json", "This file is not valid JSON (line 1, column 2"),
        (lambda d: b"\xff\xfe{}", "This file is not UTF-8 text"),
        (lambda d: b"[1, 2]", "This JSON file is not a Walkout export: it has no schema number."),
        (
            lambda d: {**d, "schema": 4},
            "This export has schema 4; this Walkout reads schemas 1, 2 and 3 only.",
        ),
        (
            lambda d: {**d, "schema": "2"},
            "This export has schema 2; this Walkout reads schemas 1, 2 and 3 only.",
        ),
        (
            lambda d: {**d, "applications": [{**d["applications"][0], "priority": 6}]},
            "applications[0].priority: Value 6 is not a valid choice.",
        ),
        (
            lambda d: {**d, "applications": [{**d["applications"][0], "tags": "remote"}]},
            "applications[0].tags: should be a list of names.",
        ),
        (
            lambda d: {**d, "applications": [{**d["applications"][0], "tags": ["a,b"]}]},
            "applications[0].tags: “a,b”: a tag&#x27;s name cannot hold a comma.",
        ),
        (lambda d: {k: v for k, v in d.items() if k != "schema"}, "it has no schema number"),
        (
            lambda d: {**d, "applications": [{**d["applications"][0], "status": "hired"}]},
            "applications[0].status: Value &#x27;hired&#x27; is not a valid choice.",
        ),
        (
            lambda d: {**d, "applications": [{**d["applications"][0], "company": ""}]},
            "applications[0].company: This field cannot be blank.",
        ),
        (
            lambda d: {**d, "applications": [{**d["applications"][0], "applied_on": "31/02/2027"}]},
            "applications[0].applied_on: should be a date (YYYY-MM-DD).",
        ),
        (
            lambda d: {**d, "applications": [{**d["applications"][0], "salary_min": 90_000}]},
            "applications[0]: salary_min is above salary_max.",
        ),
        (
            lambda d: {**d, "profile": {**d["profile"], "time_zone": "Mars/Olympus"}},
            "profile.time_zone: “Mars/Olympus” is not a time zone we know.",
        ),
        (
            lambda d: {**d, "profile": {**d["profile"], "digest_hour": 13}},
            "profile.digest_hour: Ensure this value is less than or equal to 11.",
        ),
        (
            lambda d: {**d, "profile": {**d["profile"], "reminder_leads": "1440,61"}},
            "profile.reminder_leads: “1440,61” is not a list of reminder times.",
        ),
        (
            lambda d: {**d, "contacts": [{**d["contacts"][0], "applications": [999999]}]},
            "contacts[0].applications: should list ids of applications in this file.",
        ),
        (lambda d: {**d, "dealbreakers": "many"}, "dealbreakers: should be a list."),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(
    alice, alice_client, make_user, fill_account, change, message
):
    fill_account(alice)
    document = change(export(alice_client))
    carol = make_user("carol")
    before = owned_counts(carol)
    client = type(alice_client)()
    client.force_login(carol)
    response = restore(client, document)
    text = response.content.decode()
    assert message in text, text[text.find("restore-error") - 20 :][:800]
    assert owned_counts(carol) == before
    carol.refresh_from_db()
    assert carol.time_zone == "UTC"


def test_a_refused_value_is_named_once_not_again_as_blank(
    alice, alice_client, make_user, fill_account
):
    fill_account(alice)
    document = changed(export(alice_client), ["applications", 0], company="A\x00B")
    carol = make_user("carol")
    client = type(alice_client)()
    client.force_login(carol)
    text = restore(client, document).content.decode()
    assert "applications[0].company: holds a control character" in text
    assert "applications[0].company: This field cannot be blank." not in text
    assert not Application.objects.filter(owner=carol).exists()


def test_a_spreadsheet_in_the_restore_box_says_where_it_goes(alice_client, alice):
    response = alice_client.post(
        "/import/restore/",
        {"file": SimpleUploadedFile("teal.csv", b"Company,Job Title\nNorthwind,Baker\n")},
    )
    assert "Import a spreadsheet under “From a spreadsheet” above." in response.content.decode()
    assert not Application.objects.filter(owner=alice).exists()


def changed(document, path, **fields):
    """A copy of the document with `fields` set in the object at `path`, a list of keys."""
    document = json.loads(json.dumps(document))
    target = document
    for key in path:
        target = target[key]
    target.update(fields)
    return document


FIRST_INTERVIEW = ["applications", 0, "interviews", 0]
DECISION = [*FIRST_INTERVIEW, "decision"]


def work_mode_rule(document):
    return next(i for i, d in enumerate(document["dealbreakers"]) if d["rule"] == "work_mode")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # What json.loads cannot read, or reads into something that is not an id.
        (lambda d: b"[" * 100_000, "This file nests lists or objects thousands of levels deep"),
        (
            lambda d: json.dumps(d).replace('"schema": 3', '"schema": 3' + "0" * 5000).encode(),
            "This file holds a number 5,001 digits long",
        ),
        (lambda d: changed(d, ["applications", 0], id=[1]), "applications[0].id: should be a"),
        (lambda d: changed(d, ["applications", 0], id={}), "applications[0].id: should be a"),
        (lambda d: changed(d, ["dealbreakers", 0], id=[1]), "dealbreakers[0].id: should be a"),
        (lambda d: changed(d, FIRST_INTERVIEW, id={}), "interviews[0].id: should be a whole"),
        (
            lambda d: changed(d, [*FIRST_INTERVIEW, "answers", 0], dealbreaker=[1]),
            "answers[0].dealbreaker: no dealbreaker has id [1].",
        ),
        (
            lambda d: changed(d, [*FIRST_INTERVIEW, "answers", 0], dealbreaker=True),
            "answers[0].dealbreaker: no dealbreaker has id True.",
        ),
        # A NUL, which PostgreSQL cannot store, or another control character: what no form
        # lets through (the middleware refuses it).
        (
            lambda d: changed(d, ["applications", 0], notes="bad\x00note"),
            "applications[0].notes: holds a control character (such as a NUL byte)",
        ),
        (
            lambda d: changed(d, ["profile"], display_name="Zo\x00e"),
            "profile.display_name: holds a control character (such as a NUL byte)",
        ),
        (
            lambda d: changed(d, ["contacts", 0], name="Dana\x00"),
            "contacts[0].name: holds a control character (such as a NUL byte)",
        ),
        (
            lambda d: changed(d, ["applications", 0], company="Ac\x1b[2Jme\x07"),
            "applications[0].company: holds a control character (such as a NUL byte): text "
            "may hold tabs and line breaks, but no other control characters.",
        ),
        # Half a surrogate pair ("\ud800" with no other half): not a character, and the
        # database driver cannot send it (it was a server error).
        (
            lambda d: changed(d, ["applications", 0], company="\ud800x"),
            "applications[0].company: holds half a character (an unpaired \\ud800–\\udfff escape).",
        ),
        (
            lambda d: changed(d, ["profile"], display_name="Zo\udfffe"),
            "profile.display_name: holds half a character",
        ),
        (
            lambda d: changed(d, ["applications", 0], tags=["fine", "half\ud83d"]),
            "applications[0].tags: A tag&#x27;s name cannot hold control characters.",
        ),
        # What the forms refuse.
        (
            lambda d: changed(d, ["applications", 0], notes="x" * 1_000_000),
            "applications[0].notes: Ensure this value has at most 5000 characters "
            "(it has 1000000).",
        ),
        (
            lambda d: changed(d, FIRST_INTERVIEW, notes="x" * 5001),
            "interviews[0].notes: Ensure this value has at most 5000 characters",
        ),
        (
            lambda d: changed(d, ["contacts", 0], notes="x" * 5001),
            "contacts[0].notes: Ensure this value has at most 5000 characters",
        ),
        (
            lambda d: changed(d, ["script_templates", 0], body="x" * 2001),
            "script_templates[0].body: Ensure this value has at most 2000 characters",
        ),
        (
            lambda d: changed(d, DECISION, reflection_note="x" * 2001),
            "decision.reflection_note: Ensure this value has at most 2000 characters",
        ),
        (
            lambda d: changed(d, DECISION, script_shown="x" * 1_000_000),
            "decision.script_shown: Ensure this value has at most 20000 characters",
        ),
        (
            lambda d: changed(d, DECISION, minutes_saved=2**31 - 1),
            "decision.minutes_saved: Ensure this value is less than or equal to 1440.",
        ),
        (
            lambda d: changed(d, DECISION, decided_at="2027-03-01T08:59:00Z"),
            "decision.decided_at: That is before the interview started.",
        ),
        (
            lambda d: changed(d, ["dealbreakers", work_mode_rule(d)], work_modes="moon,mars"),
            "].work_modes: “moon,mars” is not a list of work modes: use onsite, hybrid and "
            "remote, each at most once, separated by commas.",
        ),
    ],
)
def test_what_the_forms_refuse_or_cannot_be_read_is_refused_and_nothing_is_stored(
    alice, alice_client, make_user, fill_account, change, message
):
    fill_account(alice)
    document = change(export(alice_client))
    carol = make_user("carol")
    before = owned_counts(carol)
    client = type(alice_client)()
    client.force_login(carol)
    response = restore(client, document)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text, text[text.find("restore-error") - 20 :][:800]
    assert "Nothing was restored" in text or "nothing was stored" in text
    assert owned_counts(carol) == before
    carol.refresh_from_db()
    assert carol.display_name == ""


def test_a_decision_at_the_minute_the_interview_began_restores(
    alice, alice_client, make_user, fill_account
):
    """The rule is the decision form's: to the minute, as the form shows times."""
    fill_account(alice)
    document = changed(export(alice_client), DECISION, decided_at="2027-03-01T09:00:00Z")
    carol = make_user("carol")
    client = type(alice_client)()
    client.force_login(carol)
    assert "Restored 3 applications" in restore(client, document).content.decode()


def test_a_restore_into_an_account_with_data_is_refused(
    alice, alice_client, bob, bob_client, make_application, fill_account
):
    fill_account(alice)
    document = export(alice_client)
    make_application(bob, company="Bob's")
    before = owned_counts(bob)
    page = bob_client.get("/import/").content.decode()
    assert "A restore goes into an empty account only" in page
    response = restore(bob_client, document)
    assert (
        "Your account already holds applications, contacts or scripts." in response.content.decode()
    )
    assert owned_counts(bob) == before


def test_two_answers_to_one_question_are_refused(alice, alice_client, make_user, fill_account):
    fill_account(alice)
    document = export(alice_client)
    carol = make_user("carol")
    before = owned_counts(carol)
    answers = document["applications"][0]["interviews"][0]["answers"]
    answers.append(dict(answers[0]))
    client = type(alice_client)()
    client.force_login(carol)
    text = restore(client, document).content.decode()
    assert "a second answer to the same question and phase" in text
    assert owned_counts(carol) == before


def test_a_database_refusal_midway_stores_nothing(
    alice, alice_client, make_user, fill_account, monkeypatch
):
    """Contacts come last: by then the applications, interviews, answers and decisions
    are written, and the profile and dealbreakers changed. All of it must roll back."""
    fill_account(alice)
    document = export(alice_client)
    carol = make_user("carol")
    before = owned_counts(carol)
    starters = list(Dealbreaker.objects.filter(owner=carol).values_list("pk", flat=True))

    def refuse(*args, **kwargs):
        raise IntegrityError("CHECK constraint failed")

    monkeypatch.setattr(Contact.objects, "bulk_create", refuse)
    client = type(alice_client)()
    client.force_login(carol)
    text = restore(client, document).content.decode()
    assert "This export breaks a rule of Walkout&#x27;s data" in text
    assert owned_counts(carol) == before
    assert list(Dealbreaker.objects.filter(owner=carol).values_list("pk", flat=True)) == starters
    carol.refresh_from_db()
    assert carol.time_zone == "UTC"


def test_a_huge_file_is_refused(alice_client, alice):
    data = b'{"schema": 1, "padding": "' + b"x" * (21 * 1024 * 1024) + b'"}'
    response = restore(alice_client, data)
    assert "The file is larger than 20 MB" in response.content.decode()
    assert Dealbreaker.objects.filter(owner=alice).count() == 9


def test_json_export_query_count(
    alice,
    alice_client,
    fill_account,
    make_application,
    make_interview,
    django_assert_max_num_queries,
):
    fill_account(alice)
    for n in range(100):
        app = make_application(alice, company=f"Bulk {n}")
        interview = make_interview(app)
        contact = Contact.objects.create(owner=alice, name=f"Person {n}")
        contact.applications.add(app)
        contact.interviews.add(interview)
    with django_assert_max_num_queries(14):
        document = export(alice_client)
    assert len(document["applications"]) == 103
    assert len(document["contacts"]) == 102


def test_json_export_of_another_user_never_shows(alice, alice_client, bob, fill_account):
    fill_account(bob)
    document = export(alice_client)
    assert document["applications"] == document["contacts"] == document["script_templates"] == []
    assert len(document["dealbreakers"]) == 9

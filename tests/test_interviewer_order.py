"""The lead interviewer is the first the user gave, not the first by name (a new user's
trial: “Dr. Anna Schmidt” typed first, “Bob Miller” second, and every page spoke to Bob).
Every place that names the lead, an edit that keeps or adds interviewers, the JSON archive;
and a typed name too long for a contact is refused rather than cut short."""

import json
import re
import zoneinfo
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from interviews.ics import people
from interviews.models import ChecklistAnswer, Contact, Dealbreaker, Interview
from reminders.sender import interview_reminders_due
from tests.test_json_archive import restore

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")  # Alice's zone
TYPED = "Dr. Anna Schmidt, Head of Data\nBob Miller, Engineer"


def form(starts_at, **fields):
    """The interview form as Alice's browser sends it: `starts_at` on her clock. (Written
    in UTC, it was an hour or two early in Paris, and the reminder two hours ahead was due
    at once in summer.) Callers add to timezone.now(), not to a local time: half an hour
    after 01:45 on Paris's clock on 28 March is no 02:15, which that day does not have."""
    local = timezone.localtime(starts_at, PARIS)
    while local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        # The hour the clocks go back: its times happen twice, and the form rightly asks
        # for another. An hour later is as good to these tests.
        local += timedelta(hours=1)
    return {
        "kind": "hiring_manager",
        "starts_at": f"{local:%Y-%m-%dT%H:%M}",
        "duration_minutes": "60",
        "format": "video",
        "location": "",
        "address_as": "",
        "status": "scheduled",
        "outcome": "",
        "notes": "",
        "interviewers": "",
        **fields,
    }


def schedule(client, application, starts_at=None, **fields):
    """The new-interview form, as the user sent it; the interview it made."""
    starts_at = starts_at or timezone.now() + timedelta(minutes=30)
    response = client.post(
        f"/applications/{application.pk}/interviews/new/", form(starts_at, **fields)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Interview.objects.filter(application=application).latest("id")


def names_on(interview):
    return [contact.name for contact in interview.interviewer_contacts()]


def text(html):
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_the_first_interviewer_typed_is_the_lead_everywhere(alice, alice_client, application):
    interview = schedule(alice_client, application, interviewers=TYPED)
    assert names_on(interview) == ["Dr. Anna Schmidt", "Bob Miller"]
    assert interview.lead_name() == "Dr. Anna Schmidt"

    script = alice_client.get(f"/interviews/{interview.pk}/exit-script/?confirmed=1")
    html = script.content.decode()
    assert re.search(r'<span id="script-interviewer">(.*?)</span>', html)[1] == "Dr. Anna Schmidt"
    quote = re.search(r'<blockquote id="script-text"[^>]*>(.*?)</blockquote>', html, re.S)[1]
    assert unescape(quote).startswith("Dr. Schmidt, it doesn't")

    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    listed = re.search(r'<ul[^>]*id="interviewers">(.*?)</ul>', page, re.S)[1]
    assert text(listed).index("Dr. Anna Schmidt") < text(listed).index("Bob Miller")

    today = text(alice_client.get("/").content.decode())
    assert "Dr. Anna Schmidt" in today and "Bob Miller" not in today


def test_across_rounds_and_the_calendar_name_the_lead_first(alice, alice_client, application):
    earlier = schedule(
        alice_client, application, timezone.now() - timedelta(days=3), interviewers=TYPED
    )
    earlier.status = Interview.Status.DONE
    earlier.save()
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    ChecklistAnswer.objects.record(earlier, [(boss, "mid", "no", "", timezone.now())])
    schedule(alice_client, application, timezone.now() + timedelta(days=2))

    detail = alice_client.get(f"/applications/{application.pk}/").content.decode()
    rounds = detail.split('id="rounds"', 1)[1].split("</section>", 1)[0]
    assert "Dr. Anna Schmidt" in rounds and "Bob Miller" not in rounds

    response = alice_client.post("/export/calendar/", {"action": "new"}, follow=True)
    path = re.search(r"http://testserver(/calendar/[\w-]+\.ics)<", response.content.decode())[1]
    [event, _] = Calendar.from_ical(Client().get(path).content).walk("VEVENT")
    assert "With: Dr. Anna Schmidt (Head of Data); Bob Miller (Engineer)." in str(
        event["DESCRIPTION"]
    )


def test_the_reminder_names_the_lead_first(alice, alice_client, application):
    interview = schedule(
        alice_client, application, timezone.now() + timedelta(hours=2), interviewers=TYPED
    )
    [(due, _)] = interview_reminders_due(timezone.now())
    assert due == interview
    assert people(due) == ["Dr. Anna Schmidt (Head of Data)", "Bob Miller (Engineer)"]


def test_an_edit_keeps_the_lead_and_adds_new_interviewers_after(alice, alice_client, application):
    interview = schedule(alice_client, application, interviewers=TYPED)
    anna, bob = interview.interviewer_contacts()
    # Aaron sorts before both, and is picked from the checkboxes on the edit form.
    aaron = Contact.objects.create(owner=alice, name="Aaron Abel")
    aaron.applications.add(application)
    data = form(
        timezone.localtime(interview.starts_at),
        contacts=[aaron.pk, bob.pk, anna.pk],
        interviewers="Carl Zed",
    )
    response = alice_client.post(f"/interviews/{interview.pk}/edit/", data)
    assert response.status_code == 302
    assert names_on(interview) == ["Dr. Anna Schmidt", "Bob Miller", "Aaron Abel", "Carl Zed"]

    # Unticking the lead makes the next one given the lead.
    data["contacts"], data["interviewers"] = [bob.pk, aaron.pk], ""
    alice_client.post(f"/interviews/{interview.pk}/edit/", data)
    assert names_on(interview) == ["Bob Miller", "Aaron Abel"]
    assert interview.lead_name() == "Bob Miller"


def test_a_picked_contact_leads_those_typed_in(alice, alice_client, application):
    zoe = Contact.objects.create(owner=alice, name="Zoe Picked")
    zoe.applications.add(application)
    interview = schedule(alice_client, application, contacts=[zoe.pk], interviewers=TYPED)
    assert names_on(interview) == ["Zoe Picked", "Dr. Anna Schmidt", "Bob Miller"]


def test_the_json_archive_keeps_the_order(alice, alice_client, application, make_user):
    # Bob is a contact first, so his id (and his file entry) comes before Anna's.
    bob = Contact.objects.create(owner=alice, name="Bob Miller", company=application.company)
    bob.applications.add(application)
    interview = schedule(alice_client, application, interviewers=TYPED)
    assert names_on(interview) == ["Dr. Anna Schmidt", "Bob Miller"]
    document = json.loads(alice_client.get("/export/walkout.json").content)

    carol = make_user("carol")
    client = Client()
    client.force_login(carol)
    assert "Restored 1 application" in restore(client, document).content.decode()
    restored = Interview.objects.get(application__owner=carol)
    assert names_on(restored) == ["Dr. Anna Schmidt", "Bob Miller"]


def test_a_file_whose_interview_lists_unknown_contacts_is_refused(
    alice, alice_client, application, make_user
):
    schedule(alice_client, application, interviewers=TYPED)
    document = json.loads(alice_client.get("/export/walkout.json").content)
    document["applications"][0]["interviews"][0]["contacts"] = [99999]
    carol = make_user("carol")
    client = Client()
    client.force_login(carol)
    page = restore(client, document).content.decode()
    assert "interviews[0].contacts: should list ids of contacts in this file." in unescape(page)
    assert not Interview.objects.filter(application__owner=carol).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("A" * 300, "Interviewer 1's name can be at most 200 characters (it has 300)."),
        (
            "Dana Reyes, CTO\nLee Park, " + "B" * 201,
            "Interviewer 2's role can be at most 200 characters (it has 201).",
        ),
    ],
)
def test_a_typed_interviewer_too_long_for_a_contact_is_refused(
    alice, alice_client, application, typed, message
):
    response = alice_client.post(
        f"/applications/{application.pk}/interviews/new/",
        form(timezone.now() + timedelta(days=1), interviewers=typed),
    )
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert not Interview.objects.exists()
    assert not Contact.objects.exists()


def test_the_admin_shows_a_contacts_interviews_with_their_places(
    client, alice, interview, django_user_model
):
    # A many-to-many with its own through model has no field on the contact's form: an
    # inline keeps the interviews editable there.
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    contact = Contact.objects.create(owner=alice, name="Dana Reyes")
    contact.interviews.add(interview)
    page = client.get(f"/admin/interviews/contact/{contact.pk}/change/").content.decode()
    assert 'name="interview_links-0-interview"' in page
    assert 'name="interview_links-0-position"' in page

"""The full JSON export of everything a user owns, and its restore into an empty account.

The document (schema 3; schema 1 and 2 ones, without documents, tags or priority, restore
too) nests what belongs to one thing under it — an application's timeline, tags,
interviews and documents, an interview's answers and decision — and refers to the rest by
the ids it had when exported: a contact's applications and interviews, an interview's
contacts in their order (the lead first; a file from before that order has none), an
answer's dealbreaker. A restore maps those ids to the new rows' ids, so exporting a restored
account gives the same document, ids aside. Login details (username, e-mail, password)
are the account's, not its data: they are neither exported nor restored.
"""

import json
from datetime import UTC, date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.utils.dateparse import parse_date, parse_datetime

from . import documents, limits
from . import tags as tag_names
from .models import (
    Application,
    ChecklistAnswer,
    Contact,
    Dealbreaker,
    Decision,
    Document,
    Interview,
    InterviewContact,
    ScriptTemplate,
    StatusChange,
    Tag,
)
from .text import check_plain

SCHEMA = 3
# Schema 2 is schema 3 without applications' documents, and schema 1 schema 2 without
# their tags and priority: both restore as they are.
READABLE_SCHEMAS = (1, 2, 3)
MAX_BYTES = 20 * 1024 * 1024
# No field holds a longer whole number (a bigint has 19 digits): longer ones are refused
# before int() reads them, which takes time and gives up past 4,300 digits.
MAX_DIGITS = 20

# The profile's name and preferences, not its login details (see above).
# A field added since schema 1 came out (currency, ask_floor, the reminder preferences) is
# simply absent from an older file: the restore leaves the model's default.
PROFILE_FIELDS = ("display_name", *get_user_model().PREFERENCES)
FIELDS = {
    Dealbreaker: (
        "question",
        "category",
        "severity",
        "phase",
        "weight",
        "position",
        "active",
        "rule",
        "salary_floor",
        "salary_currency",
        "work_modes",
        "questions",
        "ask",
        "suggest",
        "ask_floor",
        "created_at",
        "updated_at",
    ),
    ScriptTemplate: ("name", "body", "is_default", "created_at", "updated_at"),
    Contact: (
        "name",
        "title",
        "company",
        "email",
        "phone",
        "profile_url",
        "address_as",
        "notes",
        "created_at",
        "updated_at",
    ),
    Application: (
        "company",
        "role",
        "posting_url",
        "source",
        "status",
        "location",
        "work_mode",
        "salary_min",
        "salary_max",
        "currency",
        "applied_on",
        "next_action",
        "next_action_on",
        "resume_version",
        "job_description",
        "notes",
        "priority",
        "status_changed_at",
        "created_at",
        "updated_at",
    ),
    StatusChange: ("from_status", "to_status", "changed_at", "note"),
    Interview: (
        "kind",
        "starts_at",
        "duration_minutes",
        "format",
        "location",
        "interviewers",
        "address_as",
        "status",
        "outcome",
        "notes",
        "created_at",
        "updated_at",
    ),
    ChecklistAnswer: (
        "phase",
        "answer",
        "note",
        "question",
        "answered_at",
        "created_at",
        "updated_at",
    ),
    Decision: (
        "choice",
        "decided_at",
        "reasons",
        "script_shown",
        "minutes_saved",
        "right_call",
        "reflection_note",
        "reflected_at",
        "created_at",
        "updated_at",
    ),
    # What a document is; its bytes are in the zip export only (export_zip), and a restore
    # does not bring them back.
    Document: ("kind", "name", "size", "content_type", "uploaded_at"),
}
# Fields a restore sets although Django fills them on save (auto_now, auto_now_add).
TIMESTAMPS = ("created_at", "updated_at")


class Refused(ValueError):
    """The document cannot be restored; the message says why, for the user."""


# Export


def utc_text(moment):
    """A stored time as the document has it: ISO 8601 in UTC (“…Z”)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# How each exported field holding a time or a date becomes text. Only those are converted,
# each by its own function: ten thousand applications make hundreds of thousands of values.
AS_TEXT = {
    model: {
        name: utc_text if isinstance(field, models.DateTimeField) else date.isoformat
        for name in names
        if isinstance(field := model._meta.get_field(name), models.DateField)
    }
    for model, names in FIELDS.items()
}


def exported(queryset, *keys):
    """Each row's id and FIELDS as the document has them, in that order, then `keys` (the
    ids it hangs from, taken out by grouped()).

    Plain values, not model instances: building a hundred thousand instances to read
    their fields back costs more than everything else in the export."""
    model = queryset.model
    as_text = AS_TEXT[model].items()
    for row in queryset.values("id", *FIELDS[model], *keys):
        for name, convert in as_text:
            if row[name] is not None:
                row[name] = convert(row[name])
        yield row


def grouped(rows, key):
    """{row[key]: [rows]}, with `key` taken out of each row; [] for a key with none."""
    groups = _Groups()
    for row in rows:
        groups.setdefault(row.pop(key), []).append(row)
    return groups


class _Groups(dict):
    def __missing__(self, key):
        return []


def export_document(user, files=False):
    """Everything `user` owns, as one JSON-ready dict, in a fixed number of queries. With
    `files`, each document entry also holds its storage name (`file`), for export_zip to
    take out: it is no business of the file's.

    What hangs from an application or an interview is read in the order it is grouped
    (by what it hangs from, then id): the same lists as in id order, and PostgreSQL reads
    a hundred thousand answers off the interview's index instead of a join in id order."""
    timeline = grouped(
        exported(
            StatusChange.objects.filter(application__owner=user).order_by("application_id", "id"),
            "application_id",
        ),
        "application_id",
    )
    interviews = grouped(
        exported(
            Interview.objects.for_user(user).order_by("application_id", "id"), "application_id"
        ),
        "application_id",
    )
    answers = grouped(
        exported(
            ChecklistAnswer.objects.filter(interview__application__owner=user).order_by(
                "interview_id", "id"
            ),
            "interview_id",
            "dealbreaker_id",
        ),
        "interview_id",
    )
    documents = grouped(
        exported(
            Document.objects.for_user(user).order_by("id"),
            "application_id",
            *(["file"] if files else []),
        ),
        "application_id",
    )
    decisions = {
        decision.pop("interview_id"): decision
        for decision in exported(Decision.objects.for_user(user), "interview_id")
    }
    tags = grouped(
        Tag.applications.through.objects.filter(tag__owner=user)
        .order_by("tag__key", "tag_id")
        .values("application_id", "tag__name"),
        "application_id",
    )
    links = Contact.applications.through.objects.filter(contact__owner=user)
    contact_applications = grouped(
        links.order_by("application_id").values("contact_id", "application_id"), "contact_id"
    )
    # One read of the interviewer links for both sides: a contact's interviews, and an
    # interview's contacts in their order (the lead first).
    links = list(
        InterviewContact.objects.filter(contact__owner=user)
        .order_by("interview_id", "position", "id")
        .values_list("contact_id", "interview_id")
    )
    contact_interviews, interview_contacts = _Groups(), _Groups()
    for contact_id, interview_id in links:
        contact_interviews.setdefault(contact_id, []).append(interview_id)
        interview_contacts.setdefault(interview_id, []).append(contact_id)

    def interview_entry(interview):
        for answer in answers[interview["id"]]:
            answer["dealbreaker"] = answer.pop("dealbreaker_id")
        interview["answers"] = answers[interview["id"]]
        interview["decision"] = decisions.get(interview["id"])
        interview["contacts"] = interview_contacts[interview["id"]]
        return interview

    return {
        "schema": SCHEMA,
        "app": "walkout",
        "profile": {name: getattr(user, name) for name in PROFILE_FIELDS},
        "dealbreakers": list(exported(Dealbreaker.objects.for_user(user).order_by("id"))),
        "script_templates": list(exported(ScriptTemplate.objects.for_user(user).order_by("id"))),
        "applications": [
            {
                **application,
                "tags": [tag["tag__name"] for tag in tags[application["id"]]],
                "timeline": timeline[application["id"]],
                "interviews": [interview_entry(i) for i in interviews[application["id"]]],
                "documents": documents[application["id"]],
            }
            for application in exported(Application.objects.for_user(user).order_by("id"))
        ],
        "contacts": [
            {
                **contact,
                "applications": [
                    link["application_id"] for link in contact_applications[contact["id"]]
                ],
                "interviews": contact_interviews[contact["id"]],
            }
            for contact in exported(Contact.objects.for_user(user).order_by("id"))
        ],
    }


def export_json(user):
    return json.dumps(export_document(user), ensure_ascii=False, indent=1)


# Restore


def is_empty(user):
    """An account a restore can go into: no applications (so no interviews, answers or
    decisions), contacts or scripts. Dealbreakers are replaced by the file's."""
    return not (
        Application.objects.for_user(user).exists()
        or Contact.objects.for_user(user).exists()
        or ScriptTemplate.objects.for_user(user).exists()
    )


def whole_number(text):
    """A whole number in the file, as json.loads reads it; Refused when too long."""
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise Refused(
            f"This file holds a number {len(text):,} digits long; no value in a Walkout "
            f"export has more than {MAX_DIGITS - 1}. It is not a Walkout export. Nothing was "
            "restored."
        )
    return int(text)


def parse(data):
    """The document in an uploaded file, or Refused."""
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_int=whole_number)
    except UnicodeDecodeError as error:
        raise Refused("This file is not UTF-8 text: it is not a Walkout export.") from error
    except json.JSONDecodeError as error:
        raise Refused(
            f"This file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}). It is not a Walkout export, or it was cut short."
        ) from error
    except RecursionError as error:
        # json.loads recurses once per level of nesting; an export nests six levels.
        raise Refused(
            "This file nests lists or objects thousands of levels deep: it is not a Walkout "
            "export. Nothing was restored."
        ) from error
    if not isinstance(document, dict) or "schema" not in document:
        raise Refused("This JSON file is not a Walkout export: it has no schema number.")
    if not is_id(document["schema"]) or document["schema"] not in READABLE_SCHEMAS:
        raise Refused(
            f"This export has schema {str(document['schema'])[:20]}; this Walkout reads "
            f"schemas {', '.join(map(str, READABLE_SCHEMAS[:-1]))} and {READABLE_SCHEMAS[-1]} "
            "only. Nothing was restored."
        )
    return document


class Reader:
    """Builds unsaved model instances from the document, collecting every problem with
    where it is (“applications[3].interviews[0].starts_at”) before anything is stored."""

    def __init__(self):
        self.problems = []

    def problem(self, where, message):
        if len(self.problems) < 20:
            self.problems.append(f"{where}: {message}")

    def items(self, container, key, where):
        value = container.get(key, [])
        if not isinstance(value, list):
            self.problem(f"{where}{key}", "should be a list.")
            return []
        good = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                good.append((f"{where}{key}[{index}]", item))
            else:
                self.problem(f"{where}{key}[{index}]", "should be an object.")
        return good

    def value(self, field, raw, where):
        if raw is None:
            if field.null:
                return None
            raise ValidationError("must not be null.")
        if isinstance(field, models.BooleanField):
            if not isinstance(raw, bool):
                raise ValidationError("should be true or false.")
            return raw
        if isinstance(field, models.IntegerField):
            if not isinstance(raw, int) or isinstance(raw, bool):
                raise ValidationError("should be a whole number.")
            return raw
        if not isinstance(raw, str):
            raise ValidationError("should be text.")
        # What no form lets through (the middleware's rule): a NUL, which PostgreSQL cannot
        # store, another control character, or half a surrogate pair ("\ud800").
        check_plain(raw)
        if isinstance(field, models.DateTimeField):
            parsed = parse_datetime(raw)
            if parsed is None or parsed.tzinfo is None:
                raise ValidationError("should be a date and time with its zone (ISO 8601).")
            limits.check_datetime(parsed)
            return parsed
        if isinstance(field, models.DateField):
            parsed = parse_date(raw)
            if parsed is None:
                raise ValidationError("should be a date (YYYY-MM-DD).")
            limits.check_date(parsed)
            return parsed
        return raw

    def build(self, model, item, where, **relations):
        """An unsaved instance from the item's fields, checked by the model's validators
        and its clean(), as the forms check it. Not full_clean(): its uniqueness checks
        query the database for each object, and the file's rows are not stored yet."""
        obj = model(**relations)
        unreadable = []
        for name in FIELDS[model]:
            if name not in item:
                continue  # an older export without this field: the model's default
            field = model._meta.get_field(name)
            try:
                setattr(obj, name, self.value(field, item[name], where))
            except (ValidationError, ValueError) as error:
                self.problem(f"{where}.{name}", " ".join(getattr(error, "messages", [str(error)])))
                unreadable.append(name)
        try:
            # A field already refused keeps the model's default: not blamed again for that.
            obj.clean_fields(exclude=[*relations, *TIMESTAMPS, *unreadable])
            if not unreadable:
                obj.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.problem(f"{where}.{name}", " ".join(messages))
        obj._timestamps = {
            name: getattr(obj, name)
            for name in TIMESTAMPS
            if name in FIELDS[model] and name in item
        }
        return obj

    def tag_names(self, item, where):
        """An application's tags: a list of names, as the form takes them."""
        names = item.get("tags", [])
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            self.problem(f"{where}.tags", "should be a list of names.")
            return []
        try:
            return tag_names.check_names(names)
        except ValidationError as error:
            self.problem(f"{where}.tags", " ".join(error.messages))
            return []

    def old_id(self, item, where, seen):
        """The id the item had in the exporting account, or None when it has no usable one
        (the problem is noted, so nothing will be stored)."""
        old = item.get("id")
        if not is_id(old):
            self.problem(f"{where}.id", "should be a whole number.")
            return None
        if old in seen:
            self.problem(f"{where}.id", f"{old} is used twice.")
        return old


def interviewer_places(reader, interview_contacts, contacts_by_old):
    """{id(interview): {id(contact): place}} from each interview's "contacts", the lead
    first (keyed by identity: the rows are not saved yet, so they cannot be hashed). A file
    from before interviewers had an order has none: its links keep the file's order."""
    places = {}
    for where, interview, refs in interview_contacts:
        if not isinstance(refs, list) or not all(
            is_id(ref) and ref in contacts_by_old for ref in refs
        ):
            reader.problem(f"{where}.contacts", "should list ids of contacts in this file.")
            continue
        order = places[id(interview)] = {}
        for ref in refs:
            order.setdefault(id(contacts_by_old[ref]), len(order))
    return places


def interviewer_link(contact, interview, places):
    """The link at its place on the interview; one the interview's list leaves out goes
    after those it names."""
    order = places.get(id(interview), {})
    position = order.get(id(contact), len(order))
    return InterviewContact(contact=contact, interview=interview, position=position)


def is_id(value):
    """Whether a value from the file can be an id: a whole number (true and false are
    numbers to Python, and lists and objects cannot be looked up)."""
    return isinstance(value, int) and not isinstance(value, bool)


def read_document(user, document, files=None):
    """Every row to create, unsaved, with the links between them; or Refused. `files`,
    from a zip export (zip_archive.ZipFiles), holds the documents' files: each is checked
    here as an upload is. Without it, documents are counted and left out."""
    reader = Reader()
    profile = document.get("profile", {})
    if not isinstance(profile, dict):
        reader.problem("profile", "should be an object.")
        profile = {}
    settings = {}
    for name in PROFILE_FIELDS:
        if name in profile:
            field = user._meta.get_field(name)
            try:
                settings[name] = field.clean(reader.value(field, profile[name], "profile"), user)
            except ValidationError as error:
                reader.problem(f"profile.{name}", " ".join(error.messages))

    plan = {
        "settings": settings,
        "dealbreakers": {},
        "scripts": [],
        "applications": [],
        "documents": [],
        "documents_left_out": 0,
    }
    for where, item in reader.items(document, "dealbreakers", ""):
        old = reader.old_id(item, where, plan["dealbreakers"])
        dealbreaker = reader.build(Dealbreaker, item, where, owner=user)
        if dealbreaker.rule == Dealbreaker.Rule.SALARY_FLOOR and dealbreaker.salary_floor is None:
            reader.problem(where, "a pay-floor rule needs a pay floor.")
        if dealbreaker.rule == Dealbreaker.Rule.WORK_MODE and not dealbreaker.work_modes:
            reader.problem(where, "a work-mode rule needs the work modes.")
        plan["dealbreakers"][old] = dealbreaker
    for where, item in reader.items(document, "script_templates", ""):
        plan["scripts"].append(reader.build(ScriptTemplate, item, where, owner=user))
    if sum(template.is_default for template in plan["scripts"]) > 1:
        reader.problem("script_templates", "more than one is the default.")

    applications_by_old, interviews_by_old = {}, {}
    interview_contacts = []
    for where, item in reader.items(document, "applications", ""):
        old_application = reader.old_id(item, where, applications_by_old)
        application = reader.build(Application, item, where, owner=user)
        low, high = application.salary_min, application.salary_max
        if low is not None and high is not None and low > high:
            reader.problem(where, "salary_min is above salary_max.")
        application._tag_names = reader.tag_names(item, where)
        timeline = [
            reader.build(StatusChange, change, at, application=application)
            for at, change in reader.items(item, "timeline", where + ".")
        ]
        interviews = []
        for at, entry in reader.items(item, "interviews", where + "."):
            old = reader.old_id(entry, at, interviews_by_old)
            interview = reader.build(Interview, entry, at, application=application)
            answers, asked = [], set()
            for spot, raw in reader.items(entry, "answers", at + "."):
                ref = raw.get("dealbreaker")
                if ref is not None and (not is_id(ref) or ref not in plan["dealbreakers"]):
                    reader.problem(f"{spot}.dealbreaker", f"no dealbreaker has id {str(ref)[:20]}.")
                    ref = None
                answer = reader.build(ChecklistAnswer, raw, spot, interview=interview)
                if ref is not None:
                    if (ref, answer.phase) in asked:
                        reader.problem(spot, "a second answer to the same question and phase.")
                    asked.add((ref, answer.phase))
                answers.append((answer, ref))
            decision = None
            if isinstance(entry.get("decision"), dict):
                decision = reader.build(
                    Decision, entry["decision"], at + ".decision", interview=interview
                )
            elif entry.get("decision") is not None:
                reader.problem(f"{at}.decision", "should be an object or null.")
            interviews.append((interview, answers, decision))
            interviews_by_old[old] = interview
            # Its contacts in their order, the lead first: read once the contacts are.
            interview_contacts.append((at, interview, entry.get("contacts", [])))
        for at, entry in reader.items(item, "documents", where + "."):
            read_document_entry(reader, plan, files, entry, at, application)
        plan["applications"].append((old_application, application, timeline, interviews))
        applications_by_old[old_application] = application

    plan["contacts"] = []
    contacts_by_old = {}
    for where, item in reader.items(document, "contacts", ""):
        contact = reader.build(Contact, item, where, owner=user)
        if is_id(item.get("id")):
            contacts_by_old[item["id"]] = contact
        links = {}
        for key, known in (
            ("applications", applications_by_old),
            ("interviews", interviews_by_old),
        ):
            refs = item.get(key, [])
            if not isinstance(refs, list) or not all(is_id(ref) and ref in known for ref in refs):
                reader.problem(f"{where}.{key}", f"should list ids of {key} in this file.")
                refs = []
            links[key] = [known[ref] for ref in refs]
        plan["contacts"].append((contact, links))
    plan["interviewer_places"] = interviewer_places(reader, interview_contacts, contacts_by_old)

    if reader.problems:
        more = "" if len(reader.problems) < 20 else " (the first 20 problems)"
        raise Refused(
            f"This export cannot be restored{more}; nothing was stored:\n"
            + "\n".join(reader.problems)
        )
    return plan


def read_document_entry(reader, plan, files, entry, where, application):
    """A document of the file into the plan, with its file's path in the zip; or counted
    as left out when there are no files (a JSON file, or a document the zip lacked)."""
    # The storage name comes when the file is stored: not checked here (as a relation is).
    document = reader.build(Document, entry, where, application=application, file="")
    path = entry.get("path")
    if files is None or path is None:
        plan["documents_left_out"] += 1
        return
    if not isinstance(path, str):
        reader.problem(f"{where}.path", "should be the file's path in the zip, or null.")
        return
    document.name = documents.clean_name(document.name)  # fit for a download's header
    try:
        kind, size = files.check(path, document.name)
    except Refused as error:
        reader.problem(f"{where}.path", str(error))
        return
    # What the bytes are and how many, whatever the file said.
    document.content_type, document.size = kind.content_type, size
    plan["documents"].append((document, path))


def create(model, objects):
    """bulk_create, then put back the timestamps the file gave, which bulk_create's
    auto_now / auto_now_add overwrote (bulk_update does not apply them)."""
    model.objects.bulk_create(objects)
    stamped = [obj for obj in objects if obj._timestamps]
    for obj in stamped:
        for name, value in obj._timestamps.items():
            setattr(obj, name, value)
    if stamped:
        model.objects.bulk_update(stamped, [name for name in TIMESTAMPS if name in FIELDS[model]])


def create_tags(user, applications):
    """The applications' tags (their _tag_names), each name once for the user."""
    keys = {tag_names.tag_key(name): name for app in applications for name in app._tag_names}
    if not keys:
        return
    Tag.objects.bulk_create([Tag(owner=user, name=name, key=key) for key, name in keys.items()])
    by_key = {tag.key: tag for tag in Tag.objects.for_user(user)}
    Tag.applications.through.objects.bulk_create(
        Tag.applications.through(tag=by_key[tag_names.tag_key(name)], application=app)
        for app in applications
        for name in app._tag_names
    )


def restore(user, document, files=None):
    """Restore a parsed export into `user`'s account, all or nothing; or Refused. With
    `files` (a zip export's), its documents come back with their files.

    The account must be empty (see is_empty): merging two searches would duplicate
    applications and leave two sets of dealbreakers, so a restore never merges.
    """
    plan = read_document(user, document, files)
    # The files first, each under a new random name; if the rows then fail, they go.
    stored = []
    try:
        for document_row, path in plan["documents"]:
            with files.open(path) as source:
                document_row.file.save(document_row.name, File(source), save=False)
            stored.append(document_row.file)
        return write(user, plan)
    except BaseException:
        for file in stored:
            file.delete(save=False)
        raise


def write(user, plan):
    """The rows of a plan (read_document), in one transaction."""
    with transaction.atomic():
        # Checked inside the transaction: a second tab restoring at the same time waits.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if not is_empty(user):
            raise Refused(
                "Your account already holds applications, contacts or scripts. A restore "
                "goes into an empty account only, so nothing is duplicated: sign up for a "
                "new account (or delete this one's data) and restore there."
            )
        if plan["settings"]:
            for name, value in plan["settings"].items():
                setattr(user, name, value)
            user.save(update_fields=list(plan["settings"]))
        Dealbreaker.objects.for_user(user).delete()  # the starter set, or edits of it
        Tag.objects.for_user(user).delete()  # none is on an application in an empty account
        create(Dealbreaker, list(plan["dealbreakers"].values()))
        create(ScriptTemplate, plan["scripts"])
        applications = [app for _, app, _, _ in plan["applications"]]
        create(Application, applications)
        changes, interviews = [], []
        for _, application, timeline, entries in plan["applications"]:
            for change in timeline:
                change.application = application  # now that it has its id
                changes.append(change)
            for interview, _, _ in entries:
                interview.application = application
                interviews.append(interview)
        create(StatusChange, changes)
        for document_row, _ in plan["documents"]:
            document_row.application = document_row.application  # now that it has its id
        create(Document, [document_row for document_row, _ in plan["documents"]])
        create_tags(user, applications)
        create(Interview, interviews)
        answers, decisions = [], []
        for _, _, _, entries in plan["applications"]:
            for interview, pairs, decision in entries:
                for answer, ref in pairs:
                    answer.interview = interview
                    answer.dealbreaker = plan["dealbreakers"].get(ref)
                    answers.append(answer)
                if decision is not None:
                    decision.interview = interview
                    decisions.append(decision)
        create(ChecklistAnswer, answers)
        create(Decision, decisions)
        contacts = [contact for contact, _ in plan["contacts"]]
        create(Contact, contacts)
        Contact.applications.through.objects.bulk_create(
            Contact.applications.through(contact=contact, application=application)
            for contact, links in plan["contacts"]
            for application in links["applications"]
        )
        InterviewContact.objects.bulk_create(
            interviewer_link(contact, interview, plan["interviewer_places"])
            for contact, links in plan["contacts"]
            for interview in links["interviews"]
        )
    return {
        "applications": len(applications),
        "interviews": len(interviews),
        "contacts": len(contacts),
        "documents": len(plan["documents"]),
        "documents_left_out": plan["documents_left_out"],
    }


def restore_file(user, data, files=None):
    """parse() then restore(), turning a database refusal into a message as well."""
    document = parse(data)
    try:
        return restore(user, document, files)
    except IntegrityError as error:
        raise Refused(
            "This export breaks a rule of Walkout's data (such as a salary range or a "
            "duplicate answer); nothing was stored."
        ) from error

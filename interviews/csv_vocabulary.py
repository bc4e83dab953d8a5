"""The words of the CSV import: the fields a column can fill and the header names
other trackers and spreadsheets give them, the status words Walkout can guess, and the
exports it knows by their headers. Data only; csv_import.py reads files with them."""

from .models import Application

DAY_FIRST, MONTH_FIRST = "dmy", "mdy"
DATE_ORDERS = {DAY_FIRST: "day first", MONTH_FIRST: "month first"}
# The fields a column can fill, with the header names spreadsheets and other trackers use
# for them, compared ignoring case, spacing and punctuation. When two columns name the
# same field, the one whose name comes earlier in its list wins ("Date Applied" over
# "Date"; JobSync's "appliedDate" over its yes/no "applied").
FIELDS = {
    "company": (
        "Company",
        [
            "company",
            "company name",
            "employer",
            "organisation",
            "organization",
            "firma",
            "unternehmen",
            "arbeitgeber",
        ],
    ),
    "role": (
        "Role",
        [
            "role",
            "job title",
            "jobtitle",
            "job position",
            "position",
            "title",
            "job",
            "position title",
            "job role",
            "stelle",
            "stellenbezeichnung",
            "jobtitel",
        ],
    ),
    "status": (
        "Status",
        ["status", "stage", "application status", "state", "bewerbungsstatus", "list"],
    ),
    "applied_on": (
        "Applied date",
        [
            "applied on",
            "date applied",
            "applied date",
            "applieddate",
            "application date",
            "date of application",
            "beworben am",
            "bewerbungsdatum",
            "datum der bewerbung",
            "applied",
            "date",
            "datum",
        ],
    ),
    "posting_url": (
        "Link",
        [
            "link",
            "url",
            "posting link",
            "posting url",
            "job link",
            "job url",
            "job post url",
            "job posting",
            "posting",
            "stellenanzeige",
        ],
    ),
    "salary": ("Salary", ["salary", "pay", "compensation", "salary range", "pay range", "gehalt"]),
    "salary_min": ("Salary from", ["salary from", "salary min", "min salary", "minimum salary"]),
    "salary_max": ("Salary to", ["salary to", "salary max", "max salary", "maximum salary"]),
    "currency": ("Currency", ["currency", "währung"]),
    "location": ("Location", ["location", "locations", "city", "place", "ort", "standort"]),
    "work_mode": ("Work mode", ["work mode", "workplace", "workplace type", "remote"]),
    "source": ("Source", ["source", "jobsource", "found on", "found via", "job board", "quelle"]),
    "notes": (
        "Notes",
        ["notes", "note", "comments", "comment", "notizen", "bemerkungen", "anmerkungen"],
    ),
    # Teal's excitement is one to five stars, as Walkout's priority is.
    "priority": ("Priority", ["priority", "priorität", "excitement"]),
    "tags": ("Tags", ["tags", "tag", "labels"]),
    "next_action": (
        "Next action",
        ["next action", "next step", "follow up", "nächster schritt", "to do", "todo"],
    ),
    "next_action_on": (
        "Next action due",
        ["next action due", "next action date", "follow up date", "follow up on", "deadline"],
    ),
    "resume_version": ("Résumé sent", ["resume version", "resume name", "resume", "lebenslauf"]),
    "job_description": (
        "Job description",
        ["job description", "description", "stellenbeschreibung", "beschreibung"],
    ),
    "saved_on": (
        "Saved on (timeline)",
        [
            "saved on",
            "date saved",
            "saved date",
            "date added",
            "added on",
            "created",
            "created at",
            "createdat",
            "gespeichert am",
        ],
    ),
    "interview_on": (
        "Interview date (timeline)",
        ["interview date", "interview on", "date of interview", "vorstellungsgespräch am"],
    ),
    "status_date": (
        "Status date (timeline)",
        [
            "status date",
            "stage date",
            "stage entered at",
            "status changed",
            "last status change",
            "date modified",
            "last updated",
            "updated",
            "updated at",
            "letzte änderung",
        ],
    ),
    "status_history": (
        "Status history (timeline)",
        ["stage history", "status history", "stage changes", "status changes"],
    ),
}
ADD_TO_NOTES = "add_to_notes"
# Columns kept by default as lines of the notes: worth keeping, no field of their own.
NOTE_HEADERS = [
    "contact",
    "contacts",
    "contact name",
    "contact email",
    "contact phone number",
    "recruiter",
    "ansprechpartner",
    "kontakt",
    "timeline",
]
# The choice each column offers, in the preview's order: option value → label.
CHOICES = {
    "": "Ignore",
    ADD_TO_NOTES: "Add to notes",
    **{name: label for name, (label, _) in FIELDS.items()},
}
# Dates a row can have; those not fields of an application go to its timeline.
DATE_FIELDS = ("applied_on", "next_action_on", "saved_on", "interview_on", "status_date")
TIMELINE_DATES = ("saved_on", "interview_on", "status_date")
MODEL_TEXT = ("company", "role", "location", "source", "notes", "next_action", "resume_version")

# First guesses for the status words other trackers and spreadsheets use: the first
# phrase found in the text wins, so the more telling ones come first. The user sees each
# guess in the preview and can change it.
STATUS_GUESSES = (
    ("not selected", Application.Status.REJECTED),
    ("not moving forward", Application.Status.REJECTED),
    ("reject", Application.Status.REJECTED),
    ("declin", Application.Status.REJECTED),
    ("unsuccessful", Application.Status.REJECTED),
    ("absage", Application.Status.REJECTED),
    ("abgelehnt", Application.Status.REJECTED),
    ("abgesagt", Application.Status.REJECTED),
    ("withdr", Application.Status.WITHDRAWN),
    ("zurückgezogen", Application.Status.WITHDRAWN),
    ("archiv", Application.Status.WITHDRAWN),
    ("no response", Application.Status.NO_RESPONSE),
    ("no answer", Application.Status.NO_RESPONSE),
    ("ghost", Application.Status.NO_RESPONSE),
    ("keine antwort", Application.Status.NO_RESPONSE),
    ("keine rückmeldung", Application.Status.NO_RESPONSE),
    ("expired", Application.Status.NO_RESPONSE),
    ("negotiat", Application.Status.OFFER),
    ("offer", Application.Status.OFFER),
    ("angebot", Application.Status.OFFER),
    ("zusage", Application.Status.OFFER),
    ("accept", Application.Status.ACCEPTED),
    ("hired", Application.Status.ACCEPTED),
    ("signed", Application.Status.ACCEPTED),
    ("eingestellt", Application.Status.ACCEPTED),
    ("interview", Application.Status.INTERVIEWING),
    ("gespräch", Application.Status.INTERVIEWING),
    ("einladung", Application.Status.INTERVIEWING),
    ("assessment", Application.Status.INTERVIEWING),
    ("screen", Application.Status.SCREENING),
    ("recruiter", Application.Status.SCREENING),
    ("telefon", Application.Status.SCREENING),
    # “Applying”: still writing it, not sent yet.
    ("applying", Application.Status.WISHLIST),
    ("to apply", Application.Status.WISHLIST),
    ("bookmark", Application.Status.WISHLIST),
    ("saved", Application.Status.WISHLIST),
    ("draft", Application.Status.WISHLIST),
    ("wish", Application.Status.WISHLIST),
    ("interested", Application.Status.WISHLIST),
    ("vorgemerkt", Application.Status.WISHLIST),
    ("appl", Application.Status.APPLIED),
    ("submitted", Application.Status.APPLIED),
    ("sent", Application.Status.APPLIED),
    ("beworben", Application.Status.APPLIED),
    ("bewerbung", Application.Status.APPLIED),
    ("versendet", Application.Status.APPLIED),
)


# Exports Walkout knows by their headers (normalised names all present): what to call them
# in the preview, and how they write dates when their cells cannot say.
KNOWN_FILES = (
    (
        "LinkedIn’s data download (Job Applications.csv)",
        {"application date", "contact email", "company name", "job title", "job url"},
        MONTH_FIRST,
    ),
    (
        "LinkedIn’s data download (Saved Jobs.csv)",
        {"saved date", "job url", "job title", "company name"},
        MONTH_FIRST,
    ),
    ("Teal", {"job position", "company", "date saved", "excitement"}, None),
    ("JobSync", {"createdat", "applieddate", "company", "jobtitle", "jobsource"}, None),
    ("Huntr", {"date", "action", "company", "job title", "status", "job url"}, None),
    (
        "Reactive Resume’s application tracker",
        {"company", "role", "stage", "stage date", "application date", "stage history"},
        None,
    ),
    ("a German spreadsheet", {"firma"}, DAY_FIRST),
    ("a German spreadsheet", {"beworben am"}, DAY_FIRST),
)

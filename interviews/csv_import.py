"""Applications from a spreadsheet's CSV: decode, split, map the columns, check each row.

Plain functions over bytes and text, no request in them. The import view keeps the
decoded text in the (database-backed) session between the preview and the confirmation,
reads it again with `read()` when the user confirms, and writes with `store()`.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from . import limits
from .models import MAX_SALARY, Application, StatusChange

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Columns read from each line; the rest are ignored (and said so). A tracker's export has
# a few dozen at most, and a 2 MB header can hold a million empty ones.
MAX_COLUMNS = 100
SHOWN_HEADER = 60  # characters of a column's name quoted in the preview

DAY_FIRST, MONTH_FIRST = "dmy", "mdy"
DATE_ORDERS = {DAY_FIRST: "day first", MONTH_FIRST: "month first"}

# The fields a row can fill, with the header names spreadsheets and other trackers use
# for them, compared ignoring case, spacing and punctuation.
FIELDS = {
    "company": ("Company", ["company", "company name", "employer", "organisation", "organization"]),
    "role": (
        "Role",
        ["role", "job title", "title", "position", "job", "position title", "job role"],
    ),
    "status": ("Status", ["status", "stage", "state", "application status"]),
    "applied_on": (
        "Applied date",
        [
            "applied on",
            "applied",
            "date applied",
            "applied date",
            "application date",
            "date of application",
            "date",
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
            "job posting",
            "posting",
        ],
    ),
    "salary": ("Salary", ["salary", "pay", "compensation", "salary range", "pay range"]),
    "salary_min": ("Salary from", ["salary from", "salary min", "min salary", "minimum salary"]),
    "salary_max": ("Salary to", ["salary to", "salary max", "max salary", "maximum salary"]),
    "currency": ("Currency", ["currency"]),
    "location": ("Location", ["location", "city", "place"]),
    "work_mode": ("Work mode", ["work mode", "workplace", "workplace type", "remote"]),
    "source": ("Source", ["source", "found on", "found via", "job board"]),
    "notes": ("Notes", ["notes", "note", "comments", "comment"]),
}
REQUIRED = ("company", "role")
MAX_LENGTHS = {
    name: Application._meta.get_field(name).max_length
    for name in ("company", "role", "posting_url", "location", "source", "notes")
}


def normalise(text):
    """'Date Applied', 'date_applied' and ' DATE-APPLIED ' all read 'date applied'."""
    return " ".join(re.sub(r"[\s_\-./:()#]+", " ", text.strip("\ufeff \t")).casefold().split())


HEADERS = {normalise(name): field for field, (_, names) in FIELDS.items() for name in names}

# Status values and labels, and the words other trackers use for the same stages.
STATUSES = {
    **{normalise(value): value for value in Application.Status.values},
    **{normalise(label): value for value, label in Application.Status.choices},
    "ghosted": Application.Status.NO_RESPONSE,
    "no reply": Application.Status.NO_RESPONSE,
    "saved": Application.Status.WISHLIST,
    "bookmarked": Application.Status.WISHLIST,
    "interview": Application.Status.INTERVIEWING,
    "phone screen": Application.Status.SCREENING,
    "offered": Application.Status.OFFER,
    "walkout": Application.Status.WALKED_OUT,
}
STATUS_HINT = ", ".join(label for _, label in Application.Status.choices)
WORK_MODES = {
    **{normalise(value): value for value in Application.WorkMode.values},
    **{normalise(label): value for value, label in Application.WorkMode.choices},
    "office": Application.WorkMode.ONSITE,
    "in office": Application.WorkMode.ONSITE,
}

CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR"}


class Unreadable(ValueError):
    """The file as a whole cannot be imported; the message says why, for the user."""


class OutOfRange(ValueError):
    """An amount above what the salary fields accept (MAX_SALARY)."""


@dataclass
class Decoded:
    text: str
    encoding: str


@dataclass
class Row:
    line: int
    cells: dict  # field → the text as it was in the file
    values: dict = field(default_factory=dict)  # field → the value to store
    problems: list = field(default_factory=list)
    date_undecided: bool = False  # its date reads two ways and no order was chosen

    @cached_property
    def application(self):
        """The unsaved application this row would become, for the preview to show."""
        return Application(**self.values)


@dataclass
class Preview:
    encoding: str
    delimiter: str
    columns: list  # (header, field label or None), in file order
    notes: list  # sentences about the columns: ignored ones, defaults
    rows: list
    date_order: str | None  # DAY_FIRST, MONTH_FIRST, or None when it does not matter
    date_order_detected: bool  # True: read from the column; False: the user's choice
    date_evidence: str  # the cells that decided it, or an ambiguous example
    date_sample: str  # a date to show read both ways, so the user can choose
    needs_date_order: bool  # ambiguous dates and no choice yet: nothing can be stored

    @property
    def valid_rows(self):
        return [row for row in self.rows if not row.problems]

    @property
    def problem_rows(self):
        return [row for row in self.rows if row.problems]

    @property
    def date_sample_read(self):
        """{order: the sample date read that way}, for the choice of order."""
        return {order: parse_date(self.date_sample, order) for order in DATE_ORDERS}

    @property
    def delimiter_name(self):
        return {",": "commas", ";": "semicolons", "\t": "tabs"}[self.delimiter]


def decode(data):
    """The file's text: UTF-8 (with or without a byte order mark), else Windows-1252 /
    Latin-1, which is what spreadsheets on Windows write when not asked for UTF-8."""
    if not data.strip():
        raise Unreadable("The file is empty.")
    if data.startswith((b"PK\x03\x04", codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        b"\x00" in data[:4096]
    ):
        raise Unreadable(
            "This is not a CSV text file: it looks like a spreadsheet (.xlsx, .ods) or "
            "UTF-16 text. In your spreadsheet choose “Save as” → “CSV UTF-8”, and upload that."
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 (with BOM)")
        except UnicodeDecodeError as error:
            raise Unreadable(
                "The file says it is UTF-8 but is not: the bytes at position "
                f"{error.start} are not UTF-8. Save it again as “CSV UTF-8”."
            ) from error
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("cp1252"), "Latin-1 (Windows-1252)")
    except UnicodeDecodeError:
        # Five bytes are unassigned in Windows-1252; ISO 8859-1 assigns every byte.
        return Decoded(data.decode("latin-1"), "Latin-1 (ISO 8859-1)")


def sniff_delimiter(text):
    """Comma, semicolon (spreadsheets in locales with a decimal comma) or tab: whichever
    the header line has most of. Header names rarely hold any of them."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def unneutralise(cell):
    """Drop the apostrophe our CSV export (or a spreadsheet) puts before a formula-like
    cell, so an exported file imports back as it was."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@":
        return cell[1:]
    return cell


def split_rows(text, delimiter):
    """(header cells, [(line number, cells)], the header's width in the file) without
    blank lines; line numbers as a spreadsheet shows them (the header is line 1). Each
    line is cut to its first MAX_COLUMNS cells, so no later step costs more for a wider
    file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, rows, width = None, [], 0
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            found, cells = len(cells), cells[:MAX_COLUMNS]
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, width = cells, found
                continue
            if len(rows) == MAX_ROWS:
                raise Unreadable(
                    f"The file has more than {MAX_ROWS:,} applications. Import at most "
                    f"{MAX_ROWS:,} at a time: split the file and import each part."
                )
            rows.append((line, cells))
    except csv.Error as error:
        raise Unreadable(f"Line {reader.line_num} cannot be read as CSV: {error}.") from error
    if header is None:
        raise Unreadable("The file is empty.")
    return header, rows, width


def header_label(name):
    """A column's name as the preview shows it: trimmed, and cut short when long."""
    name = name.strip("\ufeff ").strip()
    return name if len(name) <= SHOWN_HEADER else name[: SHOWN_HEADER - 1] + "…"


def map_columns(header, width=0):
    """{column index: field} and the notes to show about the columns. `width`: how many
    columns the file's header has, when more than the MAX_COLUMNS in `header`."""
    mapping, notes, taken = {}, [], {}
    beyond = max(0, width - MAX_COLUMNS)
    if beyond:
        notes.append(
            f"This file has {width:,} columns. Walkout reads the first {MAX_COLUMNS} and "
            f"ignores the other {beyond:,}: move any column you want imported into the "
            f"first {MAX_COLUMNS}."
        )
    for index, name in enumerate(header):
        label = header_label(name) or f"column {index + 1}"
        wanted = HEADERS.get(normalise(name))
        if wanted is None:
            notes.append(f"“{label}” is not a column Walkout knows: ignored.")
        elif wanted in taken:
            notes.append(f"“{label}” is ignored: “{taken[wanted]}” already gives the same field.")
        else:
            mapping[index] = wanted
            taken[wanted] = label
    if "salary" in taken and {"salary_min", "salary_max"} & set(taken):
        index = next(i for i, f in mapping.items() if f == "salary")
        del mapping[index]
        notes.append(f"“{taken['salary']}” is ignored: the salary from / to columns are used.")
    missing = [FIELDS[name][0] for name in REQUIRED if name not in taken]
    if missing:
        found = ", ".join(f"“{header_label(name)}”" for name in header if name.strip())
        if beyond:
            found = f"{found or 'nothing'} in its first {MAX_COLUMNS} (of {width:,})"
        raise Unreadable(
            f"No {' or '.join(missing).lower()} column. The first line must name the "
            f"columns (Company, Role, Status, Applied date, Link, Salary, Location, Notes); "
            f"this file's first line has {found or 'nothing'}."
        )
    if "status" not in taken:
        notes.append("No status column: every application will be “Applied”.")
    return mapping, notes


# Dates: ISO (2026-03-25), numbers day-first or month-first (25/03/2026, 3/25/26), or with
# the month's name (25 Mar 2026, March 25, 2026). A time after the date is ignored.
ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[T ,].*)?$")
NAMED_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%a %d %b %Y", "%a %b %d %Y")


def parse_date(text, order):
    """A date, or None if the text is not one (or needs an order that was not given)."""
    if match := ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := NUMERIC_DATE.match(text):
        first, second, year = int(match[1]), int(match[2]), match[3]
        if order == MONTH_FIRST or (order is None and second > 12 >= first):
            month, day = first, second
        elif order == DAY_FIRST or first > 12 or first == second:
            day, month = first, second
        else:
            return None  # 03/04/2026 with no order: 3 April or March 4?
        year = int(year) + (2000 if len(year) == 2 else 0)
    else:
        words = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace(",", " ").replace("-", " "))
        words = " ".join(words.split())
        for fmt in NAMED_FORMATS:
            try:
                return datetime.strptime(words, fmt).date()
            except ValueError:
                continue
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_ambiguous(first, second):
    """03/04 could be 3 April or March 4; 25/03, 03/25 and 04/04 can each be one date only."""
    return first != second and first <= 12 and second <= 12


@dataclass
class DateOrder:
    order: str | None  # None: undecided
    evidence: str  # the cells that decided it, or an undecided example, for the preview
    ambiguous: bool  # some dates read differently day first and month first
    sample: str  # a cell to show read both ways, when the user must choose


def detect_date_order(cells):
    """Day-first or month-first, from the column: a first number above 12 is a day
    (25/03/2026), a second one above 12 is a day too (03/25/2026). Undecided when no cell
    says, or when cells say both (then the user chooses and the others are problems)."""
    day_first = month_first = ambiguous = None
    for line, text in cells:
        match = NUMERIC_DATE.match(text)
        if not match:
            continue
        first, second = int(match[1]), int(match[2])
        if first > 12 >= second and day_first is None:
            day_first = (text, line)
        elif second > 12 >= first and month_first is None:
            month_first = (text, line)
        elif is_ambiguous(first, second) and ambiguous is None:
            ambiguous = (text, line)

    def cite(cell):
        return f"{cell[0]} on line {cell[1]}"

    if day_first and not month_first:
        return DateOrder(DAY_FIRST, cite(day_first), False, "")
    if month_first and not day_first:
        return DateOrder(MONTH_FIRST, cite(month_first), False, "")
    if day_first and month_first:
        sample = (ambiguous or day_first)[0]
        return DateOrder(None, f"{cite(day_first)} and {cite(month_first)}", True, sample)
    if ambiguous:
        return DateOrder(None, cite(ambiguous), True, ambiguous[0])
    return DateOrder(None, "", False, "")


AMOUNT = re.compile(r"(\d[\d\s.,'\u00a0\u202f]*)\s*([kK])?")


def parse_amount(text):
    """50000, 50,000, 50.000, 50 000, 50k, 52.5k, 50000.00 → a whole number, else None;
    OutOfRange above MAX_SALARY.

    Read as a Decimal and compared before anything is multiplied or made an int: a cell of
    5,000 nines is a float overflow and past Python's limit for int("…")."""
    match = AMOUNT.fullmatch(text.strip())
    if not match:
        return None
    digits, thousands = match.groups()
    digits = re.sub(r"[\s'\u00a0\u202f]", "", digits)
    scale = 1000 if thousands else 1
    if thousands:
        digits = digits.replace(",", ".")
    else:
        # A final separator followed by one or two digits is a decimal part: drop it.
        digits = re.sub(r"[.,]\d{1,2}$", "", digits)
        digits = digits.replace(",", "").replace(".", "")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        return None
    if amount > Decimal(MAX_SALARY) / scale:
        raise OutOfRange(text)
    return int((amount * scale).to_integral_value())


def parse_salary(text):
    """(low, high, currency or "") from "50k–60k EUR", "€50,000", "$90,000 - $110,000"."""
    currency = ""
    code = re.search(r"\b([A-Z]{3})\b", text)
    if code:
        currency = code[1].upper()
        text = text[: code.start()] + text[code.end() :]
    for sign, name in CURRENCY_SIGNS.items():
        if sign in text:
            currency = currency or name
            text = text.replace(sign, "")
    text = text.strip()
    parts = re.split(r"\s*(?:–|—|\bto\b|\s-\s|-(?=\s*\d))\s*", text, maxsplit=1)
    amounts = [parse_amount(part) for part in parts]
    if not text or None in amounts:
        return None
    low = amounts[0]
    high = amounts[1] if len(amounts) == 2 else amounts[0]
    return low, high, currency


def check_row(line, cells, order):
    """A Row with the values to store, or the problems that keep it out."""
    row = Row(line=line, cells=cells)
    values, problems = row.values, row.problems

    def text(name):
        return cells.get(name, "")

    for name, cell in cells.items():
        if "\x00" in cell:
            # Refused rather than dropped: a NUL in a text file is a sign of damage, and what
            # is around it may not be what the user wrote. PostgreSQL cannot store one.
            problems.append(
                f"{FIELDS[name][0]} holds a NUL character (an invisible code 0), which "
                "Walkout cannot store: remove it from the file."
            )
    for name in REQUIRED:
        if not text(name):
            problems.append(f"{FIELDS[name][0]} is empty.")
    for name, limit in MAX_LENGTHS.items():
        if len(text(name)) > limit:
            problems.append(f"{FIELDS[name][0]} is longer than {limit:,} characters.")
        elif name != "posting_url":
            values[name] = text(name)

    status = text("status")
    if not status:
        values["status"] = Application.Status.APPLIED
    elif normalise(status) in STATUSES:
        values["status"] = STATUSES[normalise(status)]
    else:
        problems.append(f"“{status[:60]}” is not a status. Use one of: {STATUS_HINT}.")

    mode = text("work_mode")
    if normalise(mode) in WORK_MODES:
        values["work_mode"] = WORK_MODES[normalise(mode)]
    elif mode:
        problems.append(f"Work mode “{mode[:40]}” is not on site, hybrid or remote.")

    applied = text("applied_on")
    values["applied_on"] = None
    if applied:
        values["applied_on"] = parse_date(applied, order)
        if values["applied_on"] is None:
            match = NUMERIC_DATE.match(applied)
            if order is None and match and is_ambiguous(int(match[1]), int(match[2])):
                # Not the row's problem: the preview asks for the order, and nothing can be
                # stored until it is given.
                row.date_undecided = True
            else:
                read = f" when read {DATE_ORDERS[order]}" if order and match else ""
                problems.append(
                    f"Applied date “{applied[:40]}” is not a date{read}. "
                    "Use 2026-03-25, 25/03/2026 or 25 Mar 2026."
                )
        else:
            try:
                limits.check_date(values["applied_on"])
            except ValidationError as error:
                problems.append(f"Applied date “{applied[:40]}”: {' '.join(error.messages)}")

    link = text("posting_url")
    if link:
        if "://" not in link and re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", link):
            link = "https://" + link  # "jobs.example.com/42", as spreadsheets shorten it
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            problems.append(f"Link “{link[:60]}” is not a web address.")
        else:
            if len(link) > MAX_LENGTHS["posting_url"]:
                problems.append(f"Link is longer than {MAX_LENGTHS['posting_url']:,} characters.")
            values["posting_url"] = link

    def salary(name):
        """(low, high, currency) from a salary cell, or None with its problem noted."""
        try:
            parsed = parse_salary(text(name))
        except OutOfRange:
            problems.append(
                f"{FIELDS[name][0]} “{text(name)[:40]}” is more than {MAX_SALARY:,}: a salary "
                f"is a whole amount from 0 to {MAX_SALARY:,}."
            )
            return None
        if name == "salary" and parsed is None:
            problems.append(f"Salary “{text(name)[:40]}” is not an amount or a range.")
        elif name != "salary" and (parsed is None or parsed[0] != parsed[1]):
            problems.append(f"{FIELDS[name][0]} “{text(name)[:40]}” is not an amount.")
            return None
        return parsed

    low = high = None
    currency = text("currency").upper()
    if text("salary") and (parsed := salary("salary")):
        low, high, found = parsed
        currency = currency or found
    for name in ("salary_min", "salary_max"):
        if text(name) and (parsed := salary(name)):
            currency = currency or parsed[2]
            if name == "salary_min":
                low = parsed[0]
            else:
                high = parsed[0]
    if low is not None and high is not None and low > high:
        problems.append(f"Salary from ({low:,}) is above salary to ({high:,}).")
    values["salary_min"], values["salary_max"] = low, high
    if currency and not re.fullmatch(r"[A-Z]{3}", currency):
        problems.append(f"Currency “{currency[:10]}” is not a three-letter code such as EUR.")
    elif currency:
        values["currency"] = currency
    return row


def with_currency(row, currency):
    row.values.setdefault("currency", currency)
    return row


def read(decoded, date_order=None, currency="USD"):
    """The preview of a decoded file: its columns, and each row checked. `date_order`
    (DAY_FIRST or MONTH_FIRST) is the user's choice; without one it is detected. A row
    that names no currency gets `currency`, the user's own."""
    delimiter = sniff_delimiter(decoded.text)
    header, lines, width = split_rows(decoded.text, delimiter)
    if not lines:
        raise Unreadable(
            "The file has a header line but no applications under it: nothing to import."
        )
    mapping, notes = map_columns(header, width)
    cells_by_line = [
        (
            line,
            {name: unneutralise(cells[i].strip()) for i, name in mapping.items() if i < len(cells)},
        )
        for line, cells in lines
    ]
    detected = detect_date_order(
        [(line, cells["applied_on"]) for line, cells in cells_by_line if cells.get("applied_on")]
    )
    if date_order in DATE_ORDERS:
        order, from_column = date_order, False
    else:
        order, from_column = detected.order, detected.order is not None
    return Preview(
        encoding=decoded.encoding,
        delimiter=delimiter,
        columns=[
            (header_label(name), FIELDS[mapping[i]][0] if i in mapping else None)
            for i, name in enumerate(header)
        ],
        notes=notes,
        rows=[
            with_currency(check_row(line, cells, order), currency) for line, cells in cells_by_line
        ],
        date_order=order,
        date_order_detected=from_column,
        date_evidence=detected.evidence,
        date_sample=detected.sample,
        needs_date_order=order is None and detected.ambiguous,
    )


def store(owner, rows, source_name):
    """Create an application for each row, with its first timeline entry; all or none.

    bulk_create skips Application.save(), so the timeline entries are created here too.
    An application imported as “applied” with a date moved to applied on that date (noon
    in the user's zone): that is when it started waiting, which the ghosting suggestion
    counts from. Anything else starts now.
    """
    now = datetime.now(owner.zone)
    applications = []
    for row in rows:
        application = Application(owner=owner, **row.values)
        applied_on = row.values.get("applied_on")
        moved = now
        if application.status == Application.Status.APPLIED and applied_on:
            moved = min(now, datetime.combine(applied_on, time(12), tzinfo=owner.zone))
        application.status_changed_at = moved
        applications.append(application)
    with transaction.atomic():
        Application.objects.bulk_create(applications)
        StatusChange.objects.bulk_create(
            StatusChange(
                application=application,
                from_status="",
                to_status=application.status,
                changed_at=application.status_changed_at,
                note=f"Imported from {source_name}, line {row.line}"[:200],
            )
            for application, row in zip(applications, rows, strict=True)
        )
    return applications

"""Applications from a spreadsheet's CSV: decode, split, map the columns, check each row.

Plain functions over bytes and text, no request in them. The import view keeps the
decoded text in a PendingImport row between the preview and the confirmation, reads it
again with `read()` (with the user's mapping of columns and statuses) when the user
confirms, and writes with `store()`; `undo()` takes an import back.
"""

import codecs
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from accounts.currency import unknown_code

from . import limits
from . import tags as tag_names
from .csv_vocabulary import (
    ADD_TO_NOTES,
    CHOICES,
    DATE_FIELDS,
    DATE_ORDERS,
    DAY_FIRST,
    FIELDS,
    KNOWN_FILES,
    MODEL_TEXT,
    MONTH_FIRST,
    NOTE_HEADERS,
    STATUS_GUESSES,
    TIMELINE_DATES,
)
from .duplicates import KnownApplications
from .models import MAX_SALARY, Application, ImportBatch, StatusChange, Tag
from .text import REFUSED_CHARACTERS

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Columns read from each line; the rest are ignored (and said so). A tracker's export has
# a few dozen at most, and a 2 MB header can hold a million empty ones.
MAX_COLUMNS = 100
SHOWN_HEADER = 60  # characters of a column's name quoted in the preview


REQUIRED = ("company", "role")
MAX_LENGTHS = {
    name: Application._meta.get_field(name).max_length
    for name in (*MODEL_TEXT, "posting_url", "job_description")
}


def normalise(text):
    """'Date Applied', 'date_applied' and ' DATE-APPLIED ' all read 'date applied'."""
    return " ".join(re.sub(r"[\s_\-./:()#]+", " ", text.strip("\ufeff \t")).casefold().split())


# normalised header → (field, rank): the lower rank wins when two columns want one field.
HEADERS = {
    normalise(name): (field, rank)
    for field, (_, names) in FIELDS.items()
    for rank, name in enumerate(names)
}
HEADERS.update({normalise(name): (ADD_TO_NOTES, 0) for name in NOTE_HEADERS})
EMPTY_CELLS = {"n/a", "n.a.", "-", "—", "none", "null"}  # what some exports write for nothing

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


def guess_status(text):
    """A status for a word Walkout does not know, or "" when nothing in it hints at one."""
    text = normalise(text)
    return next((status for phrase, status in STATUS_GUESSES if phrase in text), "")


def recognise(header):
    """(name, date order) of a known export with this header, or ("", None)."""
    names = {normalise(cell) for cell in header}
    for name, wanted, order in KNOWN_FILES:
        if wanted <= names:
            return name, order
    return "", None


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
    extra: list = field(default_factory=list)  # (header, text) to add to the notes
    values: dict = field(default_factory=dict)  # field → the value to store
    dates: dict = field(default_factory=dict)  # saved_on, interview_on, status_date
    problems: list = field(default_factory=list)
    date_undecided: bool = False  # its date reads two ways and no order was chosen
    duplicate: str = ""  # why it looks like an application already there, if it does
    tags: list = field(default_factory=list)  # names, stored beside the application
    history: list = field(default_factory=list)  # (status, date) the file says it had

    @cached_property
    def application(self):
        """The unsaved application this row would become, for the preview to show."""
        return Application(**self.values)


@dataclass
class Column:
    index: int
    header: str  # as the preview shows it
    field: str  # "" (ignored), ADD_TO_NOTES or a name in FIELDS
    samples: list  # a few of its values
    empty: bool = False  # no name and nothing in it: not worth a choice in the preview


@dataclass
class StatusChoice:
    number: int  # its place in the form (status_<number>)
    text: str  # as the file writes it
    chosen: str  # a status value, or "" (rows with it are problems)
    guessed: bool  # pre-set by Walkout rather than chosen


@dataclass
class Preview:
    encoding: str
    delimiter: str
    columns: list  # Column, in file order
    notes: list  # sentences about the columns: ignored ones, defaults
    blocking: list  # what keeps the mapping from being imported at all
    statuses: list  # StatusChoice for each status text Walkout cannot read
    recognised: str  # the known export this looks like, or ""
    rows: list
    date_order: str | None  # DAY_FIRST, MONTH_FIRST, or None when it does not matter
    date_order_detected: bool  # True: read from the file; False: the user's choice
    date_evidence: str  # the cells that decided it, or an ambiguous example
    date_sample: str  # a date to show read both ways, so the user can choose
    needs_date_order: bool  # ambiguous dates and no choice yet: nothing can be stored
    headers_key: str = ""  # identifies the file's layout, for a remembered mapping
    remembered: bool = False  # the mapping is the one the user chose for such a file before

    @property
    def valid_rows(self):
        return [row for row in self.rows if not row.problems]

    @property
    def problem_rows(self):
        return [row for row in self.rows if row.problems]

    @property
    def duplicate_rows(self):
        return [row for row in self.rows if not row.problems and row.duplicate]

    def importable(self, skip_duplicates=True):
        """The rows an import stores: the valid ones, less the duplicates if skipped."""
        return [row for row in self.valid_rows if not (skip_duplicates and row.duplicate)]

    @property
    def mapping(self):
        """The column fields and status choices, as a remembered mapping stores them."""
        return (
            [column.field for column in self.columns],
            {normalise(choice.text): choice.chosen for choice in self.statuses},
        )

    @property
    def mapping_key(self):
        """A short fingerprint of the mapping shown, so a confirmation can tell that the
        mapping it sends is the one the user saw applied."""
        columns, statuses = self.mapping
        text = json.dumps([columns, sorted(statuses.items()), self.date_order or ""])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

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


def headers_key(header):
    """What identifies a file's layout for a remembered mapping: its normalised headers."""
    joined = "\x1f".join(normalise(name) for name in header)
    return hashlib.sha256(joined.encode()).hexdigest()


def guess_columns(header):
    """Walkout's guess: one field name per column ("" = ignore), each field given once."""
    columns, best = [""] * len(header), {}
    for index, name in enumerate(header):
        field_name, rank = HEADERS.get(normalise(name), ("", 0))
        if not field_name:
            continue
        if field_name == ADD_TO_NOTES:
            columns[index] = field_name
        elif field_name not in best or rank < best[field_name][1]:
            if field_name in best:
                columns[best[field_name][0]] = ""
            columns[index] = field_name
            best[field_name] = (index, rank)
    if "salary" in best and {"salary_min", "salary_max"} & set(best):
        columns[best["salary"][0]] = ""  # the from / to columns say more
    return columns


def column_notes(header, width, columns):
    """Sentences about the columns for the preview: those beyond the cap, those ignored."""
    notes = []
    beyond = max(0, width - MAX_COLUMNS)
    if beyond:
        notes.append(
            f"This file has {width:,} columns. Walkout reads the first {MAX_COLUMNS} and "
            f"ignores the other {beyond:,}: move any column you want imported into the "
            f"first {MAX_COLUMNS}."
        )
    ignored = [
        f"“{header_label(name)}”"
        for name, field_name in zip(header, columns, strict=True)
        if not field_name and name.strip()
    ]
    if unnamed := sum(1 for name in header if not name.strip()):
        notes.append(
            f"{unnamed:,} column{'s have' if unnamed != 1 else ' has'} no name; those with "
            "nothing in them are left out here."
        )
    if ignored:
        notes.append(
            f"Ignored: {', '.join(ignored[:20])}{' and more' if len(ignored) > 20 else ''}. "
            "Choose a field or “Add to notes” for any you want to keep."
        )
    if "status" not in columns:
        notes.append(
            "No status column: every application will be “Applied”, or “Wishlist” when "
            "it has a saved date and no applied date."
        )
    return notes


def column_problems(header, columns):
    """What keeps the mapping from being imported at all: a field chosen twice, or no
    company or role."""
    problems, seen = [], {}
    for index, field_name in enumerate(columns):
        if not field_name or field_name == ADD_TO_NOTES:
            continue
        label = header_label(header[index]) or f"column {index + 1}"
        if field_name in seen:
            problems.append(
                f"“{seen[field_name]}” and “{label}” both go to {CHOICES[field_name]}: "
                "choose one of them."
            )
        else:
            seen[field_name] = label
    if "salary" in seen and {"salary_min", "salary_max"} & set(seen):
        problems.append("Choose either Salary (a range) or Salary from / to, not both.")
    for name in REQUIRED:
        if name not in seen:
            problems.append(
                f"No column is chosen for {CHOICES[name]}: choose the column that holds it."
            )
    return problems


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


def check_date(row, name, order):
    """Read the row's date cell `name` into row.values or row.dates; note its problem."""
    text = row.cells.get(name, "")
    target = row.dates if name in TIMELINE_DATES else row.values
    target[name] = None
    if not text:
        return
    label = CHOICES[name].split(" (")[0]
    target[name] = parse_date(text, order)
    if target[name] is None:
        match = NUMERIC_DATE.match(text)
        if order is None and match and is_ambiguous(int(match[1]), int(match[2])):
            # Not the row's problem: the preview asks for the order, and nothing can be
            # stored until it is given.
            row.date_undecided = True
        else:
            read = f" when read {DATE_ORDERS[order]}" if order and match else ""
            row.problems.append(
                f"{label} “{text[:40]}” is not a date{read}. "
                "Use 2026-03-25, 25/03/2026 or 25 Mar 2026."
            )
        return
    try:
        limits.check_date(target[name])
    except ValidationError as error:
        row.problems.append(f"{label} “{text[:40]}”: {' '.join(error.messages)}")
        target[name] = None


HISTORY_STEP = re.compile(r"^(?P<status>[^()]+?)\s*\((?P<date>[^()]+)\)$")
HISTORY_SEPARATOR = re.compile(r"\s*(?:→|->|>|;|\n)\s*")
MAX_HISTORY_STEPS = 50


def read_status(text, statuses):
    """The status a text names: Walkout's words, the user's choice, or a guess; or ""."""
    key = normalise(text)
    return STATUSES.get(key) or statuses.get(key) or guess_status(text)


def read_history(row, order, statuses):
    """[(status, date)] from a status history cell such as Reactive Resume writes:
    "Applied (2026-08-03) → Interview (2026-08-12)". A step whose status Walkout cannot
    tell is left out; a cell with no readable step is the row's problem."""
    text = row.cells.get("status_history", "")
    if not text:
        return []
    steps = []
    for part in HISTORY_SEPARATOR.split(text)[:MAX_HISTORY_STEPS]:
        match = HISTORY_STEP.match(part.strip())
        if not match:
            continue
        day = parse_date(match["date"].strip(), order)
        status = read_status(match["status"], statuses)
        if day is None or not status:
            continue
        try:
            limits.check_date(day)
        except ValidationError:
            continue
        steps.append((status, day))
    if not steps:
        row.problems.append(
            f"Status history “{text[:60]}” names no status with its date, such as "
            "“Applied (2026-08-03) → Interview (2026-08-12)”."
        )
    return steps


def check_row(line, cells, order, extra=(), statuses=None):
    """A Row with the values to store, or the problems that keep it out. `statuses`: the
    user's status for each (normalised) text Walkout cannot read."""
    row = Row(line=line, cells=cells, extra=list(extra))
    values, problems = row.values, row.problems
    statuses = statuses or {}

    def text(name):
        return cells.get(name, "")

    named = [(CHOICES[name], cell) for name, cell in cells.items()]
    for label, cell in [*named, *row.extra]:
        if found := REFUSED_CHARACTERS.search(cell):
            # Refused rather than dropped, as a form refuses one: a NUL in a text file is a
            # sign of damage, and what is around it may not be what the user wrote.
            # PostgreSQL cannot store a NUL; the other control characters hide in pages.
            code = ord(found.group())
            problems.append(
                f"{label} holds {'a NUL character' if code == 0 else 'a control character'} "
                f"(an invisible code {code}), which Walkout cannot store: remove it from the "
                "file."
            )
    for name in REQUIRED:
        if not text(name):
            problems.append(f"{CHOICES[name]} is empty.")
    notes = "\n".join(
        [text("notes")] * bool(text("notes"))
        + [f"{header}: {cell}" for header, cell in row.extra if cell]
    )
    for name, limit in MAX_LENGTHS.items():
        cell = notes if name == "notes" else text(name)
        if len(cell) > limit:
            added = " (with the columns added to them)" if name == "notes" and row.extra else ""
            problems.append(f"{CHOICES[name]}{added} is longer than {limit:,} characters.")
        elif name != "posting_url":
            values[name] = cell

    for name in DATE_FIELDS:
        check_date(row, name, order)

    status = text("status")
    if not status:
        saved_only = row.dates.get("saved_on") and not values.get("applied_on")
        values["status"] = Application.Status.WISHLIST if saved_only else Application.Status.APPLIED
    elif normalise(status) in STATUSES:
        values["status"] = STATUSES[normalise(status)]
    elif statuses.get(normalise(status)):
        values["status"] = statuses[normalise(status)]
    else:
        problems.append(
            f"“{status[:60]}” is not a status Walkout knows: choose one for it under Statuses."
        )

    if values.get("status") == Application.Status.WISHLIST and values.get("applied_on"):
        # Not sent yet: a date in the applied column (a tracker's "added on") is when it
        # was saved.
        row.dates["saved_on"] = row.dates.get("saved_on") or values["applied_on"]
        values["applied_on"] = None

    mode = text("work_mode")
    if normalise(mode) in WORK_MODES:
        values["work_mode"] = WORK_MODES[normalise(mode)]
    elif mode:
        problems.append(f"Work mode “{mode[:40]}” is not on site, hybrid or remote.")

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
                f"{CHOICES[name]} “{text(name)[:40]}” is more than {MAX_SALARY:,}: a salary "
                f"is a whole amount from 0 to {MAX_SALARY:,}."
            )
            return None
        if name == "salary" and parsed is None:
            problems.append(f"Salary “{text(name)[:40]}” is not an amount or a range.")
        elif name != "salary" and (parsed is None or parsed[0] != parsed[1]):
            problems.append(f"{CHOICES[name]} “{text(name)[:40]}” is not an amount.")
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
    priority = text("priority")
    if priority == "0":
        pass  # unrated, as a tracker's zero stars say
    elif priority in ("1", "2", "3", "4", "5"):
        values["priority"] = int(priority)
    elif priority:
        problems.append(f"Priority “{priority[:20]}” is not a number from 1 to 5.")
    row.history = read_history(row, order, statuses)
    try:
        # Reactive Resume separates tags with semicolons; most others with commas.
        row.tags = tag_names.parse_tags(text("tags").replace(";", ","))
    except ValidationError as error:
        problems.extend(f"Tags: {message}" for message in error.messages)
    if currency and not re.fullmatch(r"[A-Z]{3}", currency):
        problems.append(f"Currency “{currency[:10]}” is not a three-letter code such as EUR.")
    elif unknown := unknown_code(currency):
        problems.append(unknown)
    elif currency:
        values["currency"] = currency
    return row


def with_currency(row, currency):
    row.values.setdefault("currency", currency)
    return row


def clean_columns(columns, width):
    """The user's choice of field per column, kept to what the choices offer; None when
    there is none for this file, so Walkout's guess is used. `columns`: a list with one
    name per column (a remembered mapping), or {index: name} (a posted form, which leaves
    out the columns with no name and nothing in them)."""
    if isinstance(columns, dict) and columns:
        columns = [columns.get(index, "") for index in range(width)]
    if not isinstance(columns, list) or len(columns) != width:
        return None
    return [name if isinstance(name, str) and name in CHOICES else "" for name in columns]


def clean_statuses(statuses):
    """{normalised text: status value or ""} from a posted or remembered mapping."""
    if not isinstance(statuses, dict):
        return {}
    return {
        normalise(str(text))[:200]: value if value in Application.Status.values else ""
        for text, value in list(statuses.items())[:MAX_ROWS]
    }


def read(
    decoded, date_order=None, columns=None, statuses=None, known=None, recall=None, currency="USD"
):
    """The preview of a decoded file: its columns, and each row checked.

    `date_order` (DAY_FIRST or MONTH_FIRST) is the user's choice; without one it is
    detected. `columns` (a field name per column) and `statuses` ({text: status}) are the
    user's mapping; without them, `recall(headers_key)` may give a remembered one, or
    Walkout guesses. `known`: the user's applications (duplicates.KnownApplications), to
    mark the rows that are already there. A row that names no currency gets `currency`,
    the user's own."""
    delimiter = sniff_delimiter(decoded.text)
    header, lines, width = split_rows(decoded.text, delimiter)
    if not lines:
        raise Unreadable(
            "The file has a header line but no applications under it: nothing to import."
        )
    layout = headers_key(header)
    columns = clean_columns(columns, len(header))
    remembered = False
    if columns is None and recall is not None and (found := recall(layout)):
        columns = clean_columns(found[0], len(header))
        statuses, remembered = found[1], columns is not None
    columns = columns or guess_columns(header)
    recognised, usual_order = recognise(header)
    cells_by_line = []
    samples = [[] for _ in header]
    for line, cells in lines:
        fields, extra = {}, []
        for index, name in enumerate(columns):
            if index >= len(cells):
                break
            cell = unneutralise(cells[index].strip())
            if cell.casefold() in EMPTY_CELLS:
                cell = ""
            if cell and len(samples[index]) < 3 and cell[:40] not in samples[index]:
                samples[index].append(cell[:40])
            if name == ADD_TO_NOTES:
                extra.append((header_label(header[index]) or f"Column {index + 1}", cell))
            elif name:
                fields[name] = cell
        cells_by_line.append((line, fields, extra))
    detected = detect_date_order(
        [
            (line, fields[name])
            for line, fields, _ in cells_by_line
            for name in DATE_FIELDS
            if fields.get(name)
        ]
    )
    if date_order in DATE_ORDERS:
        order, from_file = date_order, False
    elif detected.order is None and detected.ambiguous and usual_order:
        order, from_file = usual_order, True
        detected.evidence = f"{recognised} writes them so"
    else:
        order, from_file = detected.order, detected.order is not None

    statuses = clean_statuses(statuses)
    unknown = {}
    for _, fields, _ in cells_by_line:
        text = fields.get("status", "")
        key = normalise(text)
        if text and key not in STATUSES and key not in unknown and len(unknown) < 200:
            unknown[key] = text[:200]
    choices = []
    for number, (key, text) in enumerate(unknown.items()):
        guessed = key not in statuses
        choices.append(
            StatusChoice(number, text, guess_status(text) if guessed else statuses[key], guessed)
        )
    chosen = {normalise(choice.text): choice.chosen for choice in choices}
    rows = [
        with_currency(check_row(line, fields, order, extra, chosen), currency)
        for line, fields, extra in cells_by_line
    ]
    if known is not None:
        mark_duplicates(rows, known)
    return Preview(
        encoding=decoded.encoding,
        delimiter=delimiter,
        columns=[
            Column(
                index,
                header_label(name) or f"Column {index + 1}",
                columns[index],
                samples[index],
                empty=not name.strip() and not samples[index] and not columns[index],
            )
            for index, name in enumerate(header)
        ],
        notes=column_notes(header, width, columns),
        blocking=column_problems(header, columns),
        statuses=choices,
        recognised=recognised,
        rows=rows,
        date_order=order,
        date_order_detected=from_file,
        date_evidence=detected.evidence,
        date_sample=detected.sample,
        needs_date_order=order is None and detected.ambiguous,
        headers_key=layout,
        remembered=remembered,
    )


def mark_duplicates(rows, known):
    """Mark each valid row that matches one of the user's applications, or an earlier
    valid row of the same file: the same normalised posting link, or company and role."""
    earlier = KnownApplications()
    for row in rows:
        if row.problems:
            continue
        company, role = row.values["company"], row.values["role"]
        link = row.values.get("posting_url", "")
        if found := known.match(company, role, link):
            application, reason = found
            row.duplicate = f"You have it already: {application} ({reason})."
        elif found := earlier.match(company, role, link):
            line, reason = found
            row.duplicate = f"The same as line {line} of this file ({reason})."
        earlier.add(company, role, link, row.line)


def noon(day, zone, hour=12):
    return datetime.combine(day, time(hour), tzinfo=zone)


def timeline(status, applied_on, dates, zone, now, history=()):
    """[(status, when)] for an imported application, oldest first, from the file's dates:
    saved (wishlist), applied, an interview, and the steps of a status history; then the
    current status on its own date, or an hour after the last known one. Nothing later
    than now; now only when the file has no date at all."""
    order = [choice for choice, _ in Application.Status.choices]
    steps = []
    saved_on = dates.get("saved_on")
    # Saved on the day of applying, or after it (a row entered later than it was sent,
    # as a tracker's "created at" often is), says nothing about a wish list.
    if saved_on and not (applied_on and saved_on >= applied_on):
        steps.append((Application.Status.WISHLIST, noon(saved_on, zone)))
    if applied_on and status != Application.Status.WISHLIST:
        steps.append((Application.Status.APPLIED, noon(applied_on, zone)))
    past_interview = order.index(status) > order.index(Application.Status.INTERVIEWING)
    if dates.get("interview_on") and (status == Application.Status.INTERVIEWING or past_interview):
        steps.append((Application.Status.INTERVIEWING, noon(dates["interview_on"], zone)))
    if history:
        # The history's own dates win over a single column's for the same status.
        told = {step for step, _ in history}
        steps = [step for step in steps if step[0] not in told]
        steps += [(step, noon(day, zone)) for step, day in history]
        steps.sort(key=lambda step: step[1])  # stable: same-day steps keep the file's order
        steps = [step for n, step in enumerate(steps) if n == 0 or step[0] != steps[n - 1][0]]
    if not steps or steps[-1][0] != status:
        if dates.get("status_date"):
            when = noon(dates["status_date"], zone, 13)
        elif steps:
            when = steps[-1][1] + timedelta(hours=1)
        else:
            when = now
        steps.append((status, when))
    # Dates in the wrong order (a status date before the applied date) keep the order of
    # the stages, a minute apart; none is later than the import.
    placed = []
    for step, when in steps:
        if placed and when <= placed[-1][1]:
            when = placed[-1][1] + timedelta(minutes=1)
        placed.append((step, when))
    return [(step, min(when, now)) for step, when in placed]


def store(owner, rows, source_name):
    """Create an application for each row, with its timeline; all or none. Returns the
    ImportBatch, by which the import can be undone.

    bulk_create skips Application.save(), so the timeline entries are created here too.
    Each entry carries the file's date for it (noon in the user's zone), so the
    activity log shows when things happened, not when they were imported; the current
    status's date is also what the ghosting suggestion counts from.
    """
    now = timezone.now()
    zone = owner.zone
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            owner=owner, name=source_name[:100], created_count=len(rows), imported_at=now
        )
        applications, timelines = [], []
        for row in rows:
            application = Application(owner=owner, import_batch=batch, **row.values)
            steps = timeline(
                application.status, application.applied_on, row.dates, zone, now, row.history
            )
            application.status_changed_at = steps[-1][1]
            applications.append(application)
            timelines.append(steps)
        Application.objects.bulk_create(applications)
        # Stamped with the import's time: a later updated_at means changed since.
        Application.objects.filter(import_batch=batch).update(updated_at=now)
        changes = []
        for application, row, steps in zip(applications, rows, timelines, strict=True):
            previous = ""
            for status, when in steps:
                changes.append(
                    StatusChange(
                        application=application,
                        from_status=previous,
                        to_status=status,
                        changed_at=when,
                        note=f"Imported from {source_name}, line {row.line}"[:200],
                    )
                )
                previous = status
        StatusChange.objects.bulk_create(changes)
        names = [name for row in rows for name in row.tags]
        by_key = {tag.key: tag for tag in Tag.objects.named(owner, names)}
        Tag.applications.through.objects.bulk_create(
            Tag.applications.through(tag=by_key[tag_names.tag_key(name)], application=app)
            for app, row in zip(applications, rows, strict=True)
            for name in row.tags
        )
    return batch


def undo(batch):
    """Delete the batch's applications unchanged since the import; keep the others.
    Returns (how many were deleted, the applications kept)."""
    with transaction.atomic():
        unchanged, changed = batch.split_for_undo()
        Application.objects.filter(pk__in=unchanged).delete()
        # Tags the import brought that are now on nothing go, as when tags are removed.
        Tag.objects.for_user(batch.owner_id).unused().delete()
        batch.undone_at = timezone.now()
        batch.save(update_fields=["undone_at"])
    return len(unchanged), changed

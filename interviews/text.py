"""Text compared the way people read it: case folded for search, company names without
their legal form; and the characters no text may hold. Plain functions and one database
function, used by models and views."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver

# Text may hold tabs and line breaks; no other C0 control character means anything in a
# job search, PostgreSQL refuses NUL outright, and the rest hide in pages and CSV cells.
# The middleware refuses them in every form and query string; imports and restores check
# their text with check_plain().
REFUSED_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Half of a surrogate pair: what a JSON "\ud800" escape leaves when its other half is
# missing. Not a character, and no database stores one; a form can never send one.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_plain(text):
    """ValidationError when `text` holds what no form lets through: a control character
    other than tab and line breaks, or half a surrogate pair."""
    if REFUSED_CHARACTERS.search(text):
        raise ValidationError(
            "holds a control character (such as a NUL byte): text may hold tabs and line "
            "breaks, but no other control characters.",
            code="control",
        )
    if LONE_SURROGATE.search(text):
        raise ValidationError(
            "holds half a character (an unpaired \\ud800–\\udfff escape).", code="surrogate"
        )


# SQLite's LIKE and UPPER() fold ASCII letters only: "MÜLLER" would not find "Müller".
# Each SQLite connection gets a Python function that folds every letter; PostgreSQL's own
# UPPER() already folds every letter of a UTF-8 database.
SQLITE_FOLD = "walkout_fold"


@receiver(connection_created)
def add_fold_to_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FOLD, 1, lambda text: text if text is None else text.upper(), deterministic=True
        )


class Folded(models.Func):
    """A text expression with every letter upper-cased, on every database."""

    function = "UPPER"
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FOLD, **extra_context)


def contains_folded(field, text):
    """A filter: `field` contains `text`, whatever the case of any letter (ü and Ü alike).
    Both sides are folded by the database, so each database agrees with itself."""
    return models.lookups.Contains(Folded(field), Folded(models.Value(text)))


# Legal forms at the end of a company's name: "Northwind Analytics GmbH" is "Northwind
# Analytics". Compared without dots and commas ("S.A." is "sa", "Inc." is "inc").
LEGAL_FORMS = {
    "&",
    "ab",
    "ag",
    "as",
    "asa",
    "bv",
    "co",
    "corp",
    "corporation",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "kk",
    "lda",
    "limited",
    "llc",
    "llp",
    "ltd",
    "nv",
    "oy",
    "oyj",
    "plc",
    "pte",
    "pty",
    "sa",
    "sarl",
    "sas",
    "se",
    "sl",
    "spa",
    "sro",
    "srl",
    "ug",
}


def normalise_name(text):
    """A name for comparison, ignoring case and spacing: “ACME  Corp” == “acme corp”."""
    return " ".join((text or "").split()).casefold()


def without_legal_form(text):
    """A company's name as people say it: “Northwind Analytics GmbH” and “Northwind
    Analytics, Inc.” are “Northwind Analytics”. A name that is nothing but a legal form is
    kept as it is."""
    words = (text or "").split()
    while len(words) > 1 and words[-1].casefold().replace(".", "").replace(",", "") in LEGAL_FORMS:
        words.pop()
    return " ".join(words).rstrip(",;")


def normalise_company(text):
    """A company's name for comparison: as normalise_name, and without its legal form, so
    “Northwind Analytics GmbH”, “Northwind Analytics, Inc.” and “northwind analytics” are
    one company."""
    return normalise_name(without_legal_form(text))


def counted(count, singular, plural=None):
    """“1 contact”, “2 contacts”: a count with its noun in the right number."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"

"""Tag names as a user types them: “remote, Dream job” → ["remote", "Dream job"].

Plain functions, no database: the form, the bulk action, the CSV import and the restore
all read names through them, so a name one of them takes, the others take too.
"""

from django.core.exceptions import ValidationError

from .text import LONE_SURROGATE, normalise_name

MAX_LENGTH = 40  # Tag.name's max_length
MAX_TAGS = 20  # on one application


def tag_key(name):
    """What two names are compared by: “Dream  Job” and “dream job” are one tag."""
    return normalise_name(name)


def clean_tag(name):
    """One tag's name with its spacing tidied, or ValidationError."""
    name = " ".join(str(name).split())
    if not name:
        raise ValidationError("A tag needs a name.", code="empty")
    if "," in name:
        raise ValidationError(f"“{name[:40]}”: a tag's name cannot hold a comma.", code="comma")
    if any(ord(char) < 32 or ord(char) == 127 for char in name) or LONE_SURROGATE.search(name):
        raise ValidationError("A tag's name cannot hold control characters.", code="control")
    if len(name) > MAX_LENGTH:
        raise ValidationError(
            f"“{name[:20]}…” is longer than {MAX_LENGTH} characters: shorten the tag.",
            code="too_long",
        )
    return name


def parse_tags(text):
    """The names in comma-separated text, each once (the first spelling wins), in order;
    ValidationError naming every problem."""
    return check_names(part for part in str(text).split(",") if part.strip())


def check_names(names):
    """A list of names, tidied, each once (the first spelling wins); ValidationError
    naming every problem."""
    kept, seen, problems = [], set(), []
    for name in names:
        try:
            name = clean_tag(name)
        except ValidationError as error:
            problems.extend(error.messages)
            continue
        if tag_key(name) not in seen:
            seen.add(tag_key(name))
            kept.append(name)
    if len(kept) > MAX_TAGS:
        problems.append(f"At most {MAX_TAGS} tags on one application ({len(kept)} given).")
    if problems:
        raise ValidationError(problems)
    return kept

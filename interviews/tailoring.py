"""The exit script: the article's words, tailored. Pure functions, no request, no database.

A user's own template is filled by plain string substitution of a few named
placeholders; it is never handed to a template engine, and the result is plain text
that the page escapes like any other.
"""

import re
from dataclasses import dataclass

PLACEHOLDERS = ("interviewer", "company", "role", "my_name")
IN_PERSON, VIDEO, PHONE = "in_person", "video", "phone"
FORMATS = (IN_PERSON, VIDEO, PHONE)
SHORT, FULL = "short", "full"
LENGTHS = (SHORT, FULL)

# From "You Can Walk Out Of A Job Interview!": "It doesn't sound like I would be a good
# fit for what you're looking for in this position. I'm sure that you have other work
# that you'd like to get back to, so I'd be fine ending the interview now. Thank you so
# much for your time. I appreciate the opportunity to meet you and the team."
# Only in person does one meet the team and get walked to the door; on a call the
# candidate lets the interviewer go instead.
DEFAULT_TEMPLATES = {
    (IN_PERSON, FULL): (
        "{interviewer}, it doesn't sound like I would be a good fit for what you're looking "
        "for in this {role} position. I'm sure that you have other work that you'd like to "
        "get back to, so I'd be fine ending the interview now. Thank you so much for your "
        "time. I appreciate the opportunity to meet you and the team at {company}."
    ),
    (VIDEO, FULL): (
        "{interviewer}, it doesn't sound like I would be a good fit for what you're looking "
        "for in this {role} position. I'm sure that you have other work that you'd like to "
        "get back to, so I'd be fine ending our call now. Thank you so much for your time. "
        "I appreciate the opportunity to meet you and to learn about {company}. "
        "I'll let you go."
    ),
    (PHONE, FULL): (
        "{interviewer}, it doesn't sound like I would be a good fit for what you're looking "
        "for in this {role} position. I'm sure that you have other work that you'd like to "
        "get back to, so I'd be fine ending our call now. Thank you so much for your time, "
        "and for telling me about {company}. I'll let you go."
    ),
    (IN_PERSON, SHORT): (
        "{interviewer}, I don't think I'd be a good fit for this position, so I'd be fine "
        "ending the interview now. Thank you so much for your time — it was good to meet "
        "you and the team."
    ),
    (VIDEO, SHORT): (
        "{interviewer}, I don't think I'd be a good fit for this position, so I'd be fine "
        "ending our call now. Thank you so much for your time — I'll let you go."
    ),
    (PHONE, SHORT): (
        "{interviewer}, I don't think I'd be a good fit for this position, so I'd be fine "
        "ending our call now. Thank you so much for your time — I'll let you go."
    ),
}

# A placeholder is {word}; doubled braces ({{ … }}) are left exactly as written.
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


@dataclass(frozen=True)
class Script:
    text: str
    unknown: tuple[str, ...] = ()


# Titles by which someone with one is addressed, as they are said aloud; a professor who is
# also a doctor is addressed as professor. Other abbreviations before a name ("med.",
# "Dipl.-Ing.") are skipped, never said.
TITLES = {
    "prof": "Professor",
    "professor": "Professor",
    "dr": "Dr.",
    "doctor": "Dr.",
    "mr": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "mx": "Mx.",
    "miss": "Miss",
    "herr": "Herr",
    "frau": "Frau",
}
# Which title wins when a name has several: the first of these present, else the first given.
TITLE_RANK = ("Professor", "Dr.")
# Lower-case words that belong to a surname: "Dr. Ludwig van der Berg" is "Dr. van der Berg".
PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le", "zu"}


def spoken_name(full_name):
    """How the script addresses someone: “Dana Reyes” → “Dana”; with a title, title and
    surname: “Dr. Anna Schmidt” → “Dr. Schmidt”, “Prof. Dr. Klaus Meier” → “Professor Meier”."""
    words = full_name.split()
    titles = []
    while words:
        key = words[0].rstrip(".").casefold()
        if key in TITLES:
            titles.append(TITLES[key])
        elif not (titles and words[0].endswith(".")):
            break
        words = words[1:]
    if not words:
        return ""
    if not titles:
        # An initial is no name to call someone by: “J. Smith” stays whole.
        return " ".join(words[:2]) if words[0].endswith(".") else words[0]
    title = next((t for t in TITLE_RANK if t in titles), titles[0])
    surname = [words[-1]]
    for word in reversed(words[1:-1]):
        if word not in PARTICLES:
            break
        surname.insert(0, word)
    return " ".join([title, *surname])


def default_template(format=IN_PERSON, length=FULL):
    format = format if format in FORMATS else IN_PERSON
    length = length if length in LENGTHS else FULL
    return DEFAULT_TEMPLATES[(format, length)]


def tidy(text):
    """Mend the punctuation an empty placeholder leaves behind: “, it doesn't…” → “It doesn't…”."""
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" ([,.;:!?])", r"\1", text)
    text = re.sub(r",([.;:!?—])", r"\1", text)
    text = re.sub(r"(^|[.!?]\s+|\n)[,;:]\s*(\w)", lambda m: m[1] + m[2].upper(), text)
    return text.strip()


def fill(template, values):
    """Replace the known placeholders with plain text; keep unknown ones as written."""
    unknown = []

    def replace(match):
        name = match[1]
        if name in PLACEHOLDERS:
            return str(values.get(name) or "").strip()
        if name not in unknown:
            unknown.append(name)
        return match[0]

    return Script(text=tidy(PLACEHOLDER.sub(replace, template)), unknown=tuple(unknown))

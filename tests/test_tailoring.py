"""The exit script's tailoring: pure functions, every variant."""

import pytest

from interviews.tailoring import (
    DEFAULT_TEMPLATES,
    FORMATS,
    FULL,
    IN_PERSON,
    LENGTHS,
    PHONE,
    VIDEO,
    default_template,
    fill,
)

VALUES = {
    "interviewer": "Dana Reyes",
    "company": "Northwind",
    "role": "Data Engineer",
    "my_name": "Sam",
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("length", LENGTHS)
def test_every_variant_is_tailored_and_complete(fmt, length):
    script = fill(default_template(fmt, length), VALUES)
    assert script.text.startswith("Dana Reyes, ")
    assert "{" not in script.text and "}" not in script.text
    assert script.unknown == ()
    assert "good fit" in script.text and "Thank you so much for your time" in script.text
    if length == FULL:
        assert "Data Engineer" in script.text and "Northwind" in script.text


@pytest.mark.parametrize("length", LENGTHS)
def test_no_meeting_the_team_on_a_call(length):
    for fmt in (PHONE,):
        assert "the team" not in fill(default_template(fmt, length), VALUES).text
    assert "the team" in fill(default_template(IN_PERSON, length), VALUES).text


@pytest.mark.parametrize("fmt", [VIDEO, PHONE])
@pytest.mark.parametrize("length", LENGTHS)
def test_calls_let_the_interviewer_go_instead_of_being_walked_out(fmt, length):
    text = fill(default_template(fmt, length), VALUES).text.lower()
    assert "escort" not in text and "see myself out" not in text and "to the door" not in text
    assert "i'll let you go" in text


def test_full_in_person_is_the_articles_script():
    text = fill(default_template(IN_PERSON, FULL), VALUES).text
    assert (
        "I'm sure that you have other work that you'd like to get back to, "
        "so I'd be fine ending the interview now." in text
    )
    assert "I appreciate the opportunity to meet you and the team" in text


def test_missing_interviewer_name_leaves_clean_sentences():
    for template in DEFAULT_TEMPLATES.values():
        text = fill(template, {**VALUES, "interviewer": ""}).text
        assert not text.startswith(",") and text[0].isupper()
        assert ", ." not in text and "  " not in text


def test_unknown_defaults_fall_back_to_in_person_full():
    assert default_template("carrier-pigeon", "epic") == DEFAULT_TEMPLATES[(IN_PERSON, FULL)]


def test_user_placeholders_are_filled():
    script = fill("Thanks {interviewer} — {my_name} ({role}, {company})", VALUES)
    assert script.text == "Thanks Dana Reyes — Sam (Data Engineer, Northwind)"


def test_unknown_placeholder_is_kept_and_reported():
    script = fill("Hello {interviewer}, about {salary} and {salary} and {benefits}.", VALUES)
    assert script.text == "Hello Dana Reyes, about {salary} and {salary} and {benefits}."
    assert script.unknown == ("salary", "benefits")


@pytest.mark.parametrize(
    "template",
    [
        "{{ company }} and {% if 1 %}x{% endif %}",
        "{{company}}",
        "{company.__class__}",
        "{0}",
        "{company!r}",
        "%(company)s",
        "$company",
    ],
)
def test_template_engine_and_format_syntax_stays_literal(template):
    script = fill(template, VALUES)
    assert "Northwind" not in script.text
    assert script.text == template.strip()


def test_values_are_inserted_as_plain_text_not_reinterpreted():
    values = {**VALUES, "company": "{role} <script>alert(1)</script> {{ x }}"}
    text = fill("At {company}", values).text
    assert text == "At {role} <script>alert(1)</script> {{ x }}"  # escaped by the page, not here


@pytest.mark.parametrize(
    ("name", "spoken"),
    [
        ("Dana Reyes", "Dana"),
        ("Priya", "Priya"),
        ("  ", ""),
        ("J. Smith", "J. Smith"),
        # Someone with a title is addressed by title and surname.
        ("Dr. Chris Okafor", "Dr. Okafor"),
        ("Dr. Anna Schmidt", "Dr. Schmidt"),
        ("Dr Anna Schmidt", "Dr. Schmidt"),
        ("dr. anna schmidt", "Dr. schmidt"),
        ("Dr. Okafor", "Dr. Okafor"),
        ("Prof. Dr. Klaus Meier", "Professor Meier"),
        ("Professor Klaus Meier", "Professor Meier"),
        ("Dr. Prof. Klaus Meier", "Professor Meier"),
        ("Dr. med. Anna Schmidt", "Dr. Schmidt"),
        ("Dr. Ludwig van der Berg", "Dr. van der Berg"),
        ("Ms. Jane Doe", "Ms. Doe"),
        ("Frau Dr. Anna Schmidt", "Dr. Schmidt"),
        ("Dr.", ""),
        ("Prof. Dr.", ""),
    ],
)
def test_scripts_address_people_by_first_name_or_title_and_surname(name, spoken):
    from interviews.tailoring import spoken_name

    assert spoken_name(name) == spoken

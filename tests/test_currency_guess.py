"""A new user's currency, guessed from their time zone or their browser's language."""

import pytest

from accounts.currency import guess_currency, language_regions


@pytest.mark.parametrize(
    ("zone", "language", "expected"),
    [
        ("Europe/Berlin", "", "EUR"),
        ("Europe/Paris", "en-US", "EUR"),  # where they are beats the browser's default
        ("Europe/London", "", "GBP"),
        ("Europe/Zurich", "", "CHF"),
        ("America/New_York", "", "USD"),
        ("America/Toronto", "", "CAD"),
        ("America/Sao_Paulo", "", "BRL"),
        ("Asia/Kolkata", "", "INR"),
        # Older names of the same zones, as Chromium reports them.
        ("Asia/Calcutta", "", "INR"),
        ("Europe/Kiev", "", "UAH"),
        ("Asia/Saigon", "", "VND"),
        ("America/Buenos_Aires", "", "ARS"),
        ("US/Eastern", "", "USD"),
        ("Etc/GMT+5", "en-GB", "GBP"),  # no country: the language decides
        ("Asia/Tokyo", "", "JPY"),
        ("Australia/Sydney", "", "AUD"),
        ("UTC", "de-CH,de;q=0.9", "CHF"),
        ("UTC", "en-GB", "GBP"),
        ("UTC", "zh-Hant-TW", "TWD"),  # language, script, then region
        ("UTC", "fr", "USD"),  # no region: nothing to go on
        ("UTC", "", "USD"),
        ("Antarctica/Troll", "", "USD"),  # a place without a currency we know
        ("Not/AZone", "xx-ZZ", "USD"),
        ("", "\x00;;,,-", "USD"),
    ],
)
def test_guess_currency(zone, language, expected):
    assert guess_currency(zone, language) == expected


def test_language_regions_skip_what_is_not_a_region():
    assert language_regions("de-CH, en_GB;q=0.8, fr;q=0.5, es-419, *") == ["CH", "GB"]
    assert language_regions("x" * 10_000) == []

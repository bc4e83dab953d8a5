"""Currency codes: the one check of a code, the form field that reads one as typed, and a
new user's currency guessed from where they are (their time zone, else the region of their
browser's language). They can change it on their profile."""

import contextlib
import functools
import zoneinfo
from importlib import resources
from pathlib import Path

from django import forms
from django.core.validators import RegexValidator

FALLBACK = "USD"

CODE = RegexValidator(r"^[A-Z]{3}$", "Use a three-letter code such as USD or EUR.")

# The currencies in use (ISO 4217, 2026; BGN kept for what was written in it before the euro).
CODES = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD
    FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
    KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
    MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
    RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT
    TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER
    ZAR ZMW ZWG
    """.split()  # noqa: SIM905 - a table to read, not a list of 157 quoted strings
)


def unknown_code(code):
    """Why a well-formed code is not a currency ("ZZZ"), or "" when it is one."""
    if len(code) == 3 and code.isalpha() and code.isupper() and code not in CODES:
        return f"“{code}” is not a currency code: use one such as EUR, USD or GBP."
    return ""


class CodeField(forms.CharField):
    """A currency code as typed: " eur" reads "EUR"; one that is no currency is refused."""

    def to_python(self, value):
        return super().to_python(value).upper()

    def validate(self, value):
        super().validate(value)
        if problem := unknown_code(value):
            raise forms.ValidationError(problem, code="unknown")


EURO = [
    "AT",
    "BE",
    "BG",  # since 1 January 2026
    "CY",
    "DE",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MC",
    "ME",
    "MT",
    "NL",
    "PT",
    "SI",
    "SK",
    "SM",
    "VA",
    "AD",
    "XK",
]

# Countries' currencies (ISO 3166 → ISO 4217), for the places job seekers most often are.
CURRENCIES = {
    **dict.fromkeys(EURO, "EUR"),
    "AE": "AED",
    "AR": "ARS",
    "AU": "AUD",
    "BD": "BDT",
    "BR": "BRL",
    "CA": "CAD",
    "CH": "CHF",
    "CL": "CLP",
    "CN": "CNY",
    "CO": "COP",
    "CZ": "CZK",
    "DK": "DKK",
    "EG": "EGP",
    "GB": "GBP",
    "GG": "GBP",
    "GH": "GHS",
    "HK": "HKD",
    "HU": "HUF",
    "ID": "IDR",
    "IL": "ILS",
    "IM": "GBP",
    "IN": "INR",
    "IS": "ISK",
    "JE": "GBP",
    "JP": "JPY",
    "KE": "KES",
    "KR": "KRW",
    "LI": "CHF",
    "MA": "MAD",
    "MX": "MXN",
    "MY": "MYR",
    "NG": "NGN",
    "NO": "NOK",
    "NZ": "NZD",
    "PE": "PEN",
    "PH": "PHP",
    "PK": "PKR",
    "PL": "PLN",
    "PR": "USD",
    "QA": "QAR",
    "RO": "RON",
    "RS": "RSD",
    "SA": "SAR",
    "SE": "SEK",
    "SG": "SGD",
    "TH": "THB",
    "TR": "TRY",
    "TW": "TWD",
    "UA": "UAH",
    "US": "USD",
    "UY": "UYU",
    "VN": "VND",
    "ZA": "ZAR",
}


def _zone_files():
    """Where Python finds the time zone database: the system's folders, then tzdata's."""
    places = [Path(directory) for directory in zoneinfo.TZPATH]
    with contextlib.suppress(ModuleNotFoundError):
        places.append(resources.files("tzdata").joinpath("zoneinfo"))
    return places


def _zone_bytes(places, name):
    for place in places:
        with contextlib.suppress(OSError, ValueError):
            return place.joinpath(*name.split("/")).read_bytes()
    return None


@functools.cache
def zone_countries():
    """{time zone: country code} from the time zone database's zone.tab, wherever Python
    finds the database; empty if it has none.

    zone.tab names the current zones only. Browsers often report an older name of the same
    zone ("Asia/Calcutta" for "Asia/Kolkata", "Europe/Kiev"): such a name's file is the
    same as its zone's, so it takes that zone's country when exactly one country has it."""
    places = _zone_files()
    text = None
    for place in places:
        with contextlib.suppress(OSError):
            text = place.joinpath("zone.tab").read_text(encoding="utf-8")
            break
    if text is None:
        return {}
    countries = {
        columns[2]: columns[0]
        for line in text.splitlines()
        if not line.startswith("#") and len(columns := line.split("\t")) >= 3
    }
    by_content = {}
    for name, country in countries.items():
        by_content.setdefault(_zone_bytes(places, name), set()).add(country)
    by_content.pop(None, None)
    for name in zoneinfo.available_timezones() - countries.keys():
        found = by_content.get(_zone_bytes(places, name), set())
        if len(found) == 1:
            countries[name] = next(iter(found))
    return countries


def language_regions(accept_language):
    """Region codes from an Accept-Language header, in the order given: "de-CH,de;q=0.9,
    en-GB;q=0.8" → ["CH", "GB"]. Malformed parts are skipped."""
    regions = []
    for part in (accept_language or "")[:500].split(","):
        tag = part.split(";", 1)[0].strip().replace("_", "-")
        subtags = tag.split("-")
        # The region is the two-letter subtag after the language (and an optional script).
        for subtag in subtags[1:]:
            if len(subtag) == 2 and subtag.isascii() and subtag.isalpha():
                regions.append(subtag.upper())
                break
    return regions


def guess_currency(time_zone="", accept_language=""):
    """The currency where the user is: their time zone's country, else their language's
    region, else USD."""
    countries = [zone_countries().get(time_zone, "")] + language_regions(accept_language)
    for country in countries:
        if country in CURRENCIES:
            return CURRENCIES[country]
    return FALLBACK

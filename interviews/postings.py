"""Read a job posting: schema.org JobPosting JSON-LD, a page's HTML, or plain text.

Pure functions, no request and no database: what the share target, the bookmarklet and
the "paste a posting" box give is read here into a Posting, and `prefill()` turns a
Posting into the new-application form's initial values. Nothing here fetches a URL.
"""

import html
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from urllib.parse import urlsplit

from .models import MAX_SALARY, Application
from .text import LONE_SURROGATE

# What the form's fields hold at most.
FIELD_LENGTHS = {
    name: Application._meta.get_field(name).max_length
    for name in ("company", "role", "posting_url", "source", "location", "job_description", "notes")
}
# What is read at most: a posting's page source is rarely more than a few hundred KB.
MAX_INPUT = 2_000_000

UNITS = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")
UNIT_WORDS = {
    "HOUR": "an hour",
    "DAY": "a day",
    "WEEK": "a week",
    "MONTH": "a month",
    "YEAR": "a year",
}

# Job boards whose name ends a page title ("Role - Company | Indeed"): the board is where
# the job was found, never the company.
BOARDS = {
    "linkedin": "LinkedIn",
    "indeed": "Indeed",
    "indeed.com": "Indeed",
    "stepstone": "StepStone",
    "stepstone.de": "StepStone",
    "glassdoor": "Glassdoor",
    "xing": "XING",
    "monster": "Monster",
    "greenhouse": "Greenhouse",
    "lever": "Lever",
    "workday": "Workday",
    "personio": "Personio",
    "welcome to the jungle": "Welcome to the Jungle",
    "otta": "Otta",
    "wellfound": "Wellfound",
    "hacker news": "Hacker News",
}


@dataclass
class Posting:
    """What was read from a posting; empty strings and None where it said nothing."""

    role: str = ""
    company: str = ""
    posting_url: str = ""
    location: str = ""
    work_mode: str = ""  # "remote", "hybrid", "onsite" or ""
    salary_min: int | None = None
    salary_max: int | None = None
    currency: str = ""
    salary_unit: str = ""  # one of UNITS, or "" when the posting does not say
    date_posted: str = ""
    description: str = ""
    source: str = ""
    found_in: str = ""  # "JobPosting data", "the page's title and meta tags", "the text"

    def __bool__(self):
        return bool(self.role or self.company or self.posting_url or self.description)


# ---------------------------------------------------------------------------------------
# Small text helpers


def squash(text):
    """One line, single spaces."""
    return " ".join(str(text or "").split())


class _TextParser(HTMLParser):
    """HTML to plain text: paragraphs apart by a blank line, list items on their own
    lines with a bullet, the source's own line breaks only where they show (``<pre>``)."""

    PARAGRAPHS = {"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "pre"}
    PARAGRAPHS |= {"section", "article", "header", "footer", "blockquote", "main", "aside"}
    LINES = {"br", "li", "tr", "dt", "dd"}
    SKIP = {"script", "style", "noscript", "template", "head", "svg", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.PARAGRAPHS:
            self.parts.append("\n\n")
            self.pre += tag == "pre"
        elif tag in self.LINES:
            self.parts.append("\n• " if tag == "li" else "\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.LINES or tag in self.PARAGRAPHS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.PARAGRAPHS:
            self.parts.append("\n\n")
            self.pre = max(0, self.pre - (tag == "pre"))

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data if self.pre else data.replace("\n", " ").replace("\r", " "))

    def text(self):
        out, blank = [], False
        for line in "".join(self.parts).split("\n"):
            line = squash(line)
            if line:
                if blank and out:
                    out.append("")
                out.append(line)
                blank = False
            else:
                blank = True
        return "\n".join(out)


TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")


def html_to_text(value):
    """A description as plain text, whether it came as text, HTML, or HTML-escaped HTML
    (``&lt;p&gt;…``, as some boards put it in their JSON-LD)."""
    value = str(value or "")
    if not TAG.search(value) and re.search(r"&lt;\s*/?\s*[a-zA-Z]", value):
        value = html.unescape(value)
    if not TAG.search(value):
        return html.unescape(value).strip()
    parser = _TextParser()
    parser.feed(value)
    parser.close()
    return parser.text()


def first_text(value):
    """A string from a JSON-LD value that may be a string, a list, or a {"name": …} node."""
    if isinstance(value, list):
        for item in value:
            text = first_text(item)
            if text:
                return text
        return ""
    if isinstance(value, dict):
        return first_text(value.get("name") or value.get("@value") or "")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return squash(html_to_text(str(value)))
    return ""


def web_url(value):
    """`value` if it is an http(s) address, else ""."""
    value = squash(first_text(value) if not isinstance(value, str) else value)
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() in ("http", "https") and parts.netloc and " " not in value:
        return value
    return ""


URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)


def url_in(text):
    """The first http(s) address in a text, without trailing punctuation."""
    match = URL_IN_TEXT.search(text or "")
    return web_url(match.group(0).rstrip(".,;:!?")) if match else ""


# ---------------------------------------------------------------------------------------
# Numbers and salaries

CURRENCY_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "CHF": "CHF",
    "US$": "USD",
    "C$": "CAD",
    "A$": "AUD",
    "Fr.": "CHF",
    "kr": "SEK",
    "zł": "PLN",
}
CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


def number(value):
    """A Decimal from 70000, "70,000", "70.000", "70 000", "70k", "$45.50", or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    text = str(value or "").strip().lower().replace("\u202f", " ").replace("\xa0", " ")
    match = re.search(r"\d[\d,. ']*(?:k\b)?", text)
    if not match:
        return None
    digits = match.group(0).strip()
    thousands = 1000 if digits.endswith("k") else 1
    digits = digits.rstrip("k").strip().replace(" ", "").replace("'", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        digits = re.sub(r"[.,]", "", digits)  # 70,000 or 70.000: thousands separators
    elif re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", digits):
        digits = digits.replace(",", "")  # 1,234.56
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", digits):
        digits = digits.replace(".", "").replace(",", ".")  # 1.234,56
    else:
        digits = digits.replace(",", ".")
    try:
        return Decimal(digits) * thousands
    except InvalidOperation:
        return None


def whole(amount):
    """A salary as a whole number within what Walkout stores, or None."""
    if amount is None or not amount.is_finite() or amount < 0:
        return None
    amount = int(amount.to_integral_value())
    return amount if amount <= MAX_SALARY else None


def pay_of(amount, unit):
    """An amount as kept: a year's salary whole (the salary fields hold it); pay by the
    hour, day, week or month, which goes to the notes, to the cent: €14.50 an hour."""
    if unit in ("", "YEAR"):
        return whole(amount)
    kept = whole(amount)
    if kept is None:
        return None
    cents = amount.quantize(Decimal("0.01"))
    return kept if cents == kept else cents


def unit_from(text):
    """HOUR, DAY, WEEK, MONTH or YEAR from a unitText or words after an amount, or ""."""
    text = squash(text).lower()
    if not text:
        return ""
    if text.upper() in UNITS:
        return text.upper()
    patterns = (
        (
            "HOUR",
            r"(?:/|per |an |a |each )\s*(?:hour|hr|h)\b|\bhourly\b|pro stunde|/std|stundenlohn",
        ),
        ("DAY", r"(?:/|per |a )\s*day\b|\bdaily\b|pro tag|tagessatz"),
        ("WEEK", r"(?:/|per |a )\s*week\b|\bweekly\b|pro woche"),
        ("MONTH", r"(?:/|per |a )\s*(?:month|mo)\b|\bmonthly\b|pro monat|monatlich|/monat"),
        (
            "YEAR",
            r"(?:/|per |a )\s*(?:year|yr|annum)\b|\bannual(?:ly)?\b|\byearly\b"
            r"|\bp\.?\s?a\.?(?:\s|$)|pro jahr|jährlich|/jahr",
        ),
    )
    for unit, pattern in patterns:
        if re.search(pattern, text):
            return unit
    return ""


AMOUNT = r"\d[\d,.' \u202f\xa0]*\d(?:\s?[kK]\b)?|\d(?:\s?[kK]\b)?"
SYMBOL = r"US\$|C\$|A\$|[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|INR|JPY)\b"
SALARY = re.compile(
    rf"(?P<cur1>{SYMBOL})?\s?(?P<low>{AMOUNT})\s?(?P<cur2>{SYMBOL})?"
    rf"(?:\s?(?:-|–|—|to|bis)\s?(?P<cur3>{SYMBOL})?\s?(?P<high>{AMOUNT})\s?(?P<cur4>{SYMBOL})?)?"
    r"(?=(?P<after>[^\n]{0,24}))",
    re.IGNORECASE,
)


MAX_SALARY_SCAN = 30_000


def currency_of(symbol):
    symbol = (symbol or "").strip()
    return CURRENCY_SYMBOLS.get(symbol) or (
        symbol.upper() if CURRENCY_CODE.match(symbol.upper()) else ""
    )


def salary_in(text):
    """(low, high, currency, unit) of the first amount of money in a text with a currency
    ("€70,000–85,000", "$45/hour", "70.000 - 85.000 EUR pro Jahr"), or None."""
    # Pay is stated near the top; a bounded read keeps a huge paste cheap.
    for match in SALARY.finditer((text or "")[:MAX_SALARY_SCAN]):
        currency = currency_of(match["cur1"] or match["cur2"] or match["cur3"] or match["cur4"])
        if not currency:
            continue
        low, high = number(match["low"]), number(match["high"]) if match["high"] else None
        # "€70k–85": the second amount takes the first one's thousands.
        if (
            high is not None
            and low is not None
            and low >= 1000 > high
            and re.search(r"[kK]", match["low"])
        ):
            high *= 1000
        unit = unit_from(match["after"])
        low_kept = pay_of(low, unit)
        high_kept = pay_of(high, unit) if high is not None else None
        if low_kept is None:
            continue
        return low_kept, high_kept if high_kept is not None else low_kept, currency, unit
    return None


def work_mode_in(text):
    """ "hybrid", "remote", "onsite" as a text says it, or ""."""
    text = (text or "").lower()
    if re.search(r"\bhybrid\b", text):
        return "hybrid"
    if re.search(
        r"(?<!\bno )(?<!\bnot )\b(?:remote|fully remote|work from home|wfh|homeoffice"
        r"|home office|telecommute)\b",
        text,
    ):
        return "remote"
    if re.search(r"\b(?:on[- ]?site|in[- ]office|vor ort)\b", text):
        return "onsite"
    return ""


# ---------------------------------------------------------------------------------------
# Titles: "Role at Company", "Role - Company | Board", "Company is hiring a Role"

MAX_TITLE = 300  # a title is a line; the patterns below need not read a whole page
HIRING = re.compile(
    r"^(?P<company>.+?)\s+(?:is\s+)?hiring(?:\s+an?)?\s*:?\s+(?P<role>.+?)(?:\s+in\s+(?P<location>[^|]+?))?$",
    re.IGNORECASE,
)
AT = re.compile(r"^(?P<role>.+?)\s+(?:at|@|bei|chez)\s+(?P<company>.+)$", re.IGNORECASE)
DASH = re.compile(r"\s+[-–—|]\s+")
CHECK_OUT = re.compile(
    r"^(?:check out this job|have a look at this job|look at this job|job)"
    r"(?:\s+at\s+(?P<company>[^:]+))?\s*:\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
PREFIXES = re.compile(
    r"^(?:job application for|apply for|stellenangebot|job:|jobs?:)\s+", re.IGNORECASE
)


def _slug(text):
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def read_title(title, url=""):
    """(role, company, board, location) from a page or share title, "" where its shape
    does not say. In "A - B" the role comes first, unless B's name is in the address
    (jobs.lever.co/northwind/…: "Northwind - Platform Engineer")."""
    title = PREFIXES.sub("", squash(title)[:MAX_TITLE])
    board = ""
    shared = CHECK_OUT.match(title)
    if shared and shared["company"]:
        # LinkedIn's app: "Check out this job at Acme: Senior Engineer"
        role, _, board, location = read_title(shared["rest"], url)
        return role, squash(shared["company"]), board, location
    if shared:
        title = shared["rest"]
    parts = [part for part in DASH.split(title) if part]
    if len(parts) > 1 and parts[-1].casefold() in BOARDS:
        board = BOARDS[parts.pop().casefold()]
    # "Role - Company - Location | Indeed": a trailing city is not the company.
    if not parts:
        return "", "", board, ""
    joined = " - ".join(parts)
    match = HIRING.match(joined)
    if match:
        return match["role"], match["company"], board, squash(match["location"] or "")
    match = AT.match(parts[0])
    if match:
        return squash(match["role"]), squash(match["company"]), board, ""
    if len(parts) >= 2:
        first, second = parts[0], parts[1]
        where = _slug(url)
        if where and _slug(first) and _slug(first) in where and _slug(second) not in where:
            return second, first, board, ""
        return first, second, board, (parts[2] if len(parts) > 2 else "")
    return parts[0], "", board, ""


# ---------------------------------------------------------------------------------------
# JSON-LD


def _types(node):
    kind = node.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for k in kinds}


def _nodes(data):
    """Every dict in a JSON-LD document, depth first (@graph, arrays, nesting)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def job_postings(data):
    """The JobPosting nodes of a JSON-LD document, with "@id" references resolved from the
    same document (a @graph's Organization named once, pointed at by the posting)."""
    nodes = list(_nodes(data))
    by_id = {
        node["@id"]: node for node in nodes if isinstance(node.get("@id"), str) and len(node) > 1
    }
    postings = [node for node in nodes if "JobPosting" in _types(node)]
    return postings, by_id


def _resolve(value, by_id):
    if isinstance(value, dict) and set(value) == {"@id"}:
        return by_id.get(value["@id"], value)
    if isinstance(value, list):
        return [_resolve(item, by_id) for item in value]
    return value


def _place(place, by_id):
    """ "Berlin, Germany" from a Place, its PostalAddress or a plain string."""
    place = _resolve(place, by_id)
    if isinstance(place, str):
        return squash(place)
    if not isinstance(place, dict):
        return ""
    address = _resolve(place.get("address"), by_id)
    if isinstance(address, list):
        address = address[0] if address else ""
    if isinstance(address, str):
        return squash(address)
    if isinstance(address, dict):
        parts = []
        for key in ("addressLocality", "addressRegion", "addressCountry"):
            text = first_text(_resolve(address.get(key), by_id))
            if text and text.casefold() not in (part.casefold() for part in parts):
                parts.append(text)
        if parts:
            return ", ".join(parts)
    return first_text(place.get("name"))


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _salary(posting, by_id):
    """(low, high, currency, unit) from baseSalary (or estimatedSalary), or None."""
    for key in ("baseSalary", "estimatedSalary"):
        for amount in _as_list(_resolve(posting.get(key), by_id)):
            if isinstance(amount, (int, float, str)) and not isinstance(amount, bool):
                amount = {"value": amount}
            if not isinstance(amount, dict):
                continue
            currency = first_text(amount.get("currency") or posting.get("salaryCurrency")).upper()
            value = _resolve(amount.get("value"), by_id)
            unit = unit_from(first_text(amount.get("unitText")))
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, dict):
                unit = unit_from(first_text(value.get("unitText"))) or unit
                low = number(value.get("minValue", value.get("value")))
                high = number(value.get("maxValue", value.get("value")))
                if low is None:
                    low = high
                if high is None:
                    high = low
            else:
                low = high = number(value)
            low, high = pay_of(low, unit), pay_of(high, unit)
            if low is None and high is None:
                continue
            if low is not None and high is not None and low > high:
                low, high = high, low
            if not CURRENCY_CODE.match(currency):
                text = first_text(value.get("value") if isinstance(value, dict) else value)
                currency = currency_of(re.sub(r"[\d,.\s]", "", text)) if text else ""
            return low, high, currency, unit
    return None


def from_json_ld(data):
    """A Posting from a JSON-LD document's first JobPosting, or an empty Posting."""
    postings, by_id = job_postings(data)
    if not postings:
        return Posting()
    node = postings[0]
    posting = Posting(found_in="JobPosting data")
    posting.role = first_text(node.get("title") or node.get("name"))
    organization = _resolve(node.get("hiringOrganization"), by_id)
    posting.company = first_text(_resolve(organization, by_id))
    posting.posting_url = web_url(node.get("url") or "") or web_url(node.get("sameAs") or "")
    places = []
    for place in _as_list(node.get("jobLocation")):
        text = _place(place, by_id)
        if text and text not in places:
            places.append(text)
    if not places:
        for place in _as_list(node.get("applicantLocationRequirements")):
            text = first_text(_resolve(place, by_id))
            if text and text not in places:
                places.append(text)
    posting.location = "; ".join(places)
    kinds = " ".join(first_text(kind) for kind in _as_list(node.get("jobLocationType")))
    if "TELECOMMUTE" in kinds.upper():
        posting.work_mode = "remote"
    else:
        posting.work_mode = work_mode_in(f"{posting.role} {posting.location}")
    salary = _salary(node, by_id)
    if salary:
        posting.salary_min, posting.salary_max, posting.currency, posting.salary_unit = salary
    posting.date_posted = first_text(node.get("datePosted"))[:10]
    posting.description = html_to_text(node.get("description") or "")
    return posting


def _loads(text):
    """JSON, tolerating raw line breaks inside strings (common in hand-made JSON-LD). Half
    a surrogate pair (a lone "\\ud800" escape), which no database stores, becomes U+FFFD,
    as a broken character in HTML does."""
    try:
        return _whole_characters(json.loads(text, strict=False))
    except (ValueError, RecursionError):
        return None


def _whole_characters(value):
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_whole_characters(item) for item in value]
    if isinstance(value, dict):
        return {_whole_characters(key): _whole_characters(item) for key, item in value.items()}
    return value


# ---------------------------------------------------------------------------------------
# HTML


class _PageParser(HTMLParser):
    """A page's JSON-LD blocks, meta tags, title, canonical link and visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.json_ld, self.meta, self.title, self.canonical = [], {}, "", ""
        self._in = None
        self._buffer = []
        self.text = _TextParser()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "script" and "ld+json" in attrs.get("type", "").lower():
            self._in, self._buffer = "json_ld", []
        elif tag == "title" and not self.title:
            self._in, self._buffer = "title", []
        elif tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            if key and "content" in attrs:
                self.meta.setdefault(key, attrs["content"])
        elif tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            self.canonical = self.canonical or attrs.get("href", "")
        self.text.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self._in == "json_ld" and tag == "script":
            self.json_ld.append("".join(self._buffer))
            self._in = None
        elif self._in == "title" and tag == "title":
            self.title = squash("".join(self._buffer))
            self._in = None
        self.text.handle_endtag(tag)

    def handle_data(self, data):
        if self._in:
            self._buffer.append(data)
        self.text.handle_data(data)


def from_html(source):
    """A Posting from a page's HTML: its JobPosting JSON-LD, else its og: meta tags and
    title; what the first leaves out, the second fills in."""
    parser = _PageParser()
    parser.feed(source)
    parser.close()
    meta = {key: squash(value) for key, value in parser.meta.items()}
    page_url = web_url(meta.get("og:url", "")) or web_url(parser.canonical)
    posting = Posting()
    for block in parser.json_ld:
        data = _loads(html.unescape(block) if block.lstrip().startswith("&") else block)
        if data is not None:
            posting = from_json_ld(data)
            if posting:
                break
    title = meta.get("og:title") or meta.get("twitter:title") or parser.title
    role, company, board, location = read_title(title, page_url)
    site = meta.get("og:site_name", "")
    if site.casefold() in BOARDS:
        board = board or BOARDS[site.casefold()]
        site = ""
    if not posting:
        posting = Posting(found_in="the page's title and meta tags")
        posting.role, posting.company = role, company or site
        posting.location = location
        posting.description = html_to_text(
            meta.get("og:description") or meta.get("description") or ""
        )
        text = f"{title}\n{posting.description}\n{parser.text.text()}"
        salary = salary_in(text)
        if salary:
            posting.salary_min, posting.salary_max, posting.currency, posting.salary_unit = salary
        posting.work_mode = work_mode_in(f"{title}\n{posting.description}")
    else:
        posting.role = posting.role or role
        posting.company = posting.company or company or site
    posting.posting_url = posting.posting_url or page_url
    posting.source = board or _host(posting.posting_url)
    return posting


def _host(url):
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


# ---------------------------------------------------------------------------------------
# Plain text and shares

LOCATION_LINE = re.compile(
    r"^\s*(?:location|standort|arbeitsort|ort|where)\s*:\s*(?P<place>.+)$",
    re.IGNORECASE | re.MULTILINE,
)


def from_text(text, title="", url=""):
    """A Posting from plain text: the title's shape names role and company (the first
    line's when no title is given), the text gives the link, salary and work mode, and
    whatever is left is the job description."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    posting = Posting(found_in="the text")
    posting.posting_url = web_url(url) or url_in(title) or url_in(text)
    body = text
    if not squash(title):
        # The first line is the title, up to a link in it: "Role at Company https://…".
        lines = text.split("\n", 1)
        title, body = lines[0], (lines[1] if len(lines) > 1 else "")
        link = URL_IN_TEXT.search(title)
        if link:
            title, body = title[: link.start()], f"{title[link.end() :]}\n{body}"
    title_without_url = URL_IN_TEXT.sub(" ", title)
    posting.role, posting.company, board, posting.location = read_title(
        title_without_url, posting.posting_url
    )
    place = LOCATION_LINE.search(body)
    if place and not posting.location:
        posting.location = squash(place["place"])
    words = URL_IN_TEXT.sub(" ", f"{title}\n{body}")
    salary = salary_in(words)
    if salary:
        posting.salary_min, posting.salary_max, posting.currency, posting.salary_unit = salary
    posting.work_mode = work_mode_in(words)
    if posting.posting_url:
        body = body.replace(posting.posting_url, "")
    posting.description = "\n".join(line.rstrip() for line in body.strip().split("\n")).strip()
    posting.source = board or _host(posting.posting_url)
    return posting


HTML_START = re.compile(
    r"<\s*(?:!doctype|html|head|body|meta|script|title|div|p|section|article|main|link)\b",
    re.IGNORECASE,
)


def read_posting(text):
    """A Posting from what was pasted: a page's HTML source, JSON-LD, or plain text."""
    try:
        return _read_posting(text)
    except RecursionError:  # JSON or markup nested deeper than any posting is
        return Posting()


def _read_posting(text):
    text = (text or "")[:MAX_INPUT].strip()
    if not text:
        return Posting()
    if text[0] in "{[":
        data = _loads(text)
        if data is not None:
            posting = from_json_ld(data)
            if posting:
                return posting
    if HTML_START.search(text[:5000]):
        posting = from_html(text)
        if posting:
            return posting
    return from_text(text)


def from_share(title="", text="", url=""):
    """A Posting from what a phone shares: a title, a text and a link, any of them empty.
    Job apps often put the link in the text, or the title as the text's first line."""
    return from_text((text or "")[:MAX_INPUT], title=(title or "")[:MAX_TITLE], url=url or "")


# ---------------------------------------------------------------------------------------
# Into the form


def money(amount):
    """70,000; 14.50."""
    return f"{amount:,}" if isinstance(amount, int) else f"{amount:,.2f}"


def prefill(posting):
    """(initial values for the new-application form, hints to show) from a Posting.

    Walkout's salary range is yearly (a pay floor compares with it), so pay by the hour,
    day, week or month goes into the notes, said as the posting says it, never into the
    salary fields; pay with no period is put in the fields with a hint to check it."""
    initial, hints, notes = {}, [], []
    for name, value in (
        ("role", posting.role),
        ("company", posting.company),
        ("posting_url", posting.posting_url),
        ("source", posting.source),
        ("location", posting.location),
        ("job_description", posting.description),
    ):
        value = value.strip()
        if value:
            initial[name] = value[: FIELD_LENGTHS[name]]
    if posting.work_mode:
        initial["work_mode"] = posting.work_mode
    if posting.currency:
        initial["currency"] = posting.currency
    if posting.salary_min is not None or posting.salary_max is not None:
        low = posting.salary_min if posting.salary_min is not None else posting.salary_max
        high = posting.salary_max if posting.salary_max is not None else posting.salary_min
        pay = money(low) if low == high else f"{money(low)}–{money(high)}"
        pay = f"{pay} {posting.currency}".strip()
        if posting.salary_unit in ("", "YEAR") and (posting.salary_unit or high >= 1000):
            initial["salary_min"], initial["salary_max"] = low, high
            if not posting.salary_unit:
                hints.append(
                    f"The posting gives {pay} without saying per what: "
                    "read as a year's salary. Check it."
                )
        else:
            period = UNIT_WORDS.get(posting.salary_unit, "(period not given)")
            notes.append(f"Pay in the posting: {pay} {period}.")
            hints.append(
                f"Pay is {pay} {period}: kept in the notes, not as a yearly salary "
                "(Walkout's salary range is yearly)."
            )
    if posting.date_posted:
        notes.append(f"Posted on {posting.date_posted}.")
    if notes:
        initial["notes"] = "\n".join(notes)[: FIELD_LENGTHS["notes"]]
    return initial, hints

"""Spot an application the user already has: same posting, or same company and role."""

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.db.models import Q, Value
from django.db.models.functions import Replace

from .models import Application
from .text import Folded, normalise_company, normalise_name

# Query parameters that say where a click came from, not which posting it is.
TRACKING_PARAMS = {
    "gclid",
    "gbraid",
    "wbraid",
    "dclid",
    "fbclid",
    "msclkid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "ref",
    "ref_src",
    "refid",
    "trk",
    "trackingid",
    "gh_src",  # Greenhouse: which source sent the click (gh_jid, the job's id, stays)
}
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_param(name):
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


def normalise_url(url):
    """A comparable key for a posting link, or "" if there is none.

    Scheme and host are case-insensitive and http/https count as the same posting; the
    default port, a trailing slash, the fragment and tracking parameters are dropped; the
    remaining parameters are sorted. The path keeps its case (servers may tell it apart).
    """
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url.lower()
    host = (parts.hostname or "").lower()
    if port and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(name)
    )
    key = f"{host}{path}"
    if query:
        key += "?" + urlencode(query)
    return key


# Whitespace a pasted name may carry: space, tab, no-break space.
SQUASHED_SPACES = (" ", "\t", "\xa0")


def _squashed_sql(field):
    # Whitespace removed and every letter upper-cased in SQL: narrows to a superset of the
    # exact match.
    expression = field
    for space in SQUASHED_SPACES:
        expression = Replace(expression, Value(space), Value(""))
    return Folded(expression)


def _squashed(text):
    return "".join(text.split()).upper()


def find_duplicates(user, company="", role="", posting_url="", exclude_pk=None):
    """The user's applications with the same posting link, or the same company (whatever
    its legal form) and role.

    One query: the database narrows the candidates, Python makes the exact comparison.
    Returns a list of (application, reason) pairs.
    """
    url_key = normalise_url(posting_url)
    company_key, role_key = normalise_company(company), normalise_name(role)
    narrow = Q()
    if url_key:
        host = url_key.split("/", 1)[0].split("?", 1)[0]
        narrow |= Q(posting_url__icontains=host)
    if company_key and role_key:
        # A legal form ("GmbH", "Inc.") ends a name: the stored name starts with this one's
        # without it, whichever of the two has one.
        narrow |= Q(
            company_squashed__startswith=_squashed(company_key), role_squashed=_squashed(role)
        )
    if not narrow:
        return []
    candidates = (
        Application.objects.for_user(user)
        .annotate(company_squashed=_squashed_sql("company"), role_squashed=_squashed_sql("role"))
        .filter(narrow)
        .only("id", "company", "role", "posting_url", "status")
        .order_by("-updated_at", "-id")
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for application in candidates:
        if url_key and normalise_url(application.posting_url) == url_key:
            found.append((application, "the same posting link"))
        elif (
            company_key
            and normalise_company(application.company) == company_key
            and normalise_name(application.role) == role_key
        ):
            found.append((application, "the same company and role"))
    return found


class KnownApplications:
    """Applications keyed by posting link and by company and role, to check many rows
    against at once: an import's preview reads the user's applications in one query
    instead of one query per row."""

    def __init__(self, user=None):
        self.by_link, self.by_name = {}, {}
        if user is not None:
            applications = (
                Application.objects.for_user(user)
                .only("id", "company", "role", "posting_url")
                .order_by("id")
            )
            for application in applications:
                self.add(
                    application.company, application.role, application.posting_url, application
                )

    def add(self, company, role, posting_url, what):
        """Remember `what` (an application, a line number) under its keys; the first stays."""
        if url_key := normalise_url(posting_url):
            self.by_link.setdefault(url_key, what)
        company_key, role_key = normalise_company(company), normalise_name(role)
        if company_key and role_key:
            self.by_name.setdefault((company_key, role_key), what)

    def match(self, company, role, posting_url):
        """(what, reason) for the first match, or None."""
        url_key = normalise_url(posting_url)
        if url_key and url_key in self.by_link:
            return self.by_link[url_key], "the same posting link"
        name_key = (normalise_company(company), normalise_name(role))
        if all(name_key) and name_key in self.by_name:
            return self.by_name[name_key], "the same company and role"
        return None

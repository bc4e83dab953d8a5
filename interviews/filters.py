"""The application list's filters and sort, read from its query string by django-filter.

Each parameter is a form field: a value that does not validate (`?priority=abc`,
`?sort=shoe_size`) is left out, and the view says so, so a bookmark with an old or
mistyped value still opens the list.
"""

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce, Lower

from . import limits
from .models import Application
from .tags import tag_key

DEFAULT_SORT = "-updated_at"

# sort value: (column heading, expression, the first click's direction, how each
# direction reads in the sort menu)
SORTS = {
    "company": ("Company", Lower("company"), "", "A to Z", "Z to A"),
    "role": ("Role", Lower("role"), "", "A to Z", "Z to A"),
    # The pipeline's order, not the alphabet's.
    "status": (
        "Status",
        Case(
            *(When(status=value, then=Value(n)) for n, value in enumerate(Application.Status)),
            output_field=IntegerField(),
        ),
        "",
        "in pipeline order",
        "closed first",
    ),
    "applied_on": ("Applied on", F("applied_on"), "-", "oldest first", "newest first"),
    "next_action_on": ("Next action", F("next_action_on"), "", "soonest first", "latest first"),
    # What it pays at best, or its only figure.
    "salary": (
        "Salary",
        Coalesce("salary_max", "salary_min"),
        "-",
        "lowest first",
        "highest first",
    ),
    "priority": ("Priority", F("priority"), "-", "lowest first", "highest first"),
    "updated_at": ("Last change", F("updated_at"), "-", "oldest first", "newest first"),
}
SORT_CHOICES = [
    choice
    for key, (label, _, _, up, down) in SORTS.items()
    for choice in ((key, f"{label}, {up}"), (f"-{key}", f"{label}, {down}"))
]


# The sorts on a column that can be empty. The others sort without NULLS LAST, so that
# the default sort (last change) still comes off the (owner, updated_at) index:
# PostgreSQL matches an index's NULL order, not the column's NOT NULL.
MAY_BE_EMPTY = {"applied_on", "next_action_on", "salary", "priority"}


def ordering(sort):
    """order_by() arguments for a sort value: empty values last either way, then the id,
    so that pages never share or skip a row."""
    key = sort.lstrip("-")
    expression = SORTS[key][1]
    empty_last = {"nulls_last": True} if key in MAY_BE_EMPTY else {}
    if sort.startswith("-"):
        return [expression.desc(**empty_last), F("id").desc()]
    return [expression.asc(**empty_last), F("id").asc()]


class BoundedDateField(forms.DateField):
    default_validators = [limits.check_date]


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search")
    status = django_filters.ChoiceFilter(
        choices=[("open", "Open"), ("closed", "Closed"), *Application.Status.choices],
        method="by_status",
    )
    tag = django_filters.CharFilter(method="by_tag")
    priority = django_filters.ChoiceFilter(choices=Application.Priority.choices)
    work_mode = django_filters.ChoiceFilter(choices=Application.WorkMode.choices)
    source = django_filters.CharFilter(field_name="source", lookup_expr="iexact")
    resume = django_filters.CharFilter(field_name="resume_version")
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="sort_by")

    class Meta:
        model = Application
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value[:200])

    def by_status(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "closed":
            return queryset.closed()
        return queryset.filter(status=value)

    def by_tag(self, queryset, name, value):
        # One row per application: a tag is on an application once, and names are unique.
        return queryset.filter(tags__key=tag_key(value))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*ordering(value))


# "from" and "to" as on the review page (/decisions/); Python keeps "from" for itself, so
# they are added by name.
for _name, _lookup in (("from", "gte"), ("to", "lte")):
    _filter = django_filters.DateFilter(field_name="applied_on", lookup_expr=_lookup)
    _filter.field_class = BoundedDateField
    ApplicationFilter.base_filters[_name] = _filter

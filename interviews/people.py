"""Interviewers typed in by name become contacts: one kind of person, one place to find
them (the contact's page lists every interview they took part in)."""

from django.db.models import Q

from .text import normalise_company, normalise_name


def parse_people(text):
    """(name, role) pairs from lines of “name, role” (or “name — role”); a line with a role
    and no name is nobody to address, and is dropped."""
    people = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line[0] in "—–-,;":
            continue
        for separator in (" — ", " – ", " - ", ","):
            if separator in line:
                name, role = line.split(separator, 1)
                break
        else:
            name, role = line, ""
        name = name.strip(" ,;—–-")
        if name:
            people.append((name, role.strip(" ,;")))
    return people


def contacts_for(owner, application, people, contacts):
    """The owner's contact for each (name, role), linked to `application`: someone of that
    name already linked to it, or at its company, or else a new contact. `contacts` is the
    owner's contacts queryset (a migration passes its historical one)."""
    known = {}
    same_company = normalise_company(application.company)
    mine = contacts.filter(owner=owner)
    linked = set(mine.filter(applications=application).values_list("pk", flat=True))
    candidates = mine.filter(Q(pk__in=linked) | ~Q(company="")).order_by("id")
    for contact in candidates:
        if contact.pk in linked or normalise_company(contact.company) == same_company:
            known.setdefault(normalise_name(contact.name), contact)
    found = []
    for name, role in people:
        key = normalise_name(name)
        contact = known.get(key)
        if contact is None:
            contact = contacts.create(
                owner=owner, name=name[:200], title=role[:200], company=application.company
            )
            known[key] = contact
        elif role and not contact.title:
            contact.title = role[:200]
            contact.save(update_fields=["title"])
        contact.applications.add(application)
        if contact not in found:
            found.append(contact)
    return found

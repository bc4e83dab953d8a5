"""Triggers that advance accounts_user.data_version on every change to a user's data.

Triggers, so that every writer is covered: the ORM, bulk_create and update(), the
checklist's raw upsert, the admin, imports, management commands and cascading deletes.
Row triggers on SQLite (it has no other kind; it updates rows in place), statement
triggers on PostgreSQL (below).
Pages cached for a user are keyed on that number (walkout/fragments.py), so a cached page
never outlives a change. SQLite and PostgreSQL, the two databases Walkout runs on.
"""

from django.db import migrations

PREFIX = "walkout_touch_"


def owner_of(table, row):
    """SQL for the id of the user who owns `row` (NEW or OLD) of `table`."""
    via_application = "(SELECT owner_id FROM interviews_application WHERE id = {row}.{column})"
    via_interview = (
        "(SELECT a.owner_id FROM interviews_interview i JOIN interviews_application a "
        "ON a.id = i.application_id WHERE i.id = {row}.interview_id)"
    )
    via_contact = "(SELECT owner_id FROM interviews_contact WHERE id = {row}.contact_id)"
    owners = {
        "interviews_application": "{row}.owner_id",
        "interviews_contact": "{row}.owner_id",
        "interviews_dealbreaker": "{row}.owner_id",
        "interviews_scripttemplate": "{row}.owner_id",
        "interviews_interview": via_application.replace("{column}", "application_id"),
        "interviews_statuschange": via_application.replace("{column}", "application_id"),
        "interviews_checklistanswer": via_interview,
        "interviews_decision": via_interview,
        "interviews_contact_applications": via_contact,
        "interviews_contact_interviews": via_contact,
    }
    return owners[table].format(row=row)


TABLES = [
    "interviews_application",
    "interviews_contact",
    "interviews_dealbreaker",
    "interviews_scripttemplate",
    "interviews_interview",
    "interviews_statuschange",
    "interviews_checklistanswer",
    "interviews_decision",
    "interviews_contact_applications",
    "interviews_contact_interviews",
]


# Every statement below is built from the constants in this file: table names and the
# owner expressions above, no value from outside (ruff S608).


def bump(owner):
    return f"UPDATE accounts_user SET data_version = data_version + 1 WHERE id = {owner};"  # noqa: S608


def sqlite_statements(table):
    name = PREFIX + table
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} "
        f"BEGIN {bump(owner_of(table, 'NEW'))} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table} "
        f"BEGIN {bump(owner_of(table, 'OLD'))} {bump(owner_of(table, 'NEW'))} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} "
        f"BEGIN {bump(owner_of(table, 'OLD'))} END",
    ]


def owners_of(table, rows):
    """SQL selecting the owners of the rows in the transition table `rows` of `table`."""
    joins = {
        "interviews_interview": "JOIN interviews_application a ON a.id = r.application_id",
        "interviews_statuschange": "JOIN interviews_application a ON a.id = r.application_id",
        "interviews_checklistanswer": (
            "JOIN interviews_interview i ON i.id = r.interview_id "
            "JOIN interviews_application a ON a.id = i.application_id"
        ),
        "interviews_decision": (
            "JOIN interviews_interview i ON i.id = r.interview_id "
            "JOIN interviews_application a ON a.id = i.application_id"
        ),
        "interviews_contact_applications": "JOIN interviews_contact a ON a.id = r.contact_id",
        "interviews_contact_interviews": "JOIN interviews_contact a ON a.id = r.contact_id",
    }
    if table in joins:
        return f"SELECT a.owner_id FROM {rows} r {joins[table]}"  # noqa: S608
    return f"SELECT owner_id FROM {rows}"  # noqa: S608


def postgresql_statements(table):
    # Statement triggers with transition tables: one UPDATE of each owner per statement,
    # however many rows it wrote. (Row triggers would update the user's row once per row,
    # and in one transaction each update walks the row's growing chain of versions: an
    # import of thousands of rows would take quadratic time.) PostgreSQL allows transition
    # tables on single-event triggers only, hence one trigger per event.
    name = PREFIX + table
    touch = "UPDATE accounts_user SET data_version = data_version + 1 WHERE id IN ({})"
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  IF TG_OP = 'INSERT' THEN\n"
        f"    {touch.format(owners_of(table, 'new_rows'))};\n"
        "  ELSIF TG_OP = 'DELETE' THEN\n"
        f"    {touch.format(owners_of(table, 'old_rows'))};\n"
        "  ELSE\n"
        f"    {touch.format(owners_of(table, 'old_rows') + ' UNION ' + owners_of(table, 'new_rows'))};\n"
        "  END IF;\n"
        "  RETURN NULL;\n"
        "END $$",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"Walkout runs on SQLite or PostgreSQL, not {vendor}.")
    statements = sqlite_statements if vendor == "sqlite" else postgresql_statements
    for table in TABLES:
        for statement in statements(table):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    for table in TABLES:
        name = PREFIX + table
        if schema_editor.connection.vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_data_version"),
        ("interviews", "0006_checklistanswer_client_key"),
    ]

    operations = [migrations.RunPython(create, drop)]

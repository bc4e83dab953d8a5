"""Triggers that advance accounts_user.data_version on every change to a user's data.

Row triggers, so that every writer is covered: the ORM, bulk_create and update(), the
checklist's raw upsert, the admin, imports, management commands and cascading deletes.
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
# owner expressions above, no value from outside (ruff S608, bandit B608).


def bump(owner):
    return f"UPDATE accounts_user SET data_version = data_version + 1 WHERE id = {owner};"  # noqa: S608  # nosec B608


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


def postgresql_statements(table):
    name = PREFIX + table
    old, new = owner_of(table, "OLD"), owner_of(table, "NEW")
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"  # noqa: S608  # nosec B608
        "DECLARE before_id bigint; after_id bigint;\n"
        "BEGIN\n"
        f"  IF TG_OP <> 'INSERT' THEN before_id := {old}; END IF;\n"
        f"  IF TG_OP <> 'DELETE' THEN after_id := {new}; END IF;\n"
        "  UPDATE accounts_user SET data_version = data_version + 1\n"
        "   WHERE id IN (before_id, after_id);\n"
        "  RETURN NULL;\n"
        "END $$",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
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
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_data_version"),
        ("interviews", "0005_indexes_for_pages"),
    ]

    operations = [migrations.RunPython(create, drop)]

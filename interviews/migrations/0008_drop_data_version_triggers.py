"""Drop the triggers of migration 0007, which advanced accounts_user.data_version.

They kept the per-user page cache in step with the data; pages are no longer cached, so
nothing reads the number, and the triggers only cost each write a second UPDATE (on
PostgreSQL, a lock on the user's row to the end of the transaction). accounts 0006 then
drops the column: on SQLite a column a trigger names cannot be dropped.

Unapplied, this re-creates them as 0007 made them, for the code that reads the number
(accounts 0006 is unapplied first, so the column is back).
"""

import importlib

from django.db import migrations

# The module's name starts with a digit: no import statement can name it.
made_in_0007 = importlib.import_module("interviews.migrations.0007_data_version_triggers")


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0007_data_version_triggers"),
    ]

    operations = [migrations.RunPython(made_in_0007.drop, made_in_0007.create)]

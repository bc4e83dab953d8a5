"""Users' e-mail addresses are confirmed by a link sent to them (accounts/confirmation.py).

A new or changed address starts unconfirmed. The accounts that already have an address
when this migration runs are marked confirmed: they were getting reminders, and cutting
them off until every user finds and opens a link would break a working feature for a
risk that existed before (an address typed by someone else). Only addresses given from
now on must be confirmed; an operator who wants every address checked can reset the flag
in the admin, and each user then sends the link from their profile.
"""

from django.db import migrations, models


def confirm_existing_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.exclude(email="").update(email_confirmed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_user_currency"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_confirmed",
            field=models.BooleanField(
                default=False,
                help_text="Set when the user opens the link sent to the address; reminders and the digest go only to a confirmed address.",
                verbose_name="e-mail address confirmed",
            ),
        ),
        migrations.AlterField(
            model_name="attempt",
            name="scope",
            field=models.CharField(
                choices=[
                    ("login", "log in (username and network)"),
                    ("reset_network", "password reset (network)"),
                    ("reset_email", "password reset (e-mail address)"),
                    ("confirm_account", "address confirmation (account)"),
                    ("confirm_email", "address confirmation (e-mail address)"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(confirm_existing_addresses, migrations.RunPython.noop),
    ]

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Contact.interviews gets its own through model, on the table it already had (so its
    rows stay), with a position: the order the user gave the interviewers in. Existing
    links keep position 0, so their creation order decides."""

    dependencies = [
        ("interviews", "0015_documents"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="InterviewContact",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "contact",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="interview_links",
                                to="interviews.contact",
                            ),
                        ),
                        (
                            "interview",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="contact_links",
                                to="interviews.interview",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_contact_interviews",
                        "ordering": ["position", "id"],
                        "unique_together": {("contact", "interview")},
                    },
                ),
                migrations.AlterField(
                    model_name="contact",
                    name="interviews",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="Interviews they took part in.",
                        related_name="contacts",
                        through="interviews.InterviewContact",
                        to="interviews.interview",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="interviewcontact",
            name="position",
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import interviews.models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0014_dealbreaker_ask_floor_interviewers_as_contacts"),
    ]

    operations = [
        migrations.CreateModel(
            name="Document",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("resume", "Résumé"),
                            ("cover_letter", "Cover letter"),
                            ("offer_letter", "Offer letter"),
                            ("other", "Other"),
                        ],
                        default="resume",
                        max_length=20,
                    ),
                ),
                (
                    "file",
                    models.FileField(max_length=200, upload_to=interviews.models.document_path),
                ),
                ("name", models.CharField(max_length=255)),
                ("size", models.PositiveIntegerField()),
                ("content_type", models.CharField(max_length=100)),
                ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="interviews.application",
                    ),
                ),
            ],
            options={
                "ordering": ["-uploaded_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("size__gt", 0)), name="document_size_positive"
                    )
                ],
            },
        ),
    ]

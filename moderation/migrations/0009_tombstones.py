"""Tombstones (a ``removed`` state, when and why), single-use confirmation keys, authors' edits."""

import django.db.models.deletion
from django.db import migrations, models

STATES = [
    ("published", "Published"),
    ("held", "Held for review"),
    ("rejected", "Rejected"),
    ("spam", "Spam"),
    ("removed", "Removed at the author's request"),
]


class Migration(migrations.Migration):
    dependencies = [("moderation", "0008_vocabulary_reports_and_assignee")]

    operations = [
        migrations.AlterField(
            model_name="comment",
            name="state",
            field=models.CharField(
                choices=STATES,
                default="held",
                max_length=12,
                verbose_name="state",
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="removed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="removed at"),
        ),
        migrations.AddField(
            model_name="comment",
            name="removal",
            field=models.CharField(
                blank=True,
                choices=[("author", "Deleted by its author"), ("erasure", "Erased on request")],
                editable=False,
                max_length=10,
                verbose_name="removal",
            ),
        ),
        migrations.CreateModel(
            name="ConfirmationKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key_hash", models.CharField(max_length=64, unique=True)),
                ("email_key", models.CharField(db_index=True, max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("used_at", models.DateTimeField(blank=True, null=True)),
                (
                    "comment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="moderation.comment",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="CommentEdit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("previous_text", models.TextField(verbose_name="previous text")),
                ("edited_at", models.DateTimeField(auto_now_add=True, verbose_name="edited at")),
                (
                    "new_state",
                    models.CharField(
                        choices=STATES,
                        max_length=12,
                        verbose_name="state after the edit",
                    ),
                ),
                (
                    "comment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="edits", to="moderation.comment"
                    ),
                ),
            ],
            options={"ordering": ["edited_at", "pk"]},
        ),
    ]

"""Joins the three changes of issue 18 made side by side (identity, tombstones, mail)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0009_identity"),
        ("moderation", "0009_tombstones"),
        ("moderation", "0009_mail"),
    ]

    operations = []

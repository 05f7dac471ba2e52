"""Reports remember the reporter's address (a keyed hash) and weight; likes and reports are unique
per identity (``moderation.identity``). Existing rows keep their ``visitor`` value, a valid identity."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("moderation", "0008_vocabulary_reports_and_assignee")]

    operations = [
        migrations.AddField(
            model_name="report",
            name="address",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="report",
            name="weight",
            field=models.PositiveSmallIntegerField(default=1, editable=False),
        ),
        migrations.AlterField(
            model_name="reaction",
            name="visitor",
            field=models.CharField(
                help_text="'u:<user id>', or a keyed hash of the confirmed e-mail or of the address", max_length=64
            ),
        ),
    ]

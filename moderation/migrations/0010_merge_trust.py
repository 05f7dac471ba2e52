"""Joins the three changes of issue 18 made side by side (identity, tombstones, mail); word lists
say how they match now (normalised spellings, word forms)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0009_identity"),
        ("moderation", "0009_tombstones"),
        ("moderation", "0009_mail"),
    ]

    operations = [
        migrations.AlterField(
            model_name="wordlist",
            name="words",
            field=models.TextField(
                help_text=(
                    "One per line, plain words. Matching ignores case, accents and look-alike spellings, and catches "
                    "plurals and other forms of whole words; end a word with * to match every word that starts with it."
                ),
                verbose_name="words and phrases",
            ),
        ),
    ]

"""A story's author links become translatable with the story (``TranslatableMixin``), so that
wagtail-localize links a translated story to the author's profile in its language.

Existing links take their story's locale. Their translation key is derived from the story's and
the author's, so the links of a story and of its translations share theirs, as links copied for a
translation do.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill_locale_and_key(apps, schema_editor):
    StoryAuthor = apps.get_model("stories", "StoryAuthor")
    links, seen = [], set()
    rows = StoryAuthor.objects.values_list("pk", "story__locale_id", "story__translation_key", "author__translation_key")
    for pk, locale_id, story_key, author_key in rows.order_by("pk"):
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"townsquare:story-author:{story_key}:{author_key}")
        if (key, locale_id) in seen:  # two translations of one profile on one story: keep keys unique
            key = uuid.uuid4()
        seen.add((key, locale_id))
        links.append(StoryAuthor(pk=pk, locale_id=locale_id, translation_key=key))
    StoryAuthor.objects.bulk_update(links, ["locale", "translation_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_storypage_comments_closed_storypage_reading_minutes_and_more"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="storyauthor",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="storyauthor",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_locale_and_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="storyauthor",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="storyauthor",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="storyauthor",
            unique_together={("translation_key", "locale")},
        ),
    ]

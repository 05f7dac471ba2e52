"""Insights read one table: copies of submit_date and (as a key) user_email on the comment,
filled in for the comments already there, and an index by hub and date."""

import hashlib

from django.conf import settings
from django.db import migrations, models


# The columns insights read, carried in the index on PostgreSQL so that a hub's comments are
# aggregated from the index alone (SQLite has no INCLUDE: there, the plain index serves).
COVERED = ("state", "language", "is_staff_answer", "is_question", "answered_at", "respond_by", "page_id", "commenter_key")


def commenter_key(email):
    # As moderation.models.commenter_key, frozen here.
    normalised = (email or "").strip().lower()
    if not normalised:
        return None
    digest = hashlib.sha256(f"townsquare-commenter:{normalised}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def fill_in(apps, schema_editor):
    Comment = apps.get_model("moderation", "Comment")
    rows = Comment.objects.order_by("pk").values_list("pk", "submit_date", "user_email")
    batch = []
    for pk, submitted, email in rows.iterator(chunk_size=2000):
        batch.append(Comment(pk=pk, submitted_at=submitted, commenter_key=commenter_key(email)))
        if len(batch) == 2000:
            Comment.objects.bulk_update(batch, ["submitted_at", "commenter_key"])
            batch = []
    Comment.objects.bulk_update(batch, ["submitted_at", "commenter_key"])


def cover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX comment_hub_submitted_idx")
        schema_editor.execute(
            "CREATE INDEX comment_hub_submitted_idx ON moderation_comment (hub_id, submitted_at) "
            f"INCLUDE ({', '.join(COVERED)})"
        )


def uncover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX comment_hub_submitted_idx")
        schema_editor.execute("CREATE INDEX comment_hub_submitted_idx ON moderation_comment (hub_id, submitted_at)")


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0003_response_times'),
        ('django_comments_xtd', '0008_auto_20200920_2037'),
        ('moderation', '0005_response_times'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='commenter_key',
            field=models.BigIntegerField(editable=False, null=True, verbose_name='commenter key'),
        ),
        migrations.AddField(
            model_name='comment',
            name='submitted_at',
            field=models.DateTimeField(editable=False, null=True, verbose_name='submitted at'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['hub', 'submitted_at'], name='comment_hub_submitted_idx'),
        ),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
        migrations.RunPython(cover, uncover),
    ]

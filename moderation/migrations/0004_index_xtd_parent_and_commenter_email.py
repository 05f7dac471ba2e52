"""Indexes on two columns of the comment tables that django-comments(-xtd) own, which their
models leave unindexed and which Townsquare reads by:

- ``parent_id``: xtd looks up a comment's replies on every save (to hide or show them with it);
  with a million comments that was a 60 ms scan, twice per comment posted;
- ``user_email``: the moderation queue shows each commenter's history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_triage_hub_and_subtree"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS townsquare_xtd_parent_idx ON django_comments_xtd_xtdcomment (parent_id)",
            "DROP INDEX IF EXISTS townsquare_xtd_parent_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS townsquare_commenter_email_idx ON django_comments (user_email)",
            "DROP INDEX IF EXISTS townsquare_commenter_email_idx",
        ),
    ]

"""One name per idea: a visitor's *report* (not flag) and a comment's *assignee* (as feedback items say).

Renames only: every report, count and assignment is kept. The reason code of comments hidden
after reports, stored in ``Comment.reasons``, becomes ``reports`` too.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_reason_code(apps, schema_editor, old, new):
    Comment = apps.get_model("moderation", "Comment")
    # Only comments hidden after reports carry the code; they are few, and all in the report queue.
    for comment in Comment.objects.filter(report_count__gt=0).only("pk", "reasons").iterator():
        reasons = [{**reason, "code": new} if reason.get("code") == old else reason for reason in comment.reasons]
        if reasons != comment.reasons:
            Comment.objects.filter(pk=comment.pk).update(reasons=reasons)


def forwards(apps, schema_editor):
    rename_reason_code(apps, schema_editor, "flags", "reports")


def backwards(apps, schema_editor):
    rename_reason_code(apps, schema_editor, "reports", "flags")


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0007_commenter_history_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Flag", "Report"),
        migrations.RemoveConstraint(model_name="report", name="one_flag_per_visitor"),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(fields=("comment", "visitor"), name="one_report_per_visitor"),
        ),
        migrations.AlterField(
            model_name="report",
            name="comment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="visitor_reports", to="moderation.comment"
            ),
        ),
        migrations.RemoveIndex(model_name="comment", name="comment_flagged_idx"),
        migrations.RenameField(model_name="comment", old_name="flag_count", new_name="report_count"),
        migrations.AlterField(
            model_name="comment",
            name="report_count",
            field=models.PositiveIntegerField(default=0, verbose_name="reports"),
        ),
        # The index names the column: built again under the new names.
        migrations.AddIndex(
            model_name="comment", index=models.Index(fields=["state", "report_count"], name="comment_reported_idx")
        ),
        migrations.RenameField(model_name="comment", old_name="assigned_to", new_name="assignee"),
        migrations.RenameField(model_name="moderationsettings", old_name="flags_to_hide", new_name="reports_to_hide"),
        migrations.RunPython(forwards, backwards),
    ]

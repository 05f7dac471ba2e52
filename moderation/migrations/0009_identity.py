from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("moderation", "0008_vocabulary_reports_and_assignee")]

    operations = []

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("moderation", "0008_vocabulary_reports_and_assignee")]

    operations = [
        migrations.CreateModel(
            name="MailOptOut",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email_key", models.CharField(max_length=64, unique=True, verbose_name="e-mail key")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
            ],
            options={"verbose_name": "e-mail opt-out"},
        ),
    ]

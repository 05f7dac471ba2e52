# A feedback item's ``response_by`` (who wrote the public response) read too much like a
# comment's ``respond_by`` (a deadline). Renamed, data kept.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("listening", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="feedbackitem", old_name="response_by", new_name="public_response_by"),
        migrations.AlterField(
            model_name="feedbackitem",
            name="public_response_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="public response by",
            ),
        ),
    ]

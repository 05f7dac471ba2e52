"""Topic names in every language (``communities.topics.Topic``).

Every existing tag gets its name in the site's default language, ready to translate; hub editors
and owners of existing teams may write topic names, as ``communities.teams`` lets new ones.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ROLE_PERMISSIONS = {
    "editors_group_id": ("add_topic", "change_topic"),
    "owners_group_id": ("add_topic", "change_topic", "delete_topic"),
}


def name_existing_topics(apps, schema_editor):
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore", "Locale")
    Tag = apps.get_model("taggit", "Tag")
    Topic = apps.get_model("communities", "Topic")
    locale = Locale.objects.filter(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)).first()
    if locale is None:
        return
    Topic.objects.bulk_create(
        [
            Topic(tag_id=pk, name=name[:100], locale=locale, translation_key=uuid.uuid4())
            for pk, name in Tag.objects.values_list("pk", "name")
        ],
        batch_size=500,
    )


def _teams_and_permissions(apps):
    """The editors' and owners' groups of every hub, and Topic's permissions by codename (made here
    when missing: Django makes a new model's permissions only once every migration ran)."""
    CommunityHubPage = apps.get_model("communities", "CommunityHubPage")
    teams = list(CommunityHubPage.objects.values(*ROLE_PERMISSIONS))
    if not teams:
        return [], {}
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label="communities", model="topic")
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {codename.split('_')[0]} topic"}
        )[0]
        for codename in ("add_topic", "change_topic", "delete_topic")
    }
    return teams, permissions


def grant(apps, schema_editor):
    teams, permissions = _teams_and_permissions(apps)
    for team in teams:
        for field, codenames in ROLE_PERMISSIONS.items():
            if team[field] is not None:
                for codename in codenames:
                    permissions[codename].group_set.add(team[field])


def revoke(apps, schema_editor):
    teams, permissions = _teams_and_permissions(apps)
    for team in teams:
        for field, codenames in ROLE_PERMISSIONS.items():
            if team[field] is not None:
                for codename in codenames:
                    permissions[codename].group_set.remove(team[field])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("communities", "0006_product_terms_help"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="Topic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                (
                    "name",
                    models.CharField(
                        help_text="The topic's name in this language.", max_length=100, verbose_name="name"
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        help_text="The tag stories and hubs carry. Its web address stays the same in every language.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="localized_names",
                        to="taggit.tag",
                        verbose_name="tag",
                    ),
                ),
            ],
            options={
                "verbose_name": "topic",
                "verbose_name_plural": "topics",
                "ordering": ["name"],
                "abstract": False,
                "constraints": [models.UniqueConstraint(fields=("tag", "locale"), name="unique_topic_per_locale")],
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.RunPython(name_existing_topics, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]

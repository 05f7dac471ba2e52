"""Hub editors and owners may translate their hub's pages: existing teams get wagtail-localize's
submit_translation permission, as ``communities.teams`` gives it to new ones."""

from django.db import migrations


def _translate_and_teams(apps):
    """wagtail-localize's permission (None before it exists) and the hubs' editors and owners groups."""
    Permission = apps.get_model("auth", "Permission")
    CommunityHubPage = apps.get_model("communities", "CommunityHubPage")
    translate = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    groups = CommunityHubPage.objects.values_list("editors_group_id", "owners_group_id")
    return translate, [group_id for pair in groups for group_id in pair if group_id is not None]


def grant(apps, schema_editor):
    translate, group_ids = _translate_and_teams(apps)
    if translate is not None:
        translate.group_set.add(*group_ids)


def revoke(apps, schema_editor):
    translate, group_ids = _translate_and_teams(apps)
    if translate is not None:
        translate.group_set.remove(*group_ids)


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0004_hub_working_hours"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

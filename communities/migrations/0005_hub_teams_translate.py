"""Hub editors and owners may translate their hub's pages: existing teams get wagtail-localize's
submit_translation permission, as ``communities.teams`` gives it to new ones."""

from django.db import migrations


def grant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    CommunityHubPage = apps.get_model("communities", "CommunityHubPage")
    translate = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    if translate is None:
        return
    for editors_id, owners_id in CommunityHubPage.objects.values_list("editors_group_id", "owners_group_id"):
        for group_id in (editors_id, owners_id):
            if group_id is not None:
                translate.group_set.add(group_id)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    CommunityHubPage = apps.get_model("communities", "CommunityHubPage")
    translate = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    if translate is None:
        return
    for editors_id, owners_id in CommunityHubPage.objects.values_list("editors_group_id", "owners_group_id"):
        translate.group_set.remove(*[group_id for group_id in (editors_id, owners_id) if group_id is not None])


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0004_hub_working_hours"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

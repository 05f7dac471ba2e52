"""A hub's team follows the hub: made when the hub is created, renamed with it, removed with it;
a new topic (tag) gets its name in the default language, ready to translate.

Connected in ``CommunitiesConfig.ready`` to Django's ``post_save`` and
``post_delete`` of ``CommunityHubPage``, not to Wagtail's ``after_create_page``
hook: that hook only runs in the admin's "add page" view, while hubs are also
created in code (the demo loader, test factories, ``add_child``), translated by
wagtail-localize and copied by the admin's copy view, all of which save the page
without passing through that view. ``post_save`` with ``created`` is the one
moment every path shares. Saving an existing hub (a new revision, a publication)
creates nothing.
"""

from communities import teams, topics


def provision_hub_team(sender, instance, created, raw=False, **kwargs):
    """Give a new hub its team; rename the team when the hub's original is renamed.

    Pages loaded from a fixture (``raw``) bring their groups with them."""
    if raw:
        return
    if created:
        teams.ensure_hub_team(instance)
    elif (
        instance.loaded_title is not None
        and instance.loaded_title != instance.title
        # The team is shared by every translation of a hub and named after the original: a
        # translated title must not rename it.
        and not instance.is_translation_copy
    ):
        teams.rename_hub_team(instance, instance.loaded_title)
    instance.loaded_title = instance.title


def remove_hub_team(sender, instance, **kwargs):
    teams.remove_hub_team(instance)


def name_new_topic(sender, instance, created, raw=False, **kwargs):
    """A new tag gets its topic name in the default language (``communities.topics``)."""
    if created and not raw:
        topics.ensure_default_topic(instance)

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    label = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from communities import signals
        from communities.models import CommunityHubPage

        post_save.connect(signals.provision_hub_team, sender=CommunityHubPage, dispatch_uid="provision_hub_team")
        post_delete.connect(signals.remove_hub_team, sender=CommunityHubPage, dispatch_uid="remove_hub_team")
        post_save.connect(signals.name_new_topic, sender="taggit.Tag", dispatch_uid="name_new_topic")

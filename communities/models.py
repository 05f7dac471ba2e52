"""Community hubs: the index that lists them and the hub pages themselves."""

from django.contrib.auth.models import Group
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Page, Workflow

from communities import teams


class HubIndexPage(Page):
    """The home page of a site (or of a section): lists the community hubs below it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page", "communities.HubIndexPage"]
    subpage_types = ["communities.CommunityHubPage"]

    class Meta:
        verbose_name = _("hub index page")
        verbose_name_plural = _("hub index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hubs"] = CommunityHubPage.objects.child_of(self).live().public().order_by("title")
        return context


class CommunityHubPage(Page):
    """A community gathered around one topic that customers care about."""

    topic_statement = models.CharField(
        _("what this community is about"),
        max_length=255,
        help_text=_("One sentence about the topic, e.g. 'Working well from anywhere'."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    # The hub's team, made by communities.teams when the hub is created.
    editors_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    moderators_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    owners_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    review_workflow = models.ForeignKey(
        Workflow, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = [*Page.content_panels, FieldPanel("topic_statement"), FieldPanel("intro")]

    parent_page_types = ["communities.HubIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("community hub")
        verbose_name_plural = _("community hubs")

    @property
    def has_complete_team(self):
        return all(
            getattr(self, f"{field}_id")
            for field in ("editors_group", "moderators_group", "owners_group", "collection", "review_workflow")
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_title = self.title if self.pk else None

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if self._saved_title is not None and self._saved_title != self.title:
            teams.rename_hub_team(self, self._saved_title)
        # Page.save() also runs for every revision: only build the team when it is missing.
        if self._saved_title is None or not self.has_complete_team:
            teams.ensure_hub_team(self)
        self._saved_title = self.title
        return result


@receiver(post_delete, sender=CommunityHubPage)
def remove_deleted_hub_team(sender, instance, **kwargs):
    teams.remove_hub_team(instance)

"""Admin screens of the communities app: the topics snippet, where topic names are translated."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from communities.topics import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 215  # beside Authors
    add_to_admin_menu = True
    list_display = ["name", "tag"]
    search_fields = ["name", "tag__name"]

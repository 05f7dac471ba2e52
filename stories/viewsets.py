"""Admin screens of the stories app: the author profiles snippet."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet

from stories.models import Author


class AuthorFilterSet(WagtailFilterSet):
    class Meta:
        model = Author
        fields = ["team", "region"]


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "role", "team", "region"]
    search_fields = ["name", "role", "team"]
    filterset_class = AuthorFilterSet

"""The Fediverse screens in the admin menu: hubs made followable, their followers, blocked servers
(with a CSV import) and the delivery log. Wagtail's model views and permissions (Settings →
Groups); the views are in ``federation.admin_views``."""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from federation import admin_views
from federation.forms import BlockedDomainForm, HubActorForm
from federation.models import BlockedDomain, Delivery, Follower, HubActor


class FederationModelViewSet(ModelViewSet):
    """A model's screens, with only the URLs in ``views`` and the permissions in ``permissions``
    (what a group can be given in Settings → Groups)."""

    copy_view_enabled = False
    add_to_reference_index = False
    views = ("index", "index_results")
    permissions = ("add", "change", "delete")

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        # No link to a screen the model does not have.
        for name in ("add", "edit", "delete", "history", "usage"):
            if name not in self.views:
                view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_permissions_to_register(self):
        codenames = [get_permission_codename(action, self.model_opts) for action in self.permissions]
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), codename__in=codenames
        )

    def get_urlpatterns(self):
        # Wagtail's routes of the views the model has; the others are never built.
        routes = {
            "index": ("", "index_view"),
            "index_results": ("results/", "index_results_view"),
            "add": ("new/", "add_view"),
            "edit": ("edit/<int:pk>/", "edit_view"),
            "delete": ("delete/<int:pk>/", "delete_view"),
            "history": ("history/<int:pk>/", "history_view"),
            "history_results": ("history-results/<int:pk>/", "history_results_view"),
            "inspect": ("inspect/<int:pk>/", "inspect_view"),
        }
        return [path(routes[name][0], getattr(self, routes[name][1]), name=name) for name in self.views]


class HubActorViewSet(FederationModelViewSet):
    model = HubActor
    name = "fediverse-hubs"
    url_prefix = "fediverse/hubs"
    icon = "globe"
    menu_label = _("Fediverse hubs")
    views = ("index", "index_results", "add", "edit", "delete", "history", "history_results")
    index_view_class = admin_views.HubActorIndexView
    add_view_class = admin_views.HubActorCreateView
    edit_view_class = admin_views.HubActorEditView
    delete_view_class = admin_views.HubActorDeleteView
    history_view_class = admin_views.FederationHistoryView

    def get_form_class(self, for_update=False):
        return HubActorForm


class FollowerViewSet(FederationModelViewSet):
    model = Follower
    name = "fediverse-followers"
    url_prefix = "fediverse/followers"
    icon = "group"
    menu_label = _("Followers")
    permissions = ("change",)
    index_view_class = admin_views.FollowerIndexView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            decision_url_names={"accept": self.get_url_name("accept"), "refuse": self.get_url_name("refuse")},
            **kwargs,
        )

    def decision_view(self, decision):
        return admin_views.FollowerDecisionView.as_view(decision=decision, index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("accept/<int:pk>/", self.decision_view("accept"), name="accept"),
            path("refuse/<int:pk>/", self.decision_view("refuse"), name="refuse"),
        ]


class BlockedDomainViewSet(FederationModelViewSet):
    model = BlockedDomain
    name = "fediverse-blocks"
    url_prefix = "fediverse/blocks"
    icon = "cross"
    menu_label = _("Blocked servers")
    permissions = ("add", "delete")
    views = ("index", "index_results", "add", "delete", "history", "history_results")
    index_view_class = admin_views.BlockedDomainIndexView
    add_view_class = admin_views.BlockedDomainCreateView
    delete_view_class = admin_views.BlockedDomainDeleteView
    history_view_class = admin_views.FederationHistoryView
    list_display = ["domain", "reason", "created_at"]
    search_fields = ["domain", "reason"]

    def get_form_class(self, for_update=False):
        return BlockedDomainForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import"), **kwargs)

    @property
    def import_view(self):
        return admin_views.BlockListImportView.as_view(
            index_url_name=self.get_url_name("index"), import_url_name=self.get_url_name("import")
        )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("import/", self.import_view, name="import")]


class DeliveryViewSet(FederationModelViewSet):
    model = Delivery
    name = "fediverse-deliveries"
    url_prefix = "fediverse/deliveries"
    icon = "list-ul"
    menu_label = _("Delivery log")
    permissions = ("view",)
    views = ("index", "index_results", "inspect")
    inspect_view_enabled = True
    inspect_view_fields = [
        "hub_actor",
        "activity_type",
        "object_id",
        "inbox",
        "domain",
        "status",
        "attempts",
        "response_status",
        "error",
        "created_at",
        "next_attempt_at",
        "finished_at",
        "body",
    ]
    index_view_class = admin_views.DeliveryIndexView
    inspect_view_class = admin_views.DeliveryInspectView
    search_fields = ["inbox", "object_id", "error"]


class FederationViewSetGroup(ViewSetGroup):
    menu_label = _("Fediverse")
    menu_icon = "globe"
    menu_order = 9000  # just before Settings
    items = (HubActorViewSet, FollowerViewSet, BlockedDomainViewSet, DeliveryViewSet)

"""The Webhooks screen in Settings: Wagtail's model views, the secret's rotation and the delivery log."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from townsquare.api.webhooks import views
from townsquare.api.webhooks.forms import WebhookForm
from townsquare.api.webhooks.models import Webhook


class WebhookViewSet(ModelViewSet):
    model = Webhook
    name = "webhooks"
    icon = "link"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    # A copy would share the original's secret; a webhook's hub is no "usage" of it.
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = views.WebhookIndexView
    add_view_class = views.WebhookCreateView
    edit_view_class = views.WebhookEditView
    delete_view_class = views.WebhookDeleteView
    history_view_class = views.WebhookHistoryView
    usage_view_class = views.WebhookUsageView

    def get_form_class(self, for_update=False):
        return WebhookForm

    @property
    def rotate_secret_view(self):
        return views.RotateSecretView.as_view(model=self.model)

    def delivery_log_view(self, results_only=False):
        return views.DeliveryIndexView.as_view(
            index_url_name=self.get_url_name("deliveries"),
            index_results_url_name=self.get_url_name("deliveries_results"),
            results_only=results_only,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("rotate-secret/<int:pk>/", self.rotate_secret_view, name="rotate_secret"),
            path("deliveries/<int:pk>/", self.delivery_log_view(), name="deliveries"),
            path("deliveries/<int:pk>/results/", self.delivery_log_view(results_only=True), name="deliveries_results"),
        ]

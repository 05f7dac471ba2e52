"""Filters of the webhook listing and of a webhook's delivery log (Wagtail filter sets)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet

from communities.models import CommunityHubPage
from townsquare.api.webhooks.models import Delivery, Event, Webhook
from townsquare.api.webhooks.permissions import ACTIONS, webhook_permission_policy


class WebhookFilterSet(WagtailFilterSet):
    hub = django_filters.ModelChoiceFilter(
        label=_("Hub"), queryset=CommunityHubPage.objects.none(), empty_label=_("All my hubs")
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Webhook
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["hub"].queryset = webhook_permission_policy.manageable_hubs(user, ACTIONS)


class DeliveryFilterSet(WagtailFilterSet):
    event = django_filters.ChoiceFilter(label=pgettext_lazy("webhook", "Event"), choices=Event.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Delivery.Status.choices)

    class Meta:
        model = Delivery
        fields = []

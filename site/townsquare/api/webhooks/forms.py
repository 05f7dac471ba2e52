"""The form a hub owner registers a webhook with: its hub (one they manage), URL and events."""

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from communities.choosers import HubChoiceField, hub_choices
from townsquare.api.webhooks import addresses
from townsquare.api.webhooks.models import Event, Webhook
from townsquare.api.webhooks.permissions import webhook_permission_policy


class WebhookForm(WagtailAdminModelForm):
    hub = HubChoiceField(
        label=gettext_lazy("Hub"),
        queryset=Webhook.hub.field.related_model.objects.none(),
        help_text=gettext_lazy("Events of this hub, in every language, are sent."),
    )
    events = forms.MultipleChoiceField(
        label=pgettext_lazy("webhook", "Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        required=True,
    )

    class Meta:
        model = Webhook
        fields = ["name", "hub", "url", "events", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        hubs = webhook_permission_policy.manageable_hubs(self.for_user, [action])
        labels = hub_choices(hubs, current=self.instance.hub_id)
        self.fields["hub"].queryset = hubs.filter(pk__in=labels)
        self.fields["hub"].labels = labels

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            addresses.check_url(url)
        except addresses.AddressRefused as refusal:
            raise forms.ValidationError(str(refusal), code="address_refused") from None
        return url

    def clean_events(self):
        # Stored in the order of the choices, whatever the order of the request.
        chosen = set(self.cleaned_data["events"])
        return [event for event in Event.values if event in chosen]

    def save(self, commit=True):
        webhook = super().save(commit=False)
        if webhook.is_active and "is_active" in self.changed_data:
            # Switched on again by hand: the failures that switched it off are forgotten.
            webhook.failures, webhook.deactivated_reason = 0, ""
        if commit:
            webhook.save()
        return webhook
